"""Put items in order (events in time): partial credit for each pair of items in the right order.
A choice's `position` is its correct place."""

from itertools import combinations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..tokens import choice_token
from .base import Grade, Key, QuestionKind
from .single import INVALID_CHOICE


class Order(QuestionKind):
    name = "order"
    label = _("Put in order")
    description = _("The student gives each item its place; each pair of items in the right order earns a share.")
    hint = _("Give each item its place: 1 for the first.")

    def key(self, question, choices) -> Key:
        return Key(kind=self.name, positions={c.pk: c.position for c in choices})

    def grade(self, key: Key, answer: dict) -> Grade:
        positions, order = key.positions or {}, answer.get("order", [])
        if sorted(order) != sorted(positions):
            return Grade(0.0, False)
        pairs = list(combinations(order, 2))
        if not pairs:
            return Grade(1.0, True)
        right = sum(1 for first, second in pairs if positions[first] < positions[second])
        return Grade(round(right / len(pairs), 4), right == len(pairs))

    def correct_answer(self, key: Key) -> dict:
        return {"order": sorted(key.positions or {}, key=lambda pk: key.positions[pk])}

    def random_answer(self, key: Key, choice_ids: list[int], rng) -> dict:
        order = list(choice_ids)
        rng.shuffle(order)
        return {"order": order}

    def shown_order(self, ids: list[int], shuffle: bool, rng) -> list[int]:
        # Shown in the correct order the question would answer itself: a random order that is never
        # the correct one (a rotation of the correct order, where the shuffle drew it). Always shuffled.
        correct = list(ids)
        rng.shuffle(ids)
        return ids[1:] + ids[:1] if ids == correct else ids

    def add_fields(self, form) -> None:
        # The selects start empty: an order left untouched is no answer, and earns nothing.
        places = [("", "—")] + [(n, n) for n in range(1, len(form.by_token) + 1)]
        for token, choice in form.by_token.items():
            form.fields[f"place_{token}"] = forms.TypedChoiceField(
                label=choice.text,
                choices=places,
                coerce=int,
                empty_value=None,
                error_messages={"required": _("Give every item a place."), "invalid_choice": INVALID_CHOICE},
            )

    def clean(self, form, cleaned: dict) -> None:
        places = [cleaned[f"place_{token}"] for token in form.by_token]
        if len(set(places)) != len(places):
            raise forms.ValidationError(_("Give each item a different place: 1 for the earliest, and so on."))

    def answer(self, form) -> dict:
        data = form.cleaned_data
        by_place = sorted(form.by_token, key=lambda token: data[f"place_{token}"])
        return {"order": [form.by_token[token].pk for token in by_place]}

    def form_data(self, answer: dict, scope: str) -> dict:
        return {f"place_{choice_token(scope, pk)}": place for place, pk in enumerate(answer["order"], start=1)}

    def review(self, question, choices, answer: dict) -> dict:
        given = {pk: place for place, pk in enumerate(answer.get("order", []), start=1)}
        return {
            "rows": [
                {
                    "choice": c,
                    "correct_place": c.position,
                    "given_place": given.get(c.pk),
                    "right": given.get(c.pk) == c.position,
                }
                for c in sorted(choices, key=lambda c: c.position)
            ]
        }

    def check(self, question, choices) -> list[str]:
        if len(choices) < 2:
            return [gettext("Add at least two choices.")]
        if sorted(c.position for c in choices) != list(range(1, len(choices) + 1)):
            return [gettext("Give the choices the positions 1, 2, 3… of the correct order, each once.")]
        return []

    def describe(self, question, choices, answer: dict | None) -> tuple[str, str]:
        by_id = {c.pk: c.text for c in choices}
        given = " → ".join(by_id.get(pk, "?") for pk in (answer or {}).get("order", []))
        return given, " → ".join(c.text for c in sorted(choices, key=lambda c: c.position))

    def export_correct(self, question, choices) -> str:
        return ""  # the choices are listed in their correct order

    def import_correct(self, question, choices, values: dict) -> list[str]:
        for place, choice in enumerate(choices, start=1):
            choice.position, choice.is_correct = place, False
        return []

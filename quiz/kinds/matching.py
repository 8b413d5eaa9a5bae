"""Match items from two lists (crew member ↔ role, date ↔ event, English term ↔ Russian term). Each
choice is a pair: its text on the left, its `match` on the right. Partial credit per right pair.

The right-hand items get tokens of their own (scope + ":match"): were they named by the left
item's token, a select's right option would carry the select's own name."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..tokens import choice_token, tokens_for
from .base import Grade, Key, QuestionKind
from .single import INVALID_CHOICE


def match_scope(scope: str) -> str:
    return f"{scope}:match"


class Matching(QuestionKind):
    name = "matching"
    label = _("Match the pairs")
    description = _("The student pairs each item on the left with one on the right; each right pair earns a share.")
    hint = _("Match each item with one from the list.")

    def key(self, question, choices) -> Key:
        return Key(kind=self.name, correct_ids=frozenset(c.pk for c in choices))

    def grade(self, key: Key, answer: dict) -> Grade:
        pairs = {int(left): right for left, right in (answer.get("pairs") or {}).items()}
        if not key.correct_ids or set(pairs) != set(key.correct_ids):
            return Grade(0.0, False)
        right = sum(1 for left, chosen in pairs.items() if chosen == left)
        return Grade(round(right / len(key.correct_ids), 4), right == len(key.correct_ids))

    def correct_answer(self, key: Key) -> dict:
        return {"pairs": {str(pk): pk for pk in sorted(key.correct_ids)}}

    def random_answer(self, key: Key, choice_ids: list[int], rng) -> dict:
        rights = list(choice_ids)
        rng.shuffle(rights)
        return {"pairs": {str(left): right for left, right in zip(choice_ids, rights, strict=True)}}

    def add_fields(self, form) -> None:
        form.by_match_token = tokens_for(match_scope(form.scope), form.choices)
        # Listed by token: an order that says nothing about which left item each belongs to.
        options = [("", "—")] + sorted((token, c.match) for token, c in form.by_match_token.items())
        for token, choice in form.by_token.items():
            form.fields[f"pair_{token}"] = forms.ChoiceField(
                label=choice.text,
                choices=options,
                error_messages={"required": _("Match every item."), "invalid_choice": INVALID_CHOICE},
            )

    def clean(self, form, cleaned: dict) -> None:
        picked = [cleaned[f"pair_{token}"] for token in form.by_token]
        if len(set(picked)) != len(picked):
            raise forms.ValidationError(_("Use each item on the right once."))

    def answer(self, form) -> dict:
        data = form.cleaned_data
        return {
            "pairs": {str(c.pk): form.by_match_token[data[f"pair_{token}"]].pk for token, c in form.by_token.items()}
        }

    def form_data(self, answer: dict, scope: str) -> dict:
        return {
            f"pair_{choice_token(scope, int(left))}": choice_token(match_scope(scope), right)
            for left, right in answer["pairs"].items()
        }

    def review(self, question, choices, answer: dict) -> dict:
        pairs = {int(left): right for left, right in (answer.get("pairs") or {}).items()}
        match_of = {c.pk: c.match for c in choices}
        return {
            "rows": [
                {"choice": c, "given": match_of.get(pairs.get(c.pk), ""), "right": pairs.get(c.pk) == c.pk}
                for c in sorted(choices, key=lambda c: (c.position, c.pk))
            ]
        }

    def check(self, question, choices) -> list[str]:
        if len(choices) < 2:
            return [gettext("Add at least two pairs.")]
        languages = [code for code, _name in settings.LANGUAGES]
        if not all((getattr(c, f"match_{code}", "") or "").strip() for c in choices for code in languages):
            return [gettext("Give every item its match, in every language.")]
        matches = [(c.match_en or "").strip() for c in choices]
        if len(set(matches)) != len(matches):
            return [gettext("Give every item a different match.")]
        return []

    def wrong_picks(self, answer: dict, correct_ids, is_correct: bool) -> tuple:
        """The left items matched wrongly: statistics name the item most often mismatched."""
        pairs = {int(left): right for left, right in (answer.get("pairs") or {}).items()}
        return tuple(left for left, right in pairs.items() if left != right)

    def describe(self, question, choices, answer: dict | None) -> tuple[str, str]:
        pairs = {int(left): right for left, right in ((answer or {}).get("pairs") or {}).items()}
        match_of = {c.pk: c.match for c in choices}
        ordered = sorted(choices, key=lambda c: (c.position, c.pk))
        given = "; ".join(f"{c.text} → {match_of.get(pairs[c.pk], '?')}" for c in ordered if c.pk in pairs)
        return given, "; ".join(f"{c.text} → {c.match}" for c in ordered)

    def export_cell(self, choice, language: str) -> str:
        return f"{getattr(choice, f'text_{language}') or ''} | {getattr(choice, f'match_{language}') or ''}"

    def import_cell(self, choice, language: str, value: str) -> list[str]:
        left, bar, right = value.partition("|")
        if value and not bar:
            return [gettext("a matching pair is written “item | its match”.")]
        setattr(choice, f"text_{language}", left.strip())
        setattr(choice, f"match_{language}", right.strip())
        return []

    def export_correct(self, question, choices) -> str:
        return ""  # every choice is a right pair

    def import_correct(self, question, choices, values: dict) -> list[str]:
        for choice in choices:
            choice.is_correct = True
        return []

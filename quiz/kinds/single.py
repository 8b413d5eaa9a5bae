"""One correct choice among several, as radio buttons."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..tokens import choice_token
from .base import Grade, Key, QuestionKind

INVALID_CHOICE = _("That answer is not one of this question's choices. Choose one of those shown.")


class Single(QuestionKind):
    name = "single"
    label = _("One correct choice")
    description = _("The student picks one of the choices; one is right.")
    hint = _("Choose one answer.")

    def grade(self, key: Key, answer: dict) -> Grade:
        chosen = answer.get("choices", [])
        right = len(chosen) == 1 and chosen[0] in key.correct_ids
        return Grade(1.0 if right else 0.0, right)

    def correct_answer(self, key: Key) -> dict:
        return {"choices": sorted(key.correct_ids)[:1]}

    def random_answer(self, key: Key, choice_ids: list[int], rng) -> dict:
        return {"choices": [rng.choice(choice_ids)]}

    # The answer's field: one choice by radio buttons here; Multiple changes only these.
    field_name, field_class, widget = "choice", forms.ChoiceField, forms.RadioSelect
    required_message = _("Choose an answer.")

    def add_fields(self, form) -> None:
        form.fields[self.field_name] = self.field_class(
            label=_("Your answer"),
            choices=[(token, c.text) for token, c in form.by_token.items()],
            widget=self.widget,
            error_messages={"required": self.required_message, "invalid_choice": INVALID_CHOICE},
        )
        form.options = self.options(form)

    def options(self, form) -> list[dict]:
        """Each choice as its input shows it: token, text, the input's id, and whether it was sent (a
        refused answer shows its ticks again). The template writes the inputs out from these; building
        Django's per-option widgets was a tenth of the question page's CPU."""
        sent = form[self.field_name].value() if form.is_bound else None
        sent = set(sent) if isinstance(sent, list | tuple) else {sent}
        return [
            {
                "token": token,
                "choice": choice,
                "text": choice.text,
                "id": f"id_{self.field_name}_{index}",
                "checked": token in sent,
            }
            for index, (token, choice) in enumerate(form.by_token.items())
        ]

    def answer(self, form) -> dict:
        return {"choices": [form.by_token[form.cleaned_data["choice"]].pk]}

    def form_data(self, answer: dict, scope: str) -> dict:
        return {"choice": choice_token(scope, answer["choices"][0])}

    def check(self, question, choices) -> list[str]:
        if len(choices) < 2:
            return [gettext("Add at least two choices.")]
        if sum(1 for c in choices if c.is_correct) != 1:
            return [gettext("Mark exactly one choice as correct.")]
        return []

    def wrong_picks(self, answer: dict, correct_ids, is_correct: bool) -> tuple:
        correct = set(correct_ids)
        return tuple(pk for pk in answer.get("choices", []) if pk not in correct)

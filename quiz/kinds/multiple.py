"""Several correct choices, as check boxes; partial credit."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..tokens import choice_token
from .base import Grade, Key
from .single import Single


class Multiple(Single):
    name = "multiple"
    label = _("Several correct choices")
    description = _(
        "The student ticks every right choice; each right tick earns a share, each wrong one takes one back."
    )
    hint = _("Select all that apply.")

    def grade(self, key: Key, answer: dict) -> Grade:
        picked = set(answer.get("choices", []))
        hits = len(picked & key.correct_ids)
        misses = len(picked - key.correct_ids)
        points = max(0.0, (hits - misses) / len(key.correct_ids)) if key.correct_ids else 0.0
        return Grade(round(points, 4), picked == key.correct_ids)

    def correct_answer(self, key: Key) -> dict:
        return {"choices": sorted(key.correct_ids)}

    def random_answer(self, key: Key, choice_ids: list[int], rng) -> dict:
        return {"choices": sorted(rng.sample(choice_ids, rng.randint(1, len(choice_ids))))}

    field_name, field_class, widget = "choices", forms.MultipleChoiceField, forms.CheckboxSelectMultiple
    required_message = _("Choose at least one answer.")

    def answer(self, form) -> dict:
        return {"choices": sorted({form.by_token[token].pk for token in form.cleaned_data["choices"]})}

    def form_data(self, answer: dict, scope: str) -> dict:
        return {"choices": [choice_token(scope, pk) for pk in answer["choices"]]}

    def check(self, question, choices) -> list[str]:
        if len(choices) < 2:
            return [gettext("Add at least two choices.")]
        if not any(c.is_correct for c in choices):
            return [gettext("Mark at least one choice as correct.")]
        return []

"""Every input goes through a form: answers here; accounts and study forms beside them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Question

INVALID_CHOICE = _("That answer is not one of this question's choices. Choose one of those shown.")


class AnswerForm(forms.Form):
    """One question's answer. Built per request, with the question's choices in the order shown."""

    def __init__(self, *args, question: Question, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.choices = list(choices)
        options = [(c.pk, c.text) for c in self.choices]
        kind = question.kind
        if kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE):
            self.fields["choice"] = forms.TypedChoiceField(
                label=_("Your answer"), choices=options, coerce=int, widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer."), "invalid_choice": INVALID_CHOICE},
            )
        elif kind == Question.Kind.MULTIPLE:
            self.fields["choices"] = forms.TypedMultipleChoiceField(
                label=_("Your answer"), choices=options, coerce=int, widget=forms.CheckboxSelectMultiple,
                error_messages={"required": _("Choose at least one answer."), "invalid_choice": INVALID_CHOICE},
            )
        elif kind == Question.Kind.NUMBER:
            self.fields["number"] = forms.DecimalField(
                label=_("Your answer"), max_digits=12, decimal_places=3, localize=True,
                error_messages={"required": _("Type a number."), "invalid": _("Type a number, for example 1975.")},
            )
        elif kind == Question.Kind.ORDER:
            places = [(n, n) for n in range(1, len(self.choices) + 1)]
            for index, choice in enumerate(self.choices, start=1):
                self.fields[f"place_{choice.pk}"] = forms.TypedChoiceField(
                    label=choice.text, choices=places, coerce=int, initial=index,
                    error_messages={"required": _("Give every item a place."), "invalid_choice": INVALID_CHOICE},
                )

    def clean(self):
        cleaned = super().clean()
        if self.question.kind == Question.Kind.ORDER and not self.errors:
            places = [cleaned[f"place_{c.pk}"] for c in self.choices]
            if len(set(places)) != len(places):
                raise forms.ValidationError(_("Give each item a different place: 1 for the earliest, and so on."))
        return cleaned

    def answer(self) -> dict:
        """The answer in the shape grading understands (see quiz.grading)."""
        data, kind = self.cleaned_data, self.question.kind
        if kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE):
            return {"choices": [data["choice"]]}
        if kind == Question.Kind.MULTIPLE:
            return {"choices": sorted(set(data["choices"]))}
        if kind == Question.Kind.NUMBER:
            return {"number": str(data["number"])}
        by_place = sorted(self.choices, key=lambda c: data[f"place_{c.pk}"])
        return {"order": [c.pk for c in by_place]}

    def place_fields(self):
        return [self[f"place_{c.pk}"] for c in self.choices] if self.question.kind == Question.Kind.ORDER else []

"""Every input goes through a form: answers here; accounts and study forms beside them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Question
from ..tokens import tokens_for

INVALID_CHOICE = _("That answer is not one of this question's choices. Choose one of those shown.")


class AnswerForm(forms.Form):
    """One question's answer. Built per request, with the question's choices in the order shown.

    The page names each choice by an opaque token of `scope` (quiz.tokens), never by its id; the
    answer the form returns speaks in choice ids again, as grading expects.
    """

    def __init__(self, *args, question: Question, choices, scope: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.choices = list(choices)
        self.by_token = tokens_for(scope, self.choices)
        options = [(token, choice.text) for token, choice in self.by_token.items()]
        kind = question.kind
        if kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE):
            self.fields["choice"] = forms.ChoiceField(
                label=_("Your answer"), choices=options, widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer."), "invalid_choice": INVALID_CHOICE},
            )
        elif kind == Question.Kind.MULTIPLE:
            self.fields["choices"] = forms.MultipleChoiceField(
                label=_("Your answer"), choices=options, widget=forms.CheckboxSelectMultiple,
                error_messages={"required": _("Choose at least one answer."), "invalid_choice": INVALID_CHOICE},
            )
        elif kind == Question.Kind.NUMBER:
            self.fields["number"] = forms.DecimalField(
                label=_("Your answer"), max_digits=12, decimal_places=3, localize=True,
                error_messages={"required": _("Type a number."), "invalid": _("Type a number, for example 1975.")},
            )
        elif kind == Question.Kind.ORDER:
            # The selects start empty: an order left untouched is no answer, and earns nothing.
            places = [("", "—")] + [(n, n) for n in range(1, len(self.choices) + 1)]
            for token, choice in self.by_token.items():
                self.fields[f"place_{token}"] = forms.TypedChoiceField(
                    label=choice.text, choices=places, coerce=int, empty_value=None,
                    error_messages={"required": _("Give every item a place."), "invalid_choice": INVALID_CHOICE},
                )

    def clean(self):
        cleaned = super().clean()
        if self.question.kind == Question.Kind.ORDER and not self.errors:
            places = [cleaned[f"place_{token}"] for token in self.by_token]
            if len(set(places)) != len(places):
                raise forms.ValidationError(_("Give each item a different place: 1 for the earliest, and so on."))
        return cleaned

    def answer(self) -> dict:
        """The answer in the shape grading understands (see quiz.grading): choice ids, not tokens."""
        data, kind = self.cleaned_data, self.question.kind
        if kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE):
            return {"choices": [self.by_token[data["choice"]].pk]}
        if kind == Question.Kind.MULTIPLE:
            return {"choices": sorted({self.by_token[token].pk for token in data["choices"]})}
        if kind == Question.Kind.NUMBER:
            return {"number": str(data["number"])}
        by_place = sorted(self.by_token, key=lambda token: data[f"place_{token}"])
        return {"order": [self.by_token[token].pk for token in by_place]}

    def place_fields(self):
        if self.question.kind != Question.Kind.ORDER:
            return []
        return [self[f"place_{token}"] for token in self.by_token]

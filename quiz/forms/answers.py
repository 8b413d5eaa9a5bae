"""Every input goes through a form: answers here; accounts and study forms beside them."""

from django import forms

from ..models import Question
from ..tokens import tokens_for


class AnswerForm(forms.Form):
    """One question's answer. Built per request, with the question's choices in the order shown;
    the question's kind adds its fields and reads them back (quiz.kinds).

    The page names each choice by an opaque token of `scope` (quiz.tokens), never by its id; the
    answer the form returns speaks in choice ids again, as grading expects.
    """

    def __init__(self, *args, question: Question, choices, scope: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.kind = question.kind_handler
        self.choices = list(choices)
        self.scope = scope
        self.by_token = tokens_for(scope, self.choices)
        self.kind.add_fields(self)

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            self.kind.clean(self, cleaned)
        return cleaned

    def answer(self) -> dict:
        """The answer in the shape grading understands (see quiz.grading): choice ids, not tokens."""
        return self.kind.answer(self)

    def place_fields(self):
        return [field for field in self if field.name.startswith("place_")]


class ResultFilterForm(forms.Form):
    """The result page's "show every answer" switch (?all=1), a link that works without JavaScript.
    Without it the page shows only the mistakes, when there are any."""

    all = forms.BooleanField(required=False)

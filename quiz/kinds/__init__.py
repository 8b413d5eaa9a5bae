"""The question kinds: one module and one template each (see base.py for what a kind provides).
Adding a kind is a module here, a line in KINDS and its template; tests/test_kinds.py proves that
every registered kind is complete."""

from django.db import models

from .base import Grade, Key, QuestionKind
from .diagram import DiagramKind
from .matching import Matching
from .multiple import Multiple
from .number import Number
from .order import Order
from .single import Single
from .true_false import TrueFalse
from .typed import Typed

KINDS: dict[str, QuestionKind] = {
    kind.name: kind
    for kind in (Single(), Multiple(), TrueFalse(), Number(), Order(), Typed(), Matching(), DiagramKind())
}

# Question.Kind, for the model field and code that names a kind (Question.Kind.SINGLE == "single").
Kind = models.TextChoices("Kind", [(name.upper(), (name, kind.label)) for name, kind in KINDS.items()])


def get(name: str) -> QuestionKind:
    """The kind called `name`; KeyError for a name no kind has."""
    return KINDS[name]


__all__ = ["KINDS", "Grade", "Key", "Kind", "QuestionKind", "get"]

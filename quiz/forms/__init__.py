"""Every input goes through a form; one module per feature (answers, study, accounts, classes)."""

from .answers import AnswerForm

__all__ = ["AnswerForm"]

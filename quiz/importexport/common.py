"""What both formats share: the models of the bank, the failure that saves nothing, and reading an
uploaded file."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from modeltranslation.translator import translator

from ..models import Choice, Fact, Question, Topic

BANK_MODELS = (Topic, Fact, Question, Choice)  # in the order they depend on each other
BANK_LABELS = {m._meta.label_lower: m for m in BANK_MODELS}
MAX_CHOICES = 9  # the fixtures' choice keys leave room for nine (docs/content.md)


class ImportFailed(Exception):
    """Nothing was saved; `errors` says what is wrong, row by row."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


def decode(data: bytes) -> str:
    """Text from an uploaded file: UTF-8, with or without the byte-order mark spreadsheets add."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed([_("The file is not UTF-8 text. Save it as “CSV UTF-8” (or JSON) and try again.")]) from None


def translated(model) -> tuple[str, ...]:
    return tuple(translator.get_options_for_model(model).fields)


def messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{name}: {message}" for name, messages in error.message_dict.items() for message in messages]
    return list(error.messages)


def nul_problem(column: str) -> str:
    # PostgreSQL cannot store the NUL character; no one types it, but a broken export can hold one.
    return _("%(column)s contains a NUL character (an invisible control character): remove it.") % {"column": column}

"""Translation care: when a teacher edits the text in one language after the other, the other
language is marked as possibly out of date until it is saved again (or a teacher confirms it).

Pure rules here; the admin (quiz.admin.care) feeds them the fields a form changed.
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import languages


def outdated_language_field() -> models.CharField:
    """The column each translated model carries: the language that may lag behind, or ""."""
    return models.CharField(
        _("possibly out of date"),
        max_length=2,
        blank=True,
        default="",
        editable=False,
        choices=list(settings.LANGUAGES),  # a new language brings a migration anyway: its columns
        help_text=_("Set when the text was edited in the other language only."),
    )


def changed_languages(changed_fields: Iterable[str], translated: Iterable[str]) -> set[str]:
    """The languages among `changed_fields` (form field names such as "text_ru") of the translated fields."""
    changed = set(changed_fields)
    return {lang for lang in languages.codes() if any(f"{field}_{lang}" in changed for field in translated)}


def next_outdated(current: str, changed: set[str], confirmed: bool = False) -> str:
    """The language possibly out of date after a save that changed the languages in `changed`.

    Edit English only → Russian may be out of date, and the reverse. Saving the lagging language
    again (or both, or ticking "both languages match") clears the mark; a save that changes neither
    language keeps it.
    """
    codes = languages.codes()
    if confirmed or changed == set(codes):
        return ""
    if len(changed) != 1:
        return current
    (edited,) = changed
    if edited == current:  # the lagging language has just been brought up to date
        return ""
    # With more than two languages the column holds one of the others, the first that lags.
    return next(lang for lang in codes if lang != edited)

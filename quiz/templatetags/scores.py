"""Scores and times as a learner reads them, plural forms and the language's numbers included
(quiz.review does the wording)."""

from django import template
from django.utils.translation import ngettext

from .. import review
from ..progress import format_duration

register = template.Library()


@register.simple_tag
def points_of(score, total) -> str:
    """{% points_of attempt.score attempt.max_score %} → "7 points out of 10", «7 баллов из 10»."""
    return review.points_phrase(score, total)


@register.filter
def duration(delta) -> str:
    """{{ attempt.duration|duration }} → "4:12", as My progress writes it."""
    return format_duration(delta)


@register.filter
def iso_duration(delta) -> str:
    return review.iso_duration(delta)


@register.filter
def short_number(value, places=3) -> str:
    """{{ review.given|short_number }} → "1961", «34,5»: never "1961.0" or "34,500"."""
    return review.short_number(value, int(places))


@register.filter
def minutes_phrase(delta) -> str:
    """{{ limit|minutes_phrase }} → "37 minutes 30 seconds", «37 минут 30 секунд»: a stretched time
    limit exactly as the server keeps it, with the language's plurals."""
    if not delta:
        return ""
    minutes, seconds = divmod(round(delta.total_seconds()), 60)
    text = ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}
    if seconds:
        text += " " + ngettext("%(count)s second", "%(count)s seconds", seconds) % {"count": seconds}
    return text

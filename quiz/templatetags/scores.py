"""Scores and times as a learner reads them, plural forms and the language's numbers included
(quiz.review does the wording)."""

from django import template

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

"""The question map of an open attempt (quiz.review.question_map)."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

_TILE = (
    '<li><a class="qtile qtile-{}" href="{}"{}><span class="qtile-number">{}</span>'
    '<span class="qtile-icon" aria-hidden="true">{}</span><span class="visually-hidden">{}</span></a></li>'
)
_CURRENT = mark_safe(' aria-current="step"')  # noqa: S308 — a constant


@register.simple_tag
def map_tiles(tiles) -> str:
    """{% map_tiles question_map %}: one <li> per tile. Written here, not in a template loop: a tile
    took six template lookups and an {% if %}, 180 of them a page for a 30-question quiz, on every
    question page (bench/README.md); format_html_join escapes each value the same way."""
    return format_html_join(
        "", _TILE, ((t.status, t.url, _CURRENT if t.current else "", t.number, t.icon, t.label) for t in tiles)
    )

"""For the diagram pictures (quiz/templates/quiz/diagrams): the class a part gets in the review."""

from django import template

register = template.Library()


@register.filter
def mark(marks: dict | None, region: str) -> str:
    """ " is-right" or " is-wrong" for a part named in the review's marks, else nothing:
    `class="diagram-region{{ marks|mark:'docking-module' }}"`."""
    value = (marks or {}).get(region)
    return f" {value}" if value else ""

"""Opaque names for a question's choices, so that a page never carries a primary key.

Choice ids rise in the order teachers typed the choices, and teachers tend to type the right one
first: an id on the page (a radio value, an order field's name) told a bot which answer was right.
A token is an HMAC of the scope (an attempt, a teacher's preview) and the choice id under the site's
SECRET_KEY: the same choice has the same token in both languages and on every app server, so an
unsent answer survives a language switch, yet tokens of one attempt say nothing about another's,
and their order says nothing about which choice is right.
"""

from django.utils.crypto import salted_hmac

_SALT = "quiz.tokens.choice"


def choice_token(scope: str, choice_id: int) -> str:
    """A 16-character token, unique in practice within a scope (64 bits)."""
    return salted_hmac(_SALT, f"{scope}:{choice_id}", algorithm="sha256").hexdigest()[:16]


def tokens_for(scope: str, choices) -> dict[str, object]:
    """Token → choice, for the choices of one question in one scope."""
    return {choice_token(scope, choice.pk): choice for choice in choices}

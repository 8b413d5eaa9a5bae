"""Rendered content that is the same for every visitor in a language — the timeline — kept in the
cache per language and forgotten whenever the content it shows changes.

The timeline's content block cost about 12 ms of CPU a view (bench/profile_pages.py), three
queries included, for output that changes only when a teacher edits a fact, a topic, a question,
a deck or a card. The cached text leaves a placeholder where the page's CSRF token goes (the
"practise" forms), so each visitor still gets their own token; the layout around it (navigation,
language switcher, messages) is rendered per request as before.

Saving or deleting any of those models forgets every language's copy, at once and again on commit
(as quiz.content_cache does). Bulk updates send no signals, so copies also expire after
settings.CONTENT_CACHE_SECONDS; without Redis each worker has its own copy (docs/deploy.md).
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from . import languages
from .models import Card, Deck, Fact, Question, Topic

# Cannot occur in rendered HTML text (a NUL), so replacing it cannot touch anything else.
TOKEN_PLACEHOLDER = "\x00csrf-token\x00"
PAGES = ("timeline",)


def _key(page: str, language: str) -> str:
    return f"quiz:page:v1:{page}:{language}"


def get(page: str, language: str, token: str) -> str | None:
    """The cached content with this request's CSRF token put in, or None."""
    content = cache.get(_key(page, language))
    return None if content is None else content.replace(TOKEN_PLACEHOLDER, token)


def put(page: str, language: str, content: str, token: str) -> None:
    cache.set(_key(page, language), content.replace(token, TOKEN_PLACEHOLDER), settings.CONTENT_CACHE_SECONDS)


def forget_all(**kwargs) -> None:
    keys = [_key(page, code) for page in PAGES for code in languages.codes()]
    cache.delete_many(keys)
    # A view rendering between this delete and the COMMIT would store the old content again.
    transaction.on_commit(lambda: cache.delete_many(keys))


def connect() -> None:
    for model in (Fact, Topic, Question, Card, Deck):
        post_save.connect(forget_all, sender=model, dispatch_uid=f"page_cache_save_{model.__name__}")
        post_delete.connect(forget_all, sender=model, dispatch_uid=f"page_cache_delete_{model.__name__}")

"""Rendered content that is the same for every visitor in a language — the timeline, and the quizzes
and topics on the home page — kept in the cache per language and forgotten whenever the content it
shows changes.

The timeline's content block cost about 12 ms of CPU a view (bench/profile_pages.py), three
queries included, for output that changes only when a teacher edits a fact, a topic, a question,
a deck or a card. The cached text leaves a placeholder where the page's CSRF token goes (the
"practise" forms), so each visitor still gets their own token; the layout around it (navigation,
language switcher, messages) is rendered per request as before.

The home page's quizzes and topics cost about 10 ms of its 17 (three queries, the cards and the
topics' links); the learner's own part of the page (open quiz, cards due, goal, assignments) is
never cached. Its content has no forms, so it is stored and read without a token.

Saving or deleting any of those models, a quiz or a quiz's question list, or changing a quiz's
topics, forgets every page's copy in every language, at once and again on commit
(as quiz.content_cache does). Bulk updates send no signals, so copies also expire after
settings.CONTENT_CACHE_SECONDS; without Redis each worker has its own copy (docs/deploy.md).
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import languages
from .models import Card, Deck, Fact, Question, Quiz, QuizQuestion, Topic

# Cannot occur in rendered HTML text (a NUL), so replacing it cannot touch anything else.
TOKEN_PLACEHOLDER = "\x00csrf-token\x00"
PAGES = ("timeline", "home")


def _key(page: str, language: str) -> str:
    return f"quiz:page:v1:{page}:{language}"


def get(page: str, language: str, token: str = "") -> str | None:
    """The cached content with this request's CSRF token put in (content with forms), or None."""
    content = cache.get(_key(page, language))
    if content is None or not token:
        return content
    return content.replace(TOKEN_PLACEHOLDER, token)


def put(page: str, language: str, content: str, token: str = "") -> None:
    if token:  # an empty token would "match" between every two characters
        content = content.replace(token, TOKEN_PLACEHOLDER)
    cache.set(_key(page, language), content, settings.CONTENT_CACHE_SECONDS)


def forget_all(**kwargs) -> None:
    keys = [_key(page, code) for page in PAGES for code in languages.codes()]
    cache.delete_many(keys)
    # A view rendering between this delete and the COMMIT would store the old content again.
    transaction.on_commit(lambda: cache.delete_many(keys))


def connect() -> None:
    for model in (Fact, Topic, Question, Card, Deck, Quiz, QuizQuestion):
        post_save.connect(forget_all, sender=model, dispatch_uid=f"page_cache_save_{model.__name__}")
        post_delete.connect(forget_all, sender=model, dispatch_uid=f"page_cache_delete_{model.__name__}")
    # quiz.topics.add(…) and quiz.questions.set(…) save no model of their own.
    for through in (Quiz.topics.through, Quiz.questions.through):
        m2m_changed.connect(forget_all, sender=through, dispatch_uid=f"page_cache_m2m_{through.__name__}")

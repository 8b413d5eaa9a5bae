"""Questions with their choices and fact, read from the cache (Redis in production).

Every question page and every answer needs them, and teachers change them rarely: the benchmark
showed loading them (two queries and their ORM work) as a quarter of the question page's time. One
entry serves both languages: modeltranslation's fields pick the active language when read.

Saving or deleting a question, a choice or a fact forgets the questions it touches (signals,
connected in QuizConfig.ready), at once and again on commit. Bulk `QuerySet.update()` sends no signals, so entries also expire
after settings.CONTENT_CACHE_SECONDS. Without Redis each worker process has its own local-memory
cache: an edit reaches the other workers within that time (a minute by default; docs/deploy.md).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from .models import Choice, Fact, Question
from .taking import in_shown_order


@dataclass(frozen=True)
class _Row:
    """One model row as plain data: its concrete columns (every language's) and their values."""

    names: tuple[str, ...]
    values: tuple

    @classmethod
    def of(cls, instance) -> "_Row":
        names = tuple(field.attname for field in instance._meta.concrete_fields)
        return cls(names, tuple(getattr(instance, name) for name in names))

    def build(self, model):
        return model.from_db("default", self.names, self.values)


@dataclass(frozen=True)
class _Entry:
    question: _Row
    fact: _Row | None
    choices: tuple[_Row, ...]


def _key(question_id: int) -> str:
    return f"quiz:question:v2:{question_id}"


def question_with_choices(question_id: int) -> tuple[Question, list[Choice]] | None:
    """The question (with its fact) and its choices in their usual order, or None.

    The cache holds plain data (_Entry), never pickled model instances: a new model field or a
    Django upgrade cannot leave unreadable objects behind, and each request gets its own instances."""
    key = _key(question_id)
    entry = cache.get(key)
    if entry is None:
        entry = _load(question_id)
        if entry is None:
            return None
        cache.set(key, entry, settings.CONTENT_CACHE_SECONDS)
    question = entry.question.build(Question)
    question.fact = entry.fact.build(Fact) if entry.fact else None
    choices = [row.build(Choice) for row in entry.choices]
    for choice in choices:
        choice.question = question
    return question, choices


def question_as_shown(question_id: int, choice_order: dict[str, list[int]]):
    """The question and its choices in the order an attempt or a game shows them (its `choice_order`:
    question id → choice ids), or None."""
    cached = question_with_choices(question_id)
    if cached is None:
        return None
    question, choices = cached
    return question, in_shown_order(choices, choice_order, question_id)


def _load(question_id: int) -> _Entry | None:
    """One query: the choices with their question and its fact joined (a second one only for a
    question without choices)."""
    choices = list(Choice.objects.filter(question_id=question_id).select_related("question__fact"))
    if choices:
        question = choices[0].question
    else:
        question = Question.objects.select_related("fact").filter(pk=question_id).first()
        if question is None:
            return None
    fact = _Row.of(question.fact) if question.fact else None
    return _Entry(_Row.of(question), fact, tuple(_Row.of(choice) for choice in choices))


def forget(question_ids) -> None:
    keys = [_key(pk) for pk in question_ids]
    cache.delete_many(keys)
    # A student's request between this delete and the COMMIT still reads the old row and would cache
    # the old answer key again, for an hour: forget once more when the edit is visible to everyone.
    # (Outside a transaction on_commit runs at once: a second, harmless delete.)
    transaction.on_commit(lambda: cache.delete_many(keys))


def _forget_changed(sender, instance, **kwargs) -> None:
    if isinstance(instance, Question):
        forget([instance.pk])
    elif isinstance(instance, Choice):
        forget([instance.question_id])
    elif isinstance(instance, Fact):
        forget(Question.objects.filter(fact_id=instance.pk).values_list("id", flat=True))


def connect() -> None:
    for model in (Question, Choice, Fact):
        post_save.connect(_forget_changed, sender=model, dispatch_uid=f"content_cache_save_{model.__name__}")
        post_delete.connect(_forget_changed, sender=model, dispatch_uid=f"content_cache_delete_{model.__name__}")
    # A deleted fact is detached from its questions before post_delete: find them while they still point to it.
    pre_delete.connect(_forget_changed, sender=Fact, dispatch_uid="content_cache_predelete_Fact")

"""Questions with their choices and fact, read from the cache (Redis in production).

Every question page and every answer needs them, and teachers change them rarely: the benchmark
showed loading them (two queries and their ORM work) as a quarter of the question page's time. One
entry serves both languages: modeltranslation's fields pick the active language when read.

Saving or deleting a question, a choice or a fact forgets the questions it touches (signals,
connected in QuizConfig.ready), at once and again on commit. Bulk `QuerySet.update()` sends no signals, so entries also expire
after settings.CONTENT_CACHE_SECONDS. Without Redis each worker process has its own local-memory
cache: an edit reaches the other workers within that time (a minute by default; docs/deploy.md).
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from .models import Choice, Fact, Question


def _key(question_id: int) -> str:
    return f"quiz:question:v1:{question_id}"


def question_with_choices(question_id: int) -> Question | None:
    """The question with `fact` and `choices` loaded (in their usual order), or None."""
    key = _key(question_id)
    question = cache.get(key)
    if question is None:
        question = _load(question_id)
        if question is None:
            return None
        cache.set(key, question, settings.CONTENT_CACHE_SECONDS)
    return question


def _load(question_id: int) -> Question | None:
    """One query: the choices with their question and its fact joined (a second one only for a
    question without choices). `question.choices.all()` then reads them without a query."""
    choices = list(Choice.objects.filter(question_id=question_id).select_related("question__fact"))
    if not choices:
        question = Question.objects.select_related("fact").filter(pk=question_id).first()
    else:
        question = choices[0].question
        for choice in choices:
            choice.question = question  # one shared instance, not a copy per row
    if question is None:
        return None
    # What prefetch_related("choices") would leave behind.
    prefetched = question.choices.all()
    prefetched._result_cache, prefetched._prefetch_done = choices, True
    question._prefetched_objects_cache = {"choices": prefetched}
    return question


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

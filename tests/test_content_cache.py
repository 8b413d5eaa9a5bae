"""Questions are read from the cache (quiz/content_cache.py); a teacher's edit is seen at once."""

import dataclasses
import datetime
import decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quiz import content_cache
from quiz.models import Attempt, Question, Response
from tests.factories import answer_post, make_fact, make_question, make_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(client):
    fact = make_fact(title_en="The docking", title_ru="Стыковка")
    question = make_question(Question.Kind.SINGLE, fact=fact)
    client.post(f"/en/quizzes/{make_quiz([question]).slug}/")
    return Attempt.objects.get(), question


def page(client, attempt, lang="en") -> str:
    return client.get(f"/{lang}/attempts/{attempt.public_id}/q/1/").content.decode()


def test_a_cached_question_is_read_without_queries(client, started):
    attempt, question = started
    page(client, attempt)  # fills the cache
    with CaptureQueriesContext(connection) as queries:
        cached, choices = content_cache.question_with_choices(question.pk)
    assert len(queries) == 0
    assert [c.text_en for c in choices] == ["Baikonur", "Plesetsk", "Kapustin Yar"]
    assert cached.fact.title_en == "The docking"
    assert all(choice.question is cached for choice in choices)


def test_the_cache_holds_plain_data_not_model_instances(client, started):
    """What is stored must not depend on pickling Django models (or their private prefetch caches)."""
    attempt, question = started
    page(client, attempt)
    entry = cache.get(content_cache._key(question.pk))

    def plain(value):
        if isinstance(value, (tuple, list)):
            return all(plain(item) for item in value)
        if dataclasses.is_dataclass(value):
            return dataclasses.fields(value) and all(plain(getattr(value, f.name)) for f in dataclasses.fields(value))
        return value is None or isinstance(value, (str, int, float, bool, decimal.Decimal, datetime.date))

    assert dataclasses.is_dataclass(entry) and plain(entry)
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.question = None


def test_one_cached_copy_serves_both_languages(client, started):
    attempt, question = started
    assert question.text_en in page(client, attempt, "en")
    russian = page(client, attempt, "ru")
    assert question.text_ru in russian
    assert "Байконур" in russian


def test_editing_the_question_text_shows_at_once(client, started):
    attempt, question = started
    page(client, attempt)
    question.text_en = "Where did Soyuz 19 lift off from?"
    question.save()
    assert "Where did Soyuz 19 lift off from?" in page(client, attempt)


def test_editing_a_choice_shows_at_once_and_grades_with_the_new_key(client, started):
    attempt, question = started
    page(client, attempt)
    old_right = question.choices.get(is_correct=True)
    new_right = question.choices.get(position=2)
    old_right.is_correct, new_right.is_correct, new_right.text_en = False, True, "Plesetsk Cosmodrome"
    old_right.save()
    new_right.save()
    assert "Plesetsk Cosmodrome" in page(client, attempt)
    client.post(f"/en/attempts/{attempt.public_id}/q/1/", answer_post(question, attempt, [new_right]))
    assert Response.objects.get().is_correct is True


def test_editing_or_deleting_the_fact_shows_at_once(client, started):
    attempt, question = started
    page(client, attempt)
    fact = question.fact
    fact.title_en = "Docking in orbit"
    fact.save()
    assert content_cache.question_with_choices(question.pk)[0].fact.title_en == "Docking in orbit"
    fact.delete()  # questions keep existing without their fact
    assert content_cache.question_with_choices(question.pk)[0].fact is None


def test_an_unknown_question_is_none():
    assert content_cache.question_with_choices(987654) is None


def test_loading_a_question_into_the_cache_takes_one_query():
    question = make_question(Question.Kind.ORDER, fact=make_fact())
    with CaptureQueriesContext(connection) as queries:
        loaded, choices = content_cache.question_with_choices(question.pk)
        texts = [c.text_en for c in choices]
        fact = loaded.fact.title_en
    assert len(queries) == 1
    assert texts == ["Kennedy's proposal", "Apollo 11", "The handshake"]
    assert fact == question.fact.title_en


def test_a_question_without_choices_is_loaded_too():
    question = make_question(Question.Kind.NUMBER)
    loaded, choices = content_cache.question_with_choices(question.pk)
    assert loaded.number_answer == question.number_answer
    assert choices == []

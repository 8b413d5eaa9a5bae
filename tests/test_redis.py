"""Redis as production runs it (REDIS_URL): Django's RedisCache shared by every app server, and
cached_db sessions that survive a Redis restart. Uses TEST_REDIS_URL (default redis://127.0.0.1:6379/15);
every key carries a prefix of its own and is deleted afterwards, so a shared Redis is left as it was."""

import os
import uuid

import pytest
import redis
from django.conf import settings
from django.core.cache import caches
from django.test import Client, override_settings

from quiz import content_cache
from quiz.models import Attempt, Question
from tests.factories import correct_post, make_question, make_quiz

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping())
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(not _redis_answers(), reason=f"no Redis answers at {REDIS_URL} (set TEST_REDIS_URL)")


@pytest.fixture
def redis_cache():
    """Settings as with REDIS_URL set: the Redis cache and cached_db sessions, under a fresh key prefix."""
    prefix = f"asts-test-{uuid.uuid4().hex[:12]}"
    cache_settings = {
        "default": {
            "BACKEND": "quiz.resilient_cache.ResilientRedisCache",  # production's (asts_site/settings.py)
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        },
        "layout": settings.CACHES["layout"],  # the pages' fixed parts, in each process's memory
    }
    with override_settings(CACHES=cache_settings, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"):
        yield prefix
    server = redis.Redis.from_url(REDIS_URL)
    stale = list(server.scan_iter(match=f"{prefix}:*"))
    if stale:
        server.delete(*stale)


def other_server():
    """The cache as a second app server sees it: a connection of its own to the same Redis."""
    return caches.create_connection("default")


def test_cache_values_are_shared_between_app_servers(redis_cache):
    here, there = caches["default"], other_server()
    here.set("greeting", {"en": "Handshake", "ru": "Рукопожатие"}, 30)
    assert there.get("greeting") == {"en": "Handshake", "ru": "Рукопожатие"}
    there.set("visits", 0, 30)
    here.incr("visits")
    assert there.get("visits") == 1
    there.delete("greeting")
    assert here.get("greeting") is None
    assert redis.Redis.from_url(REDIS_URL).exists(f"{redis_cache}:1:visits") == 1  # really in Redis


def test_one_redis_client_serves_every_operation_of_a_cache(redis_cache):
    cache = caches["default"]
    cache.set("a", 1, 30)
    client = cache._cache.get_client()
    assert cache.get("a") == 1
    cache.delete("a")
    assert cache._cache.get_client(write=True) is client  # not rebuilt per operation (0.1 ms each)
    assert other_server()._cache.get_client() is not client  # another cache object has its own


@pytest.mark.django_db
def test_an_edit_on_one_server_reaches_the_cached_question_on_another(redis_cache):
    question = make_question(Question.Kind.SINGLE)
    assert content_cache.question_with_choices(question.pk)[0].text_en == question.text_en
    choice = question.choices.get(position=1)
    choice.text_en = "Baikonur Cosmodrome"
    choice.save()  # on "this" server: the signal deletes the shared entry
    seen_elsewhere = other_server().get(content_cache._key(question.pk))
    assert seen_elsewhere is None
    _question, choices = content_cache.question_with_choices(question.pk)
    assert choices[0].text_en == "Baikonur Cosmodrome"


@pytest.mark.django_db
def test_anonymous_quiz_session_lives_in_redis_and_follows_the_learner_to_another_server(redis_cache):
    question = make_question(Question.Kind.SINGLE)
    quiz = make_quiz([question])
    first = Client()
    first.post(f"/en/quizzes/{quiz.slug}/")
    attempt = Attempt.objects.get()
    session_key = first.cookies[settings.SESSION_COOKIE_NAME].value
    assert (
        redis.Redis.from_url(REDIS_URL).exists(f"{redis_cache}:1:django.contrib.sessions.cached_db{session_key}") == 1
    )

    second = Client()  # the load balancer sent the next request to another app server
    second.cookies[settings.SESSION_COOKIE_NAME] = session_key
    answered = second.post(f"/en/attempts/{attempt.public_id}/q/1/", correct_post(question, attempt))
    assert answered.status_code == 302
    assert attempt.responses.get().is_correct is True


@pytest.mark.django_db
def test_sessions_survive_a_redis_restart(redis_cache):
    quiz = make_quiz([make_question(Question.Kind.SINGLE)])
    client = Client()
    client.post(f"/en/quizzes/{quiz.slug}/")
    attempt = Attempt.objects.get()
    server = redis.Redis.from_url(REDIS_URL)
    server.delete(*server.scan_iter(match=f"{redis_cache}:*"))  # everything this test put in Redis is gone
    page = client.get(f"/en/attempts/{attempt.public_id}/q/1/")
    assert page.status_code == 200  # cached_db read the session back from the database
    assert "Question 1 of 1" in page.content.decode()


@pytest.mark.django_db
def test_a_redis_that_stops_answering_fails_fast(redis_cache):
    # Nothing listens on this port: the cache raises at once instead of hanging the worker.
    dead = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    with override_settings(CACHES=dead), pytest.raises(redis.ConnectionError):
        caches["default"].get("anything")

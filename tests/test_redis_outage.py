"""Redis is a cache, not a single point of failure: with Redis killed or hung, students go on taking
quizzes (sessions and questions from the database), requests stay quick, one warning is logged, and
the cache comes back by itself. Each test runs a throwaway redis-server of its own (never the shared
one) and the cache settings production builds from REDIS_URL (asts_site/settings.py)."""

import logging
import os
import runpy
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError
from django.test import override_settings

from quiz import content_cache
from quiz.models import Attempt, Question
from quiz.views import pages
from tests.factories import correct_post, make_question, make_quiz, make_user

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
SETTINGS_FILE = Path(settings.BASE_DIR) / "asts_site" / "settings.py"

pytestmark = [
    pytest.mark.skipif(not os.path.exists(REDIS_SERVER), reason="redis-server is not installed (apt install redis)"),
    pytest.mark.django_db,
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowawayRedis:
    """A redis-server on a free port, keeping nothing on disk, that a test may kill, hang and restart."""

    def __init__(self, directory: Path):
        self.directory, self.port, self.process = directory, free_port(), None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not self._answers():
            assert self.process.poll() is None, "redis-server exited at start"
            assert time.monotonic() < deadline, "redis-server did not answer within 10 s"
            time.sleep(0.05)

    def _answers(self) -> bool:
        try:
            return bool(self.client().ping())
        except redis.RedisError:
            return False

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_connect_timeout=1, socket_timeout=1)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)

    def hang(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def wake(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.wake()  # a stopped process would not act on SIGTERM
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def production_cache_settings(redis_url: str, monkeypatch, **options) -> dict:
    """CACHES and SESSION_ENGINE exactly as asts_site/settings.py builds them with REDIS_URL set."""
    monkeypatch.setenv("REDIS_URL", redis_url)
    built = runpy.run_path(str(SETTINGS_FILE))
    caches = built["CACHES"]
    caches["default"]["OPTIONS"].update(options)
    return {"CACHES": caches, "SESSION_ENGINE": built["SESSION_ENGINE"]}


@pytest.fixture
def redis_server(tmp_path):
    server = ThrowawayRedis(tmp_path)
    server.start()
    yield server
    server.close()


@pytest.fixture
def with_redis(redis_server, monkeypatch):
    """The app as production runs it, on the throwaway Redis (default retry interval)."""
    with override_settings(**production_cache_settings(redis_server.url, monkeypatch)):
        yield redis_server


def redis_key(key: str) -> str:
    return cache.make_key(key)


def start(client, quiz) -> Attempt:
    response = client.post(f"/en/quizzes/{quiz.slug}/")
    attempt = Attempt.objects.latest("started_at")
    assert response.status_code == 302
    assert response["Location"] == f"/en/attempts/{attempt.public_id}/q/1/"
    return attempt


def answer(client, attempt, number: int) -> None:
    """Show question `number`, answer it correctly, show the feedback: what a student does."""
    question = Question.objects.get(pk=attempt.question_ids[number - 1])
    page = client.get(f"/en/attempts/{attempt.public_id}/q/{number}/")
    assert page.status_code == 200
    assert question.text_en in page.content.decode()
    answered = client.post(f"/en/attempts/{attempt.public_id}/q/{number}/", correct_post(question, attempt))
    assert answered.status_code == 302
    feedback = client.get(answered["Location"])
    assert feedback.status_code == 200
    assert "Your answer is correct" in feedback.content.decode()


def finish(client, attempt) -> None:
    done = client.post(f"/en/attempts/{attempt.public_id}/finish/")
    assert done["Location"] == f"/en/attempts/{attempt.public_id}/result/"
    assert client.get(done["Location"]).status_code == 200


@pytest.fixture
def quiz():
    return make_quiz([make_question(Question.Kind.SINGLE) for _ in range(3)])


# --- Redis killed mid-quiz -----------------------------------------------------------------------------------


def test_anonymous_student_finishes_the_quiz_after_redis_dies(client, quiz, with_redis):
    attempt = start(client, quiz)
    answer(client, attempt, 1)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert with_redis.client().exists(redis_key(f"django.contrib.sessions.cached_db{session_key}")) == 1

    with_redis.kill()
    answer(client, attempt, 2)
    answer(client, attempt, 3)
    finish(client, attempt)

    attempt.refresh_from_db()
    assert attempt.submitted_at is not None
    assert attempt.score == 3.0
    assert [r.is_correct for r in attempt.responses.order_by("question_id")] == [True, True, True]


def test_signed_in_student_stays_signed_in_and_finishes_after_redis_dies(client, quiz, with_redis):
    student = make_user()
    client.force_login(student)
    attempt = start(client, quiz)
    answer(client, attempt, 1)

    with_redis.kill()
    profile = client.get("/en/profile/")
    assert profile.status_code == 200  # not the redirect to the log-in page
    assert profile.wsgi_request.user == student
    home = client.get("/en/")
    assert home.status_code == 200
    assert home.wsgi_request.user == student
    answer(client, attempt, 2)
    answer(client, attempt, 3)
    finish(client, attempt)

    attempt.refresh_from_db()
    assert attempt.user == student
    assert attempt.score == 3.0
    assert attempt.responses.count() == 3


def test_a_student_can_start_and_sign_in_while_redis_is_down(client, quiz, with_redis):
    with_redis.kill()
    student = make_user()
    signed_in = client.post("/en/accounts/login/", {"username": student.username, "password": "orbit-1975-handshake"})
    assert signed_in["Location"] == "/en/progress/"
    assert client.get("/en/profile/").wsgi_request.user == student
    attempt = start(client, quiz)
    for number in (1, 2, 3):
        answer(client, attempt, number)
    finish(client, attempt)
    attempt.refresh_from_db()
    assert (attempt.user, attempt.score) == (student, 3.0)


# --- Redis hung ----------------------------------------------------------------------------------------------


def test_a_question_page_answers_quickly_while_redis_hangs(client, quiz, with_redis):
    attempt = start(client, quiz)
    with_redis.hang()
    started = time.monotonic()
    page = client.get(f"/en/attempts/{attempt.public_id}/q/1/")
    elapsed = time.monotonic() - started
    assert page.status_code == 200
    assert Question.objects.get(pk=attempt.question_ids[0]).text_en in page.content.decode()
    assert elapsed < 1.5


def test_after_one_timeout_a_hung_redis_is_left_alone_for_the_retry_interval(with_redis):
    cache.set("greeting", "hello", 30)
    with_redis.hang()
    started = time.monotonic()
    assert cache.get("greeting") is None  # one socket timeout, then a miss
    first = time.monotonic() - started
    started = time.monotonic()
    for _ in range(20):
        assert cache.get("greeting") is None
        cache.set("greeting", "hello again", 30)
    rest = time.monotonic() - started
    assert first < 1.0
    assert rest < 0.2  # 40 operations that did not wait on Redis (each would cost the 0.3 s timeout)


def test_a_write_lost_while_redis_hung_does_not_bring_back_the_old_value(redis_server, monkeypatch):
    with override_settings(**production_cache_settings(redis_server.url, monkeypatch, retry_seconds=0.2)):
        cache.set("session-like", "before the log-out", 300)
        redis_server.hang()
        cache.set("session-like", "after the log-out", 300)  # lost: Redis does not answer
        redis_server.wake()
        time.sleep(0.3)
        assert cache.get("session-like") is None  # read from the database, not the stale copy
        assert redis_server.client().exists(redis_key("session-like")) == 0


# --- what is logged ------------------------------------------------------------------------------------------


def test_an_outage_logs_one_warning_and_no_tracebacks(client, quiz, redis_server, monkeypatch, caplog):
    # retry_seconds=0: every request really tries Redis and fails, and still only one line is logged.
    with override_settings(**production_cache_settings(redis_server.url, monkeypatch, retry_seconds=0)):
        attempt = start(client, quiz)
        redis_server.kill()
        with caplog.at_level(logging.INFO):
            for number in (1, 2, 3):
                answer(client, attempt, number)
            for _ in range(3):
                assert client.get("/en/").status_code == 200
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert warnings[0].name == "quiz.resilient_cache"
    assert warnings[0].getMessage().startswith(f"Redis at redis://127.0.0.1:{redis_server.port}/0 does not answer")
    assert warnings[0].exc_info is None


def test_the_logged_address_leaves_out_the_password(redis_server, monkeypatch, caplog):
    url = f"redis://:s3cret@127.0.0.1:{redis_server.port}/0"
    with override_settings(**production_cache_settings(url, monkeypatch)):
        redis_server.kill()
        with caplog.at_level(logging.WARNING):
            cache.get("anything")
    assert "s3cret" not in caplog.text
    assert f"Redis at redis://127.0.0.1:{redis_server.port}/0 does not answer" in caplog.text


# --- recovery ------------------------------------------------------------------------------------------------


def test_the_cache_is_used_again_once_redis_is_back(client, quiz, redis_server, monkeypatch, caplog):
    with override_settings(**production_cache_settings(redis_server.url, monkeypatch, retry_seconds=0.2)):
        attempt = start(client, quiz)
        redis_server.kill()
        answer(client, attempt, 1)
        redis_server.start()  # same port, empty
        time.sleep(0.3)
        with caplog.at_level(logging.INFO, logger="quiz.resilient_cache"):
            answer(client, attempt, 2)
        question_key = redis_key(content_cache._key(attempt.question_ids[1]))
        session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
        assert redis_server.client().exists(question_key) == 1
        assert redis_server.client().exists(redis_key(f"django.contrib.sessions.cached_db{session_key}")) == 1
    assert [
        r.getMessage() for r in caplog.records if r.levelno == logging.INFO and r.name == "quiz.resilient_cache"
    ] == [f"Redis at redis://127.0.0.1:{redis_server.port}/0 answers again; the cache is back in use"]


# --- the cache API keeps Django's meaning --------------------------------------------------------------------


def test_cache_operations_keep_their_meaning_with_redis_up_and_down(with_redis):
    with pytest.raises(ValueError):
        cache.incr("visits")  # missing key, as in Django
    cache.set("visits", 1, 30)
    assert cache.incr("visits") == 2
    assert cache.decr("visits") == 1
    assert cache.set_many({"a": 1, "b": 2}, 30) == []
    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": 2}
    assert cache.add("a", 5, 30) is False

    with_redis.kill()
    assert cache.get("a", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1}, 30) == ["a"]  # the keys that were not stored
    assert "a" not in cache
    assert cache.add("a", 5, 30) is False
    assert cache.get_or_set("a", 7, 30) == 7
    assert cache.delete("a") is False
    cache.delete_many(["a", "b"])
    with pytest.raises(ValueError):
        cache.incr("visits")


# --- /readyz -------------------------------------------------------------------------------------------------


def test_readyz_reports_redis_down_as_degraded_but_serving(client, with_redis):
    up = client.get("/readyz")
    assert (up.status_code, up.json()) == (200, {"status": "ok", "database": "ok", "cache": "ok"})
    assert "no-cache" in up["Cache-Control"]

    with_redis.kill()
    down = client.get("/readyz")
    assert (down.status_code, down.json()) == (200, {"status": "degraded", "database": "ok", "cache": "unavailable"})


def test_readyz_answers_quickly_while_redis_hangs(client, with_redis):
    with_redis.hang()
    started = time.monotonic()
    response = client.get("/readyz")
    assert time.monotonic() - started < 1.5
    assert (response.status_code, response.json()["cache"]) == (200, "unavailable")


def test_readyz_is_503_when_the_database_fails(client, with_redis, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(pages, "connection", BrokenConnection())
    response = client.get("/readyz")
    assert (response.status_code, response.json()) == (
        503,
        {"status": "unavailable", "database": "unavailable", "cache": "ok"},
    )


def test_readyz_without_redis_says_the_cache_is_not_configured(client):
    response = client.get("/readyz")
    assert (response.status_code, response.json()) == (
        200,
        {"status": "ok", "database": "ok", "cache": "not configured"},
    )


def test_load_balancers_may_probe_readyz_over_plain_http(client, monkeypatch):
    monkeypatch.setenv("DEBUG", "0")
    monkeypatch.setenv("SECRET_KEY", "test-" + "k3y" * 20)
    production = runpy.run_path(str(SETTINGS_FILE))
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=production["SECURE_REDIRECT_EXEMPT"]):
        assert client.get("/en/").status_code == 301
        assert client.get("/readyz").status_code == 200
        assert client.get("/healthz").status_code == 200

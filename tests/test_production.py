"""Production readiness: the deploy check, security headers, /healthz, request logs, and bad input
that must get a 4xx rather than a 500."""

import json
import logging
import os
import re
import runpy
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import OperationalError
from django.db.utils import ConnectionHandler

from asts_site.logging import JsonFormatter
from asts_site.storage import StaticFilesStorage
from quiz.middleware import CSP
from quiz.models import Attempt, Question, Response
from quiz.views import pages
from tests.factories import correct_post, make_fact, make_question, make_quiz

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "test-" + "k3y" * 20,
    "ALLOWED_HOSTS": "quiz.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://quiz.example.org",
}
ENV_KEYS = (
    "SECRET_KEY",
    "DEBUG",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "REDIS_URL",
    "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES",
    "SECURE_HSTS_SECONDS",
    "LOG_FORMAT",
    "DB_CONNECT_TIMEOUT",
    "CSRF_TRUSTED_ORIGINS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "STATIC_ROOT",
)  # DJANGO_ALLOW_ASYNC_UNSAFE is set for Playwright by tests/conftest.py


def run_python(code: str, env: dict, tmp_path) -> subprocess.CompletedProcess:
    """Run `code` in a fresh interpreter with the given environment (and a scratch SQLite database)."""
    clean = {k: v for k, v in os.environ.items() if k not in ENV_KEYS}
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}", **env}
    return subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- settings under production ---------------------------------------------------------------------------


def test_deploy_check_passes_with_the_production_environment(tmp_path):
    code = (
        "import sys; from django.core.management import execute_from_command_line as run; "
        "run(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )
    result = run_python(
        f"import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'asts_site.settings'); {code}",
        PRODUCTION,
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_fails_when_production_is_made_insecure(tmp_path):
    # The check is a real gate: switching HTTPS off under DEBUG=0 is reported.
    code = (
        "from django.core.management import execute_from_command_line as run; "
        "run(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )
    result = run_python(
        f"import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'asts_site.settings'); {code}",
        {**PRODUCTION, "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0"},
        tmp_path,
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr  # SECURE_SSL_REDIRECT
    assert "security.W012" in result.stderr  # SESSION_COOKIE_SECURE


SETTINGS_DUMP = """
import json, os
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'asts_site.settings')
import django
django.setup()
from django.conf import settings as s
db = s.DATABASES['default']
print(json.dumps({
    'engine': db['ENGINE'], 'conn_max_age': db['CONN_MAX_AGE'], 'health_checks': db['CONN_HEALTH_CHECKS'],
    'options': db.get('OPTIONS', {}), 'cache': s.CACHES['default']['BACKEND'],
    'cache_options': s.CACHES['default'].get('OPTIONS', {}), 'sessions': s.SESSION_ENGINE,
    'static': s.STORAGES['staticfiles']['BACKEND'], 'hsts': s.SECURE_HSTS_SECONDS,
    'secure_cookies': [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE], 'ssl_redirect': s.SECURE_SSL_REDIRECT,
    'log_formatter': s.LOGGING['handlers']['console']['formatter'],
}))
"""


def test_production_environment_selects_postgresql_redis_and_whitenoise(tmp_path):
    env = {
        **PRODUCTION,
        "DATABASE_URL": "postgres://quiz:secret@db.internal:5432/asts",
        "REDIS_URL": "redis://cache.internal:6379/0",
    }
    result = run_python(SETTINGS_DUMP, env, tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["engine"] == "django.db.backends.postgresql"
    assert found["conn_max_age"] == 60  # persistent connections
    assert found["health_checks"] is True
    assert found["options"]["connect_timeout"] == 5  # a dead database fails fast instead of hanging
    assert found["cache"] == "quiz.resilient_cache.ResilientRedisCache"  # degrades when Redis fails
    assert found["cache_options"] == {"socket_connect_timeout": 0.3, "socket_timeout": 0.3, "retry_seconds": 5}
    assert found["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert found["static"] == "asts_site.storage.StaticFilesStorage"  # whitenoise's, addresses remembered
    assert found["hsts"] == 31_536_000
    assert found["secure_cookies"] == [True, True]
    assert found["ssl_redirect"] is True
    assert found["log_formatter"] == "json"


def test_sqlite_in_production_uses_wal_and_persistent_connections(tmp_path):
    result = run_python(SETTINGS_DUMP, PRODUCTION, tmp_path)
    found = json.loads(result.stdout)
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["conn_max_age"] == 60
    assert found["options"]["init_command"] == "PRAGMA journal_mode=WAL;"
    assert found["options"]["transaction_mode"] == "IMMEDIATE"
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"


HEADERS_DUMP = """
import json, os
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'asts_site.settings')
import django
django.setup()
from django.core.management import call_command
call_command('migrate', verbosity=0)
call_command('collectstatic', interactive=False, verbosity=0)  # the hashed names pages link to
from django.test import Client
plain, secure = Client(), Client(HTTP_X_FORWARDED_PROTO='https')
out = {}
for name, client, path in [('http_page', plain, '/en/'), ('http_healthz', plain, '/healthz'),
                           ('https_page', secure, '/en/'), ('https_healthz', secure, '/healthz')]:
    r = client.get(path, HTTP_HOST='quiz.example.org')
    out[name] = {'status': r.status_code, 'headers': dict(r.headers),
                 'cookies': {k: dict(v) for k, v in r.cookies.items()}}
print(json.dumps(out))
"""


def test_production_redirects_to_https_sends_hsts_and_lets_the_load_balancer_probe_over_http(tmp_path):
    env = {**PRODUCTION, "LOG_FORMAT": "plain", "STATIC_ROOT": str(tmp_path / "static")}
    result = run_python(HEADERS_DUMP, env, tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.splitlines()[-1])
    assert found["http_page"]["status"] == 301
    assert found["http_page"]["headers"]["Location"] == "https://quiz.example.org/en/"
    assert found["http_healthz"]["status"] == 200  # SECURE_REDIRECT_EXEMPT
    page = found["https_page"]
    assert page["status"] == 200
    assert page["headers"]["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert page["headers"]["Content-Security-Policy"] == CSP
    assert page["cookies"]["csrftoken"]["secure"] is True


def test_gunicorn_config_takes_its_workers_from_the_cores(monkeypatch):
    for name in ("WEB_CONCURRENCY", "GUNICORN_WORKER_CLASS", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["workers"] == 2 * len(os.sched_getaffinity(0)) + 1
    # Threaded, so that keepalive means something (gunicorn.conf.py says why).
    assert (config["worker_class"], config["threads"]) == ("gthread", 4)
    assert config["preload_app"] is True
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:9000")
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["workers"] == 3
    assert config["bind"] == "0.0.0.0:9000"


# --- security headers on every student page ----------------------------------------------------------------


@pytest.fixture
def attempt_pages(client, db):
    """A started attempt with one answer: the URLs of the pages a student sees on the way."""
    fact = make_fact(happened_on="1975-07-17")
    quiz = make_quiz([make_question(Question.Kind.SINGLE, fact=fact), make_question(Question.Kind.ORDER, fact=fact)])
    client.post(f"/en/quizzes/{quiz.slug}/")
    attempt = Attempt.objects.get()
    client.post(
        f"/en/attempts/{attempt.public_id}/q/1/",
        correct_post(Question.objects.get(pk=attempt.question_ids[0]), attempt),
    )
    return {
        "home": "/en/",
        "timeline": "/ru/timeline/",
        "quiz list": "/en/quizzes/",
        "quiz": f"/ru/quizzes/{quiz.slug}/",
        "question": f"/en/attempts/{attempt.public_id}/q/2/",
        "feedback": f"/ru/attempts/{attempt.public_id}/q/1/",
        "decks": "/en/decks/",
        "leaderboard": "/ru/leaderboard/",
    }


def test_student_pages_carry_the_security_headers_and_no_inline_code(client, attempt_pages):
    for name, url in attempt_pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert response["Content-Security-Policy"] == CSP, name
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["Permissions-Policy"] == "camera=(), microphone=(), geolocation=(), payment=()"
        html = response.content.decode()
        # What the policy would block in a browser: inline scripts, <style> blocks, style attributes, handlers.
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == [], name
        assert "<style" not in html, name
        assert re.findall(r"\sstyle=\"", html) == [], name
        assert re.findall(r"\son[a-z]+=\"", html) == [], name


def test_csp_forbids_inline_code_and_other_origins():
    rules = dict(rule.split(" ", 1) for rule in CSP.split("; "))
    assert rules["default-src"] == "'self'"
    assert rules["script-src"] == "'self'"
    assert rules["style-src"] == "'self'"
    assert rules["frame-ancestors"] == "'none'"
    assert rules["object-src"] == "'none'"


# --- /healthz -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]  # a cached "ok" would hide an outage


def test_healthz_reports_503_when_queries_fail(client, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(pages, "connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "OperationalError"}


def down_database(port: int, timeout: int):
    """A PostgreSQL connection (not the test database's) to 127.0.0.1:`port`."""
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "asts",
                "USER": "quiz",
                "HOST": "127.0.0.1",
                "PORT": str(port),
                "OPTIONS": {"connect_timeout": timeout},
            }
        }
    )
    return handler["default"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db  # pytest-django only lets marked tests open database connections
def test_healthz_reports_503_when_the_database_port_is_closed(client, monkeypatch):
    down = down_database(free_port(), timeout=2)
    monkeypatch.setattr(pages, "connection", down)
    started = time.monotonic()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "OperationalError"}
    assert time.monotonic() - started < 3
    down.close()


@pytest.mark.django_db  # pytest-django only lets marked tests open database connections
def test_healthz_does_not_hang_when_the_database_never_answers(client, monkeypatch):
    # A server that accepts the TCP connection and then says nothing: without a connect timeout the
    # load balancer's probe (and a worker) would wait forever.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        down = down_database(silent.getsockname()[1], timeout=1)
        monkeypatch.setattr(pages, "connection", down)
        started = time.monotonic()
        response = client.get("/healthz")
        elapsed = time.monotonic() - started
        down.close()
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert 0.9 <= elapsed < 5


# --- structured request logs --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_request_is_logged_as_one_json_line(client, caplog):
    caplog.set_level(logging.INFO, logger="asts.request")
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234")
    assert response["X-Request-ID"] == "lb-1234"
    [record] = [r for r in caplog.records if r.name == "asts.request"]
    line = json.loads(JsonFormatter().format(record))
    assert line["logger"] == "asts.request"
    assert line["level"] == "INFO"
    assert line["message"] == "GET /healthz 200"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/healthz", 200)
    assert line["queries"] == 1
    assert line["request_id"] == "lb-1234"
    assert line["user"] is None
    assert isinstance(line["ms"], float)


@pytest.mark.django_db
def test_a_forged_request_id_is_replaced(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID='x" injected=1 ' + "a" * 100)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_json_formatter_keeps_exceptions_and_unicode():
    try:
        raise ValueError("ошибка")
    except ValueError:
        record = logging.LogRecord("quiz", logging.ERROR, __file__, 1, "Ответ %s", ("не сохранён",), sys.exc_info())
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "Ответ не сохранён"
    assert "ValueError: ошибка" in line["exception"]


# --- bad input gets a 4xx, never a 500 ----------------------------------------------------------------------


@pytest.fixture
def one_question(client, db):
    question = make_question(Question.Kind.SINGLE)
    quiz = make_quiz([question])
    client.post(f"/en/quizzes/{quiz.slug}/")
    attempt = Attempt.objects.get()
    return attempt, question, f"/en/attempts/{attempt.public_id}/q/1/"


def test_oversized_body_is_refused_with_400_and_nothing_stored(client, one_question, settings):
    attempt, question, url = one_question
    body = {**correct_post(question, attempt), "padding": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    response = client.post(url, body)
    assert response.status_code == 400
    assert Response.objects.count() == 0


def test_too_many_fields_are_refused_with_400_and_nothing_stored(client, one_question, settings):
    attempt, question, url = one_question
    body = {
        **correct_post(question, attempt),
        **{f"f{n}": "1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)},
    }
    response = client.post(url, body)
    assert response.status_code == 400
    assert Response.objects.count() == 0


def test_malformed_multipart_body_is_a_400(client, one_question):
    attempt, question, url = one_question
    response = client.generic("POST", url, b"--nope\r\n\r\n", content_type="multipart/form-data")  # no boundary
    assert response.status_code == 400
    assert Response.objects.count() == 0


def test_undecodable_body_and_bad_content_length_are_a_400(client, one_question):
    attempt, question, url = one_question
    garbage = client.generic("POST", url, b"choice=\xff\xfe%ZZ&&&=", content_type="application/x-www-form-urlencoded")
    assert garbage.status_code == 400
    lying = client.generic(
        "POST", url, b"choice=1", content_type="application/x-www-form-urlencoded", CONTENT_LENGTH="not-a-number"
    )
    assert lying.status_code == 400
    assert Response.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["evil.example.com", "bad host!", "[::1", "localhost:port"])
def test_unknown_or_malformed_host_is_a_400(client, host):
    assert client.get("/en/", HTTP_HOST=host).status_code == 400
    assert client.get("/healthz", HTTP_HOST=host).status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_ACCEPT_LANGUAGE": "xx-;q=abc,,,;q=" + "9" * 500},
        {"HTTP_ACCEPT_LANGUAGE": "ru" * 1000},
        {"HTTP_COOKIE": "sessionid=\x00\x01; csrftoken=" + "%" * 300 + "; =; ;;"},
        {"HTTP_X_FORWARDED_PROTO": "gopher"},
        {"HTTP_REFERER": "\u2603://[broken"},
    ],
)
def test_malformed_headers_still_get_the_page(client, header):
    response = client.get("/en/quizzes/", **header)
    assert response.status_code == 200
    assert "Quizzes" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/xx/", "/xx/quizzes/", "/de/timeline/", "/EN/", "/en-us/quizzes/"])
def test_unknown_language_prefix_is_a_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_undecodable_path_is_a_404(client):
    assert client.get("/en/quizzes/%FF%FE/").status_code == 404


def test_an_answer_without_the_csrf_token_is_a_403(client, one_question, settings):
    from django.test import Client

    attempt, question, url = one_question
    forged = Client(enforce_csrf_checks=True)  # a cross-site form: the learner's session, no token
    forged.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert forged.post(url, correct_post(question, attempt)).status_code == 403
    assert Response.objects.count() == 0


def test_static_addresses_come_from_the_manifest_and_are_remembered(tmp_path):
    manifest = {"paths": {"quiz/site.css": "quiz/site.0123abcd.css"}, "version": "1.1", "hash": "x"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    storage = StaticFilesStorage(location=str(tmp_path), base_url="/static/")
    assert storage.url("quiz/site.css") == "/static/quiz/site.0123abcd.css"
    assert storage.url("quiz/site.css") == "/static/quiz/site.0123abcd.css"  # the second from memory
    for _ in range(2):  # a name missing from the manifest is an error each time, never remembered
        with pytest.raises(ValueError):
            storage.url("quiz/missing.css")


@pytest.mark.django_db
def test_the_masters_warm_up_compiles_every_page_template_without_the_database(django_assert_num_queries):
    from django.template import engines  # noqa: PLC0415

    from asts_site.warmup import warm  # noqa: PLC0415

    with django_assert_num_queries(0):  # nothing may be opened before gunicorn forks the workers
        compiled = warm()
    assert {"quiz/base.html", "quiz/question.html", "quiz/home.html", "quiz/kinds/single.html"} <= set(compiled)
    loader = engines["django"].engine.template_loaders[0]  # the cached loader: what workers inherit
    assert "quiz/question.html" in {key.split("-")[0] for key in loader.get_template_cache}


def test_gunicorn_warms_the_app_in_the_master_before_forking():
    conf = runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))
    assert conf["preload_app"] is True  # the warm-up is inherited by every worker only with it
    assert callable(conf["when_ready"])

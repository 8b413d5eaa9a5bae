"""Abuse and privacy: the client address behind the load balancer, log-in throttling per username and
per address, the join-code limit, opaque leaderboard labels, no caching of personal pages, and the
language cookie's attributes."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory

from quiz import throttling
from quiz.models import Membership
from quiz.models.classes import JOIN_CODE_ALPHABET
from quiz.ownership import SESSION_KEY
from quiz.progress import anonymous_label
from tests.factories import make_attempt, make_classroom, make_deck, make_question, make_quiz, make_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "orbit-1975-handshake"
BALANCER = "10.0.0.2"


def login(client, username, password=PASSWORD, lang="en", **headers):
    return client.post(f"/{lang}/accounts/login/", {"username": username, "password": password}, **headers)


def logged_in_user_id(client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


# The client address ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.5", BALANCER),  # no trusted proxy: the header is the client's own words
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # the forged left part is ignored
        (2, "6.6.6.6, 203.0.113.5, 192.0.2.9", "203.0.113.5"),  # CDN, then the balancer
        (2, "203.0.113.5", BALANCER),  # too short: the request did not pass both proxies
        (1, "", BALANCER),
        (1, "6.6.6.6, not-an-address", BALANCER),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_is_taken_from_the_trusted_proxies_only(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=forwarded)
    assert throttling.client_address(request) == expected


# Log-in throttling -------------------------------------------------------------------------------


def test_behind_the_balancer_a_locked_out_client_does_not_lock_out_another(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_user("valentina")
    attacker = Client(REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR="203.0.113.5")
    for _try in range(5):
        login(attacker, "valentina", "guess")
    assert login(attacker, "valentina").status_code == 429
    assert logged_in_user_id(attacker) is None

    owner = Client(REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR="198.51.100.7")
    response = login(owner, "valentina")
    assert response.status_code == 302
    assert response["Location"] == "/en/progress/"
    assert logged_in_user_id(owner) is not None
    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [("valentina", "203.0.113.5")]


def test_directly_a_locked_out_address_does_not_lock_out_another(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    make_user("valentina")
    attacker = Client(REMOTE_ADDR="203.0.113.5")
    for _try in range(5):
        login(attacker, "valentina", "guess")
    assert login(attacker, "valentina").status_code == 429
    owner = Client(REMOTE_ADDR="198.51.100.7")
    assert login(owner, "valentina").status_code == 302
    assert logged_in_user_id(owner) is not None


@pytest.mark.parametrize(("count", "real_address"), [(0, "203.0.113.5"), (1, "198.51.100.7")])
def test_a_forged_forwarded_header_does_not_escape_the_lock(settings, count, real_address):
    settings.TRUSTED_PROXY_COUNT = count
    make_user("valentina")
    # Directly (count 0) REMOTE_ADDR is the client; behind the balancer it appends the real address.
    client = Client(REMOTE_ADDR="203.0.113.5" if count == 0 else BALANCER)
    for n in range(5):
        forged = f"192.0.2.{n}" if count == 0 else f"192.0.2.{n}, {real_address}"
        login(client, "valentina", "guess", HTTP_X_FORWARDED_FOR=forged)
    response = login(client, "valentina", HTTP_X_FORWARDED_FOR=f"192.0.2.99, {real_address}")
    assert response.status_code == 429
    assert logged_in_user_id(client) is None
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {real_address}


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "en",
            "Log-ins under too many different usernames failed from your network, so logging in from here "
            "is paused for 15 minutes.",
        ),
        (
            "ru",
            "Из вашей сети было слишком много неудачных входов под разными именами, поэтому вход отсюда "
            "приостановлен на 15 минут.",
        ),
    ],
)
def test_password_spraying_locks_the_address_but_not_another(settings, lang, message):
    settings.LOGIN_FAILED_USERNAMES_PER_ADDRESS = 3
    make_user("valentina")
    sprayer = Client(REMOTE_ADDR="203.0.113.5")
    assert login(sprayer, "alexei", "123456", lang=lang).status_code == 400  # far below each username's limit
    assert login(sprayer, "boris", "123456", lang=lang).status_code == 400
    assert login(sprayer, "yuri", "123456", lang=lang).status_code == 429  # the third username locks the address
    response = login(sprayer, "valentina", lang=lang)  # even a right password
    assert response.status_code == 429
    assert message in response.content.decode()
    assert logged_in_user_id(sprayer) is None

    neighbour = Client(REMOTE_ADDR="198.51.100.7")
    assert login(neighbour, "valentina", lang=lang).status_code == 302
    assert logged_in_user_id(neighbour) is not None


def test_one_username_failing_many_times_does_not_lock_its_classmates(settings):
    # A school behind one NAT: a student hammering their own forgotten password locks only that username.
    settings.LOGIN_FAILED_USERNAMES_PER_ADDRESS = 3
    make_user("valentina")
    school = Client(REMOTE_ADDR="203.0.113.5")
    for _try in range(10):
        login(school, "alexei", "guess")
    classmate = Client(REMOTE_ADDR="203.0.113.5")
    assert login(classmate, "valentina").status_code == 302
    assert logged_in_user_id(classmate) is not None


def test_a_success_forgets_the_username_for_the_address_limit(settings):
    settings.LOGIN_FAILED_USERNAMES_PER_ADDRESS = 2
    for name in ("alexei", "boris", "valentina"):
        make_user(name)
    school = Client(REMOTE_ADDR="203.0.113.5")
    login(school, "alexei", "typo")
    assert login(school, "alexei").status_code == 302  # the mistype is forgotten
    school.post("/en/accounts/logout/")
    login(school, "boris", "typo")
    assert login(school, "valentina").status_code == 302  # one username failing, not two


# Join codes --------------------------------------------------------------------------------------


def student_client(address="203.0.113.5", **headers) -> tuple[Client, object]:
    user = make_user()
    client = Client(REMOTE_ADDR=address, **headers)
    client.force_login(user)
    return client, user


@pytest.fixture
def classroom():
    return make_classroom(name="7Б", join_code="K7M2QX")


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "Too many wrong codes. Check the code with your teacher and try again in 15 minutes."),
        ("ru", "Слишком много неверных кодов. Уточните код у учителя и попробуйте снова через 15 минут."),
    ],
)
def test_after_ten_wrong_codes_even_the_right_code_is_refused(classroom, lang, message):
    client, user = student_client()
    for n in range(10):
        assert client.post(f"/{lang}/classes/", {"code": f"ZZZZZ{JOIN_CODE_ALPHABET[n]}"}).status_code == 400
    response = client.post(f"/{lang}/classes/", {"code": "K7M2QX"})
    assert response.status_code == 429
    assert message in response.content.decode()
    assert not Membership.objects.filter(student=user).exists()


def test_the_join_limit_lifts_when_the_window_passes(classroom, monkeypatch):
    client, user = student_client()
    for _try in range(10):
        client.post("/en/classes/", {"code": "ZZZZZZ"})
    assert client.post("/en/classes/", {"code": "K7M2QX"}).status_code == 429
    later = time.time() + throttling.JOIN_WINDOW_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.post("/en/classes/", {"code": "K7M2QX"})
    assert response.status_code == 302
    assert list(Membership.objects.filter(student=user).values_list("classroom", flat=True)) == [classroom.pk]


@pytest.mark.parametrize(
    ("count", "headers", "other_headers"),
    [
        (0, {}, {}),  # directly: the addresses are REMOTE_ADDR
        (1, {"HTTP_X_FORWARDED_FOR": "203.0.113.5"}, {"HTTP_X_FORWARDED_FOR": "198.51.100.7"}),
    ],
)
def test_wrong_codes_are_limited_per_address_across_students(
    settings, monkeypatch, classroom, count, headers, other_headers
):
    settings.TRUSTED_PROXY_COUNT = count
    monkeypatch.setattr(throttling, "JOIN_FAILURES_PER_ADDRESS", 3)
    address = "203.0.113.5" if count == 0 else BALANCER
    for _student in range(3):
        client, _user = student_client(address, **headers)
        client.post("/en/classes/", {"code": "ZZZZZZ"})
    same_network, user = student_client(address, **headers)
    assert same_network.post("/en/classes/", {"code": "K7M2QX"}).status_code == 429
    assert not Membership.objects.filter(student=user).exists()

    elsewhere, other = student_client("198.51.100.7" if count == 0 else BALANCER, **other_headers)
    assert elsewhere.post("/en/classes/", {"code": "K7M2QX"}).status_code == 302
    assert Membership.objects.filter(student=other, classroom=classroom).exists()


class BrokenCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Redis is down")

        return fail


def test_a_failing_cache_does_not_break_joining(classroom, monkeypatch):
    monkeypatch.setattr(throttling, "cache", BrokenCache())
    client, user = student_client()
    wrong = client.post("/en/classes/", {"code": "ZZZZZZ"})
    assert wrong.status_code == 400
    assert "No class has the code ZZZZZZ. Check it with your teacher." in wrong.content.decode()
    assert client.post("/en/classes/", {"code": "K7M2QX"}).status_code == 302
    assert Membership.objects.filter(student=user, classroom=classroom).exists()


# Leaderboard labels ------------------------------------------------------------------------------


def test_anonymous_label_is_short_stable_and_keyed(settings):
    label = anonymous_label(7)
    assert len(label) == 6
    assert set(label) <= set(JOIN_CODE_ALPHABET)
    assert anonymous_label(7) == label
    assert anonymous_label(8) != label
    settings.SECRET_KEY = "another-" + "k3y" * 20
    assert anonymous_label(7) != label  # it depends on the secret, so ids cannot be tried one by one


@pytest.mark.parametrize(("lang", "word", "old"), [("en", "Student", "Student #"), ("ru", "Ученик", "Ученик №")])
def test_leaderboard_shows_an_opaque_label_not_the_user_id(client, lang, word, old):
    quiz = make_quiz([make_question()])
    user = make_user()
    make_attempt(quiz, user=user, score=1)
    page = client.get(f"/{lang}/leaderboard/").content.decode()
    assert f"{word} {anonymous_label(user.pk)}" in page
    assert old not in page


@pytest.mark.parametrize(
    ("lang", "help_text"),
    [
        ("en", "Leave it empty to appear as “Student” and a short code."),
        ("ru", "Если оставить поле пустым, вы будете там «Учеником» с коротким кодом."),
    ],
)
def test_profile_explains_the_label_and_shows_the_students_own(client, lang, help_text):
    user = make_user()
    client.force_login(user)
    page = client.get(f"/{lang}/profile/").content.decode()
    assert help_text in page
    assert f"<strong>{'Student' if lang == 'en' else 'Ученик'} {anonymous_label(user.pk)}</strong>" in page


# No caching of personal pages ------------------------------------------------------------------------


def test_a_signed_in_learners_pages_are_never_stored(client):
    user = make_user()
    quiz = make_quiz([make_question()])
    attempt = make_attempt(quiz, user=user, score=1)
    deck = make_deck(cards=2)
    make_classroom(students=[user])
    client.force_login(user)
    for url in (
        "/en/progress/",
        "/ru/progress/",
        f"/en/attempts/{attempt.public_id}/result/",
        "/en/profile/",
        "/en/classes/",
        f"/en/decks/{deck.slug}/study/fact/",
        "/en/leaderboard/",
        "/en/accounts/password/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url


def test_an_anonymous_learners_result_is_never_stored(client):
    quiz = make_quiz([make_question()])
    session = client.session
    session[SESSION_KEY] = "ab" * 16
    session.save()
    attempt = make_attempt(quiz, anon_key="ab" * 16, score=1)
    response = client.get(f"/en/attempts/{attempt.public_id}/result/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_public_page_for_a_new_visitor_may_be_cached(client):
    response = client.get("/en/timeline/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_views_own_cache_control_is_kept(client):
    client.force_login(make_user())
    response = client.get("/healthz")
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


# The language cookie ---------------------------------------------------------------------------------


def test_language_cookie_is_same_site_lax(client):
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/ru/"})
    cookie = response.cookies["django_language"]
    assert response.status_code == 302
    assert cookie.value == "ru"
    assert cookie["samesite"] == "Lax"
    assert cookie["secure"] == ""  # development is plain http


def test_language_cookie_is_secure_under_https_settings(client, settings):
    settings.LANGUAGE_COOKIE_SECURE = True
    cookie = client.post("/i18n/setlang/", {"language": "ru", "next": "/ru/"}).cookies["django_language"]
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"


SETTINGS_DUMP = (
    "import json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'asts_site.settings'; import django; django.setup(); "
    "from django.conf import settings as s; "
    "print(json.dumps([s.LANGUAGE_COOKIE_SECURE, s.SESSION_COOKIE_SECURE, s.TRUSTED_PROXY_COUNT]))"
)


def settings_under(env: dict) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "SECURE_COOKIES", "TRUSTED_PROXY_COUNT", "DATABASE_URL", "REDIS_URL")
    }
    return subprocess.run(
        [sys.executable, "-c", SETTINGS_DUMP],
        check=False,
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_ties_the_language_cookie_to_secure_cookies_and_reads_the_proxy_count():
    production = {"DEBUG": "0", "SECRET_KEY": "test-" + "k3y" * 20, "ALLOWED_HOSTS": "quiz.example.org"}
    assert json.loads(settings_under({**production, "TRUSTED_PROXY_COUNT": "1"}).stdout) == [True, True, 1]
    assert json.loads(settings_under({**production, "SECURE_COOKIES": "0"}).stdout) == [False, False, 0]
    refused = settings_under({**production, "TRUSTED_PROXY_COUNT": "-1"})
    assert refused.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be 0 or more" in refused.stderr

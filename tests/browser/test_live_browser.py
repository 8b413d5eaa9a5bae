"""A whole live game in a real Chromium: one projector and three phones in separate browser
contexts, one of them in Russian, one reloading mid-game, over real WebSockets served by daphne."""

import re
import time
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from playwright.sync_api import expect

from quiz.models import LiveGame, Player, Question
from tests.factories import make_question, make_quiz, make_teacher, make_user

from .checks import serious_violations

pytestmark = pytest.mark.browser


def _login(context, user, base):
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store.update(
        {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
    )
    store.create()
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": base}])


def _phone(contexts, base, lang, code, name, user=None):
    context = contexts(viewport={"width": 390, "height": 844}, locale=lang)
    if user:
        _login(context, user, base)
    page = context.new_page()
    page.goto(f"{base}/{lang}/live/")
    page.locator("input[name=code]").fill(code)
    page.locator("form.live-form button[type=submit]").click()
    page.locator("input[name=nickname]").fill(name)
    page.locator("form.live-form button[type=submit]").click()
    expect(page.locator(".live-wait h1")).to_be_visible()
    return page


def _right_text(question, lang):
    from django.utils import translation

    with translation.override(lang):
        return [c.text for c in question.choices.all() if c.is_correct]


def test_a_whole_game_with_a_projector_and_three_phones(contexts, asgi_server):
    base = asgi_server
    shots = __import__("pathlib").Path(__file__).resolve().parent / "screenshots"
    shots.mkdir(exist_ok=True)
    quiz = make_quiz([make_question(Question.Kind.SINGLE), make_question(Question.Kind.MULTIPLE)])
    teacher = make_teacher()
    student = make_user("yuri")

    projector_context = contexts(viewport={"width": 1366, "height": 768})
    _login(projector_context, teacher, base)
    projector = projector_context.new_page()
    projector.goto(f"{base}/en/quizzes/{quiz.slug}/")
    projector.get_by_role("link", name="Start a live game").click()
    projector.get_by_role("button", name="Open the game").click()
    expect(projector.locator(".live-code")).to_be_visible()
    game = LiveGame.objects.get()
    assert projector.locator(".live-qr").count() == 1
    expect(projector.locator("[data-live-socket]")).to_have_attribute("data-state", "lobby")

    anna = _phone(contexts, base, "en", game.code, "Anna")
    boris = _phone(contexts, base, "ru", game.code, "Борис")
    yuri = _phone(contexts, base, "en", game.code, "Yuri G", user=student)
    expect(projector.locator(".live-names li")).to_have_count(3)  # joined live, no reload
    projector.screenshot(path=str(shots / "live-projector-lobby-en-laptop.png"))
    assert serious_violations(projector) == []

    projector.get_by_role("button", name="Start the game").click()
    first = Question.objects.get(pk=game.question_ids[0])
    expect(boris.locator(".live-question-text")).to_have_text(first.text_ru)  # the question in Russian
    expect(anna.locator(".live-question-text")).to_have_text(first.text_en)
    boris.screenshot(path=str(shots / "live-question-ru-phone.png"))
    assert serious_violations(boris) == []

    anna.get_by_role("button", name=_right_text(first, "en")[0]).click()
    boris.get_by_role("button", name=_right_text(first, "ru")[0]).click()
    expect(boris.locator(".live-note-in")).to_contain_text("Ваш ответ принят")
    expect(projector.locator("[data-live-count]")).to_have_text("2")
    yuri.reload()  # a reload mid-question: the same seat, still able to answer
    yuri.get_by_role("button", name=_right_text(first, "en")[0]).click()
    expect(projector.locator("[data-live-count]")).to_have_text("3")

    projector.get_by_role("button", name="Show the answer now").click()
    expect(anna.locator(".live-verdict")).to_contain_text("Right!")
    expect(boris.locator(".live-verdict")).to_contain_text("Верно!")
    expect(projector.locator(".live-chart-svg")).to_be_visible()
    projector.screenshot(path=str(shots / "live-projector-reveal-en-laptop.png"))
    assert serious_violations(projector) == []

    projector.get_by_role("button", name="Next question").click()
    second = Question.objects.get(pk=game.question_ids[1])
    expect(yuri.locator(".live-question-text")).to_have_text(second.text_en)
    yuri.reload()  # and again, before answering
    for text in _right_text(second, "en"):
        yuri.get_by_text(text, exact=True).click()
    # A latecomer joins: every screen is sent the same question again, and Yuri's ticks stay ticked.
    late = contexts(viewport={"width": 390, "height": 844}, locale="en").new_page()
    late.goto(f"{base}/en/live/join/{game.code}/")
    late.locator("input[name=nickname]").fill("Vera")
    late.locator("form.live-form button[type=submit]").click()
    expect(late.locator(".live-question-text")).to_have_text(second.text_en)
    expect(projector.locator(".live-roster summary")).to_have_text("4 players")
    for text in _right_text(second, "en"):
        expect(yuri.get_by_label(text, exact=True)).to_be_checked()
    yuri.get_by_role("button", name="Answer").click()
    expect(yuri.locator(".live-note-in")).to_be_visible()
    projector.get_by_role("button", name="Show the answer now").click()
    expect(yuri.locator(".live-points")).to_contain_text("+1000")
    expect(anna.locator(".live-verdict")).to_contain_text("No answer")
    projector.get_by_role("button", name="Leaderboard").click()
    expect(projector.locator(".live-top li").first).to_contain_text("Yuri G")
    projector.get_by_role("button", name="Final results").click()

    expect(yuri.locator(".live-rank")).to_contain_text("place 1 of 4")
    expect(boris.locator(".live-final h1")).to_have_text("Игра окончена")
    boris.screenshot(path=str(shots / "live-final-ru-phone.png"))
    expect(projector.get_by_role("link", name="Results per player and question")).to_be_visible()
    seat = Player.objects.get(nickname="Yuri G")
    for _n in range(50):  # the attempt is stored just after everyone has been told
        seat.refresh_from_db()
        if seat.attempt_id:
            break
        time.sleep(0.1)
    assert seat.attempt.score == 2.0 and seat.attempt.user == student
    assert Player.objects.count() == 4  # the reloads kept their seats (and Vera came late)
    projector.goto(f"{base}/en/live/{game.public_id}/results/")
    expect(projector.locator("table").first).to_contain_text(re.compile("Yuri G"))
    projector.screenshot(path=str(shots / "live-results-en-laptop.png"), full_page=True)

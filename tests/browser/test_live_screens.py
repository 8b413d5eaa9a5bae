"""Every screen of a live game, as the class sees it: the projector (1366×768) and the phones
(390×844), in English and in Russian, in the light and the dark theme. Each screen is checked with
axe and saved to tests/browser/screenshots/ for people to look at (the README shows four)."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from quiz.live import services
from quiz.models import LiveGame, Question
from tests.factories import make_quiz, make_teacher
from tests.live_helpers import fields_for

from .checks import horizontal_overflow, serious_violations
from .conftest import SCREENSHOTS
from .test_live_browser import _login, _phone

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1366, "height": 768}
BOTS = ("Valentina", "Алексей", "Deke", "Тома", "Vance", "Валерий")


def _check(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    assert serious_violations(page) == [], name
    assert horizontal_overflow(page) <= 0, name


def _right(question, lang) -> str:
    with translation.override(lang):
        return next(c.text for c in question.choices.order_by("position") if c.is_correct)


def test_every_live_screen_in_both_languages_and_themes(contexts, asgi_server, content):
    base = asgi_server
    # Real questions from the bank: one choice, then true/false (the Russian wording is the longest).
    single = Question.objects.filter(kind="single", is_published=True).order_by("pk")[2]
    true_false = Question.objects.filter(kind="true_false", is_published=True).order_by("pk").first()
    quiz = make_quiz([single, true_false], title_en="Docking day", title_ru="День стыковки")
    teacher = make_teacher()
    game = services.create_game(quiz=quiz, host=teacher, seconds_per_question=90)

    projectors = {}
    for lang, scheme in (("en", "light"), ("ru", "light"), ("ru", "dark")):
        context = contexts(viewport=PROJECTOR, locale=lang, color_scheme=scheme)
        _login(context, teacher, base)
        page = context.new_page()
        page.goto(f"{base}/{lang}/live/{game.public_id}/host/")
        projectors[(lang, scheme)] = page
    phones = {
        ("en", "light"): _phone(contexts, base, "en", game.code, "Yuri G"),
        ("ru", "light"): _phone(contexts, base, "ru", game.code, "Борис"),
    }
    dark = contexts(viewport={"width": 390, "height": 844}, locale="en", color_scheme="dark")
    phones[("en", "dark")] = _phone(lambda **_o: dark, base, "en", game.code, "Anna")
    bots = [services.join(game=game, nickname=name, language="ru" if name[0] > "z" else "en") for name in BOTS]
    main = projectors[("en", "light")]
    for page in projectors.values():
        page.reload()  # the bots joined without a socket message
        expect(page.locator(".live-names li")).to_have_count(9)

    def every_screen(stage: str):
        for (lang, scheme), page in projectors.items():
            _check(page, f"live-projector-{stage}-{lang}-laptop{'-dark' if scheme == 'dark' else ''}")
        for (lang, scheme), page in phones.items():
            _check(page, f"live-player-{stage}-{lang}-phone{'-dark' if scheme == 'dark' else ''}")

    every_screen("lobby")

    main.get_by_role("button", name="Start the game").click()
    for (lang, _scheme), page in phones.items():
        expect(page.locator(".live-question-text")).to_have_text(getattr(single, f"text_{lang}"))
    for page in projectors.values():
        expect(page.locator(".live-question-text")).to_be_visible()
    every_screen("question")

    game.refresh_from_db()
    for n, bot in enumerate(bots):
        services.answer(
            game_id=game.pk, player=bot, index=0, fields=fields_for(game, 0, right=n % 3 != 0), language=bot.language
        )
    phones[("en", "light")].get_by_role("button", name=_right(single, "en")).click()
    expect(phones[("en", "light")].locator(".live-note-in")).to_be_visible()
    every_screen("answered")

    main.get_by_role("button", name="Show the answer now").click()
    for page in phones.values():
        expect(page.locator(".live-verdict")).to_be_visible()
    expect(projectors[("ru", "dark")].locator(".live-chart-svg")).to_be_visible()
    every_screen("reveal")

    main.get_by_role("button", name="Leaderboard").click()
    expect(projectors[("ru", "light")].locator(".live-top li").first).to_be_visible()
    every_screen("leaderboard")

    main.get_by_role("button", name="End the game").click()
    for page in phones.values():
        expect(page.locator(".live-final")).to_be_visible()
    for page in projectors.values():
        expect(page.locator(".live-top li").first).to_be_visible()
    every_screen("end")
    assert LiveGame.objects.get().is_over

    # The teacher's results page, per player and per question.
    for (lang, scheme), page in projectors.items():
        page.goto(f"{base}/{lang}/live/{game.public_id}/results/")
        expect(page.locator("table").first).to_contain_text("Yuri G")
        _check(page, f"live-results-{lang}-laptop{'-dark' if scheme == 'dark' else ''}")

"""Every main page, in both languages: no serious accessibility violation (axe-core), nothing
overflowing on a 375 px phone or a 1280 px laptop, and a screenshot for people to look at."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.checks import SIZES, horizontal_overflow, serious_violations

pytestmark = pytest.mark.browser

# Pages a visitor reaches without signing in; {lang} is filled in per language.
PUBLIC_PAGES = {
    "home": "/{lang}/",
    "quizzes": "/{lang}/quizzes/",
    "quiz": "/{lang}/quizzes/first-look/",
    "timeline": "/{lang}/timeline/",
    "decks": "/{lang}/decks/",
    "deck": "/{lang}/decks/engineering/",
    "study": "/{lang}/decks/vocabulary/study/en-ru/",
    "leaderboard": "/{lang}/leaderboard/",
    "login": "/{lang}/accounts/login/",
    "signup": "/{lang}/accounts/signup/",
}


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_public_page_is_accessible_and_fits(live_server, page: Page, content, shot, name, lang):
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(live_server.url + PUBLIC_PAGES[name].format(lang=lang))
        expect(page.locator("html")).to_have_attribute("lang", lang)
        assert horizontal_overflow(page) <= 0, f"{name} overflows at {size}"
        shot(f"{name}-{lang}-{size}")
    assert serious_violations(page) == []


def test_question_page_is_accessible_in_both_languages(live_server, page: Page, content, shot):
    page.goto(f"{live_server.url}/en/quizzes/first-look/")
    page.get_by_role("button", name="Start the quiz").click()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Русский").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    assert serious_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 812})
    assert horizontal_overflow(page) <= 0
    shot("question-ru-phone")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_public_page_works_without_javascript(live_server, browser, content, lang):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 812})
    page = context.new_page()
    for name, path in PUBLIC_PAGES.items():
        response = page.goto(live_server.url + path.format(lang=lang))
        assert response.status == 200, name
        expect(page.locator("h1").first).to_be_visible()
        assert horizontal_overflow(page) <= 0, name
    # Showing a flashcard's answer is a plain link without JavaScript.
    page.goto(f"{live_server.url}/{lang}/decks/engineering/study/fact/")
    page.locator("a.show-answer").click()
    expect(page.locator(".rating-form")).to_be_visible()
    context.close()

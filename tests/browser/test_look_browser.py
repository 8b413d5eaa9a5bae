"""The look in a real Chromium at 390×844 and 1366×768, both languages and both themes: the phone
header takes at most a quarter of the screen, its menu opens without JavaScript, wide screens show the
links as a row, and axe finds nothing serious in the dark theme either."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.checks import horizontal_overflow, serious_violations

pytestmark = pytest.mark.browser

PHONE, LAPTOP = (390, 844), (1366, 768)
STUDENT_PAGES = [
    "/{lang}/",
    "/{lang}/timeline/",
    "/{lang}/leaderboard/",
    "/{lang}/progress/",
    "/{lang}/quizzes/",
    "/{lang}/decks/",
]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_phone_header_is_at_most_a_quarter_of_the_screen_and_its_menu_opens(live_server, page: Page, content, lang):
    page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    page.goto(f"{live_server.url}/{lang}/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= PHONE[1] * 0.25, header
    links = page.locator(".menu-panel a")
    expect(links.first).to_be_hidden()
    page.locator(".menu > summary").click()
    expect(page.get_by_role("link", name="Timeline" if lang == "en" else "Хронология", exact=True)).to_be_visible()
    box = page.locator(".menu > summary").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    page.keyboard.press("Escape")
    expect(links.first).to_be_hidden()
    assert horizontal_overflow(page) <= 0


def test_the_menu_works_without_javascript(live_server, browser, content):
    context = browser.new_context(java_script_enabled=False, viewport={"width": PHONE[0], "height": PHONE[1]})
    page = context.new_page()
    page.goto(f"{live_server.url}/ru/")
    page.locator(".menu > summary").click()
    page.get_by_role("link", name="Хронология", exact=True).click()
    expect(page.locator("h1")).to_have_text("Полёт шаг за шагом")
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_a_laptop_shows_the_links_as_a_row(live_server, browser, content, javascript):
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": LAPTOP[0], "height": LAPTOP[1]})
    page = context.new_page()
    page.goto(f"{live_server.url}/en/")
    expect(page.locator(".menu > summary")).to_be_hidden()
    expect(page.get_by_role("link", name="Leaderboard", exact=True)).to_be_visible()
    assert page.locator(".site-header").bounding_box()["height"] <= 80
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_student_pages_have_no_serious_axe_findings_in_either_theme(live_server, browser, content, lang, scheme):
    for width, height in (PHONE, LAPTOP):
        context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": height})
        page = context.new_page()
        for path in STUDENT_PAGES:
            page.goto(live_server.url + path.format(lang=lang))
            assert horizontal_overflow(page) <= 0, (path, width)
            assert serious_violations(page) == [], (path, width, scheme)
        context.close()


def test_timeline_chapter_links_jump_and_stay_at_hand(live_server, page: Page, content):
    page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    page.goto(f"{live_server.url}/en/timeline/")
    page.locator(".chapter-nav a[href='#chapter-after']").click()
    expect(page.locator("#chapter-after")).to_be_in_viewport()
    expect(page.locator(".chapter-nav")).to_be_in_viewport()  # sticky: still there to jump again

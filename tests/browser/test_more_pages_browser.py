"""The pages test_look_browser.py does not cover — log in, sign up, profile, My classes, a deck, the
study page (both sides of a card) and a quiz's page — at 390×844 and 1366×768, in English and
Russian, in the light and the dark theme: axe finds nothing serious and nothing is wider than the
screen. And each of them works without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from quiz.models import Card, Membership, Profile, Quiz, ReviewLog
from tests.browser.checks import PASSWORD, horizontal_overflow, log_in, serious_violations
from tests.browser.conftest import SCREENSHOTS
from tests.factories import make_classroom, make_user

pytestmark = pytest.mark.browser

SIZES = {"phone": (390, 844), "laptop": (1366, 768)}
ANONYMOUS_PAGES = ["/{lang}/accounts/login/", "/{lang}/accounts/signup/"]
SIGNED_IN_PAGES = [
    "/{lang}/profile/",
    "/{lang}/classes/",
    "/{lang}/decks/road/",
    "/{lang}/decks/road/study/fact/",
    "/{lang}/decks/road/study/fact/?card={card}&answer=1",
    "/{lang}/quizzes/{quiz}/",
]


@pytest.fixture
def student(content):
    """A signed-up student in a class with an assignment, so My classes and the quiz page have their
    fullest content."""
    user = make_user("valentina")
    Profile.objects.create(user=user, display_name="Valentina")
    quiz = Quiz.objects.published().real().order_by("pk").first()
    make_classroom(students=[user], quizzes=[quiz], name="7B")
    return user


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_account_study_and_quiz_pages_have_no_serious_axe_findings(live_server, browser, student, lang, scheme):
    card = Card.objects.filter(deck__slug="road").order_by("position", "id").first()
    quiz = Quiz.objects.published().real().order_by("pk").first()
    for size, (width, height) in SIZES.items():
        context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": height}, locale=lang)
        page = context.new_page()
        paths = [p.format(lang=lang) for p in ANONYMOUS_PAGES]
        for path in paths:
            page.goto(live_server.url + path)
            assert horizontal_overflow(page) <= 0, (path, size)
            assert serious_violations(page) == [], (path, size, scheme)
        log_in(page, live_server.url, "valentina", lang)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        for path in (p.format(lang=lang, card=card.pk, quiz=quiz.slug) for p in SIGNED_IN_PAGES):
            page.goto(live_server.url + path)
            assert "/accounts/login/" not in page.url, path  # signed in: the page itself, not the log-in form
            assert horizontal_overflow(page) <= 0, (path, size)
            assert serious_violations(page) == [], (path, size, scheme)
            if size == "phone" and scheme == "dark":
                page.screenshot(path=f"{SCREENSHOTS}/more-{path.strip('/').split('?')[0].replace('/', '-')}-dark.png")
        context.close()


def test_the_same_pages_work_without_javascript(live_server, browser, student):
    """Each page's own action, done with links and forms only."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    base = live_server.url
    # Sign up (a wrong confirmation first: the message in the page's language), then log out and in.
    page.goto(f"{base}/ru/accounts/signup/")
    page.locator("input[name=username]").fill("leonov_fan")
    page.locator("input[name=password1]").fill("soyuz-19-apollo")
    page.locator("input[name=password2]").fill("soyuz-19-apolo")
    page.locator("form.account-form button[type=submit]").click()
    expect(page.locator(".errorlist").first).to_contain_text(re.compile("[а-я]"))
    page.goto(f"{base}/en/accounts/login/")
    page.locator("input[name=username]").fill("valentina")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()
    expect(page.locator(".menu-panel")).to_be_attached()
    # Profile: change the display name.
    page.goto(f"{base}/en/profile/")
    page.locator("input[name=display_name]").fill("Valya")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".messages")).to_be_visible()
    assert Profile.objects.get(user__username="valentina").display_name == "Valya"
    # My classes: join a second class by its code.
    other = make_classroom(name="8A")
    page.goto(f"{base}/en/classes/")
    page.locator("input[name=code]").fill(other.join_code)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("8A")
    assert Membership.objects.filter(student__username="valentina").count() == 2
    # A deck, then study: show the answer (a link), rate it (a form), the next card comes.
    page.goto(f"{base}/en/decks/road/")
    page.get_by_role("link", name="Study now").click()
    page.locator("a.show-answer").click()
    page.locator(".rating-form button.rating-3").click()
    expect(page.locator("a.show-answer")).to_be_visible()
    assert ReviewLog.objects.filter(card_state__user__username="valentina").count() == 1
    # A quiz's page: start it, the first question is there.
    quiz = Quiz.objects.published().real().order_by("pk").first()
    page.goto(f"{base}/en/quizzes/{quiz.slug}/")
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/q/1/$"))
    context.close()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_laptop_header_is_one_row_in_both_languages(live_server, browser, student, lang):
    """At 1366×768 the Russian links (the longer ones) fit one row as the English do, signed in or not."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/")
    assert page.locator(".site-header").bounding_box()["height"] <= 80
    log_in(page, live_server.url, "valentina", lang)
    page.goto(f"{live_server.url}/{lang}/")
    assert page.locator(".site-header").bounding_box()["height"] <= 80
    assert page.locator(".brand-name").bounding_box()["height"] < 40  # the name on one line
    page.screenshot(path=f"{SCREENSHOTS}/header-{lang}-laptop.png")
    context.close()

"""Studying flashcards in a real Chromium: with the keyboard only, without JavaScript, with reduced motion."""

import re

import pytest
from playwright.sync_api import Page, expect

from quiz.models import Card, CardState, Deck, ReviewLog

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


def road_cards() -> list[Card]:
    return list(Card.objects.filter(deck__slug="road").order_by("position", "id"))


def test_study_three_cards_with_the_keyboard_only(live_server, page: Page, content, shot):
    cards = road_cards()
    page.goto(f"{live_server.url}/en/decks/road/")
    expect(page.locator(".deck-counts")).to_have_text("0 cards due · 10 new")
    # Reach "Study now" with Tab alone, as a keyboard user would.
    study = page.get_by_role("link", name="Study now")
    for _ in range(40):
        page.keyboard.press("Tab")
        if study.evaluate("el => el === document.activeElement"):
            break
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/decks/road/study/fact/$"))
    expect(page.locator(".shortcuts")).to_contain_text("Space shows the answer, 1–4 rate it.")
    for number, card in enumerate(cards[:3], start=1):
        expect(page.locator(".flashcard-prompt")).to_have_text(card.front_en)
        expect(page.locator(".flashcard-answer")).to_be_hidden()
        expect(page.locator(".rating-form")).to_be_hidden()
        if number == 1:
            shot("study-fact-front-en-desktop")
        expect(page.locator("[data-flashcard][data-enhanced]")).to_be_attached()  # study.js has run
        page.keyboard.press("Space")
        expect(page.locator(".flashcard")).to_have_class(re.compile("is-flipped"))
        expect(page.locator(".flashcard-answer")).to_have_text(card.back_en)
        expect(page.get_by_role("button", name=re.compile(r"^3\s+Good\s+10 min$"))).to_be_visible()
        if number == 1:
            page.wait_for_timeout(600)  # let the turn finish for the picture
            shot("study-fact-back-en-desktop")
        page.keyboard.press("3")
        expect(page.locator(".flashcard-prompt")).to_have_text(cards[number].front_en)
    expect(page.locator(".deck-counts")).to_have_text("0 cards due · 7 new")
    ratings = list(ReviewLog.objects.order_by("reviewed_at").values_list("card_state__card_id", "rating"))
    assert ratings == [(card.pk, 3) for card in cards[:3]]
    assert CardState.objects.filter(reps=1).count() == 3


def test_vocabulary_without_javascript_in_russian(live_server, browser, content):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/ru/decks/vocabulary/")
    page.get_by_role("link", name="Изучать: английский → русский").click()
    first = Card.objects.filter(deck__slug="vocabulary").order_by("position", "id").first()
    expect(page.locator(".flashcard-prompt")).to_have_text(first.front_en)
    expect(page.locator(".flashcard-prompt")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Показать ответ").click()
    expect(page).to_have_url(re.compile(rf"\?card={first.pk}&answer=1$"))
    expect(page.locator(".flashcard-answer")).to_have_text(first.front_ru)
    expect(page.locator(".flashcard-answer")).to_have_attribute("lang", "ru")
    page.get_by_role("button", name=re.compile("Легко")).click()
    expect(page).to_have_url(re.compile(r"/ru/decks/vocabulary/study/en-ru/$"))
    expect(page.locator(".deck-counts")).to_have_text("0 карточек к повторению · 9 новых")
    state = CardState.objects.get()
    assert (state.card_id, state.direction, state.reps) == (first.pk, "en-ru", 1)
    context.close()


def test_reduced_motion_turns_the_card_without_animation(live_server, page: Page, content):
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"{live_server.url}/en/decks/crews/study/fact/")
    inner = page.locator(".flashcard-inner")
    expect(page.locator("[data-flashcard][data-enhanced]")).to_be_attached()
    assert inner.evaluate("el => getComputedStyle(el).transitionDuration") == "0s"
    page.keyboard.press("Space")
    expect(page.locator(".flashcard-answer")).to_be_visible()
    page.emulate_media(reduced_motion="no-preference")
    page.reload()
    assert inner.evaluate("el => getComputedStyle(el).transitionDuration") == "0.5s"


def test_pages_in_both_languages_on_phone_and_desktop(live_server, page: Page, content, shot):
    Deck.objects.filter(slug="handshake").update(new_per_day=1)
    for lang, done_text in (("en", "Done for now"), ("ru", "Пока всё")):
        for size_name, size in (("phone", PHONE), ("desktop", DESKTOP)):
            page.set_viewport_size(size)
            for name, path in (
                ("decks", "decks/"),
                ("deck", "decks/road/"),
                ("deck-vocabulary", "decks/vocabulary/"),
                ("study-vocabulary", "decks/vocabulary/study/ru-en/"),
            ):
                page.goto(f"{live_server.url}/{lang}/{path}")
                expect(page.locator("h1")).to_be_visible()
                shot(f"{name}-{lang}-{size_name}")
            page.goto(f"{live_server.url}/{lang}/decks/vocabulary/study/ru-en/")
            expect(page.locator("[data-flashcard][data-enhanced]")).to_be_attached()
            page.keyboard.press("Space")
            page.wait_for_timeout(600)
            shot(f"study-back-{lang}-{size_name}")
        page.goto(f"{live_server.url}/{lang}/decks/handshake/study/fact/")
        if page.locator(".flashcard").count():
            expect(page.locator("[data-flashcard][data-enhanced]")).to_be_attached()
            page.keyboard.press("Space")
            page.keyboard.press("4")
        expect(page.locator("h1")).to_have_text(done_text)
        shot(f"study-done-{lang}-desktop")

"""The daily habit in a real Chromium on a phone (390×844): an anonymous learner studies, sees
today's goal met and the streak on My progress, signs up, and still sees them — in English and in
Russian across each test."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from quiz.models import Attempt, DailyGoal, Question, ReviewLog
from tests.browser.checks import finish_with_every_answer_right, serious_violations
from tests.factories import make_quiz

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _switch_language(page: Page, code: str) -> None:
    page.locator(f".lang-switch button[value={code}]").click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def _sign_up(page: Page, username: str, labels: dict) -> None:
    page.locator(".menu > summary").click()  # a phone: the links are in the menu
    page.get_by_role("navigation", name=labels["account"]).get_by_role("link", name=labels["signup"]).click()
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password1]").fill("soyuz-19-apollo")
    page.locator("input[name=password2]").fill("soyuz-19-apollo")
    page.locator("form.account-form button[type=submit]").click()


def _goal_box(page: Page):
    return page.locator(".habit-summary")


def test_flashcards_meet_the_goal_and_the_streak_survives_sign_up(live_server, page: Page, content):
    page.set_viewport_size(PHONE)
    base = live_server.url
    # An anonymous learner sets a small goal in English…
    page.goto(f"{base}/en/progress/")
    expect(_goal_box(page).locator(".habit-today")).to_have_text("0 of 10 flashcards, or one quiz")
    page.get_by_text("Change your daily goal").click()
    page.get_by_label("Flashcards only").check()
    page.get_by_label("Flashcards a day").fill("3")
    page.get_by_role("button", name="Save the goal").click()
    expect(_goal_box(page).locator(".habit-today")).to_have_text("0 of 3 flashcards today")
    expect(_goal_box(page).locator(".habit-streak")).to_contain_text("A new streak starts")

    # …studies three cards…
    page.goto(f"{base}/en/decks/road/study/fact/")
    for _n in range(3):
        page.locator(".flashcard-actions .show-answer, [data-flashcard] button.show-answer").first.click()
        page.locator(".rating-form button.rating-3").click()
    assert ReviewLog.objects.count() == 3

    # …and sees the day met, in English and after switching to Russian.
    page.goto(f"{base}/en/progress/")
    expect(_goal_box(page).locator(".habit-today")).to_contain_text("Done for today.")
    expect(_goal_box(page).locator(".habit-streak")).to_have_text(re.compile(r"1 day in a row"))
    expect(page.locator(".habit-is-today")).to_have_class(re.compile("habit-met"))
    _switch_language(page, "ru")
    expect(_goal_box(page).locator(".habit-today")).to_contain_text("На сегодня всё сделано.")
    expect(_goal_box(page).locator(".habit-streak")).to_have_text(re.compile(r"1 день подряд"))

    # Signing up (in Russian) keeps the goal, the day and the streak.
    _sign_up(page, "soyuz_fan", {"account": "Аккаунт", "signup": "Зарегистрироваться"})
    user = get_user_model().objects.get(username="soyuz_fan")
    page.goto(f"{base}/ru/progress/")
    expect(_goal_box(page).locator(".habit-today")).to_contain_text("На сегодня всё сделано.")
    expect(_goal_box(page).locator(".habit-streak")).to_have_text(re.compile(r"1 день подряд"))
    expect(page.locator(".habit-is-today")).to_have_class(re.compile("habit-met"))
    assert serious_violations(page) == []
    goal = DailyGoal.objects.get()
    assert (goal.user, goal.anon_key, goal.kind, goal.cards) == (user, "", "cards", 3)
    assert ReviewLog.objects.filter(card_state__user=user).count() == 3


def test_a_finished_quiz_meets_the_default_goal_and_survives_sign_up(live_server, page: Page, content):
    page.set_viewport_size(PHONE)
    base = live_server.url
    questions = list(Question.objects.filter(kind="true_false", is_published=True).order_by("pk")[:2])
    quiz = make_quiz(questions, title_en="Two quick ones", title_ru="Два коротких")
    # In Russian: nothing studied yet, the default goal is ten cards or one quiz.
    page.goto(f"{base}/ru/progress/")
    expect(_goal_box(page).locator(".habit-today")).to_contain_text("0 из 10")
    page.goto(f"{base}/ru/quizzes/{quiz.slug}/")
    page.locator("main form button[type=submit]").click()
    finish_with_every_answer_right(page, Attempt.objects.get())
    page.goto(f"{base}/ru/progress/")
    expect(_goal_box(page).locator(".habit-today")).to_contain_text("На сегодня всё сделано.")
    expect(_goal_box(page).locator(".habit-streak")).to_have_text(re.compile(r"1 день подряд"))

    # The home page says it too; then sign up in English.
    _switch_language(page, "en")
    page.goto(f"{base}/en/")
    expect(page.locator(".action-habit .habit-today")).to_contain_text("Done for today.")
    _sign_up(page, "apollo_fan", {"account": "Account", "signup": "Sign up"})
    page.goto(f"{base}/en/progress/")
    expect(_goal_box(page).locator(".habit-today")).to_contain_text("Done for today.")
    expect(_goal_box(page).locator(".habit-streak")).to_have_text(re.compile(r"1 day in a row"))
    assert serious_violations(page) == []

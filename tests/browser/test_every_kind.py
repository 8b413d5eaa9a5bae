"""Every question kind answered in a real browser in both languages; a whole quiz with JavaScript
off; a teacher's edit in the admin's Russian tab reaching a student."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Browser, Page, expect

from quiz.kinds import KINDS
from quiz.models import Attempt, Question, Quiz
from tests.browser.checks import SIZES, finish_with_every_answer_right
from tests.factories import make_question, make_quiz, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def every_kind_quiz(content):
    """One question of every registered kind: the shipped bank's first, or a made one."""
    questions = [
        Question.objects.published().filter(kind=kind).order_by("pk").first() or make_question(kind) for kind in KINDS
    ]
    return make_quiz(
        questions,
        slug="every-kind",
        title_en="Every kind",
        title_ru="Все типы вопросов",
        description_en="One of each.",
        description_ru="По одному каждого типа.",
        shuffle_choices=True,
    )


def take_quiz(page: Page, base: str, slug: str, lang: str) -> Attempt:
    page.goto(f"{base}/{lang}/quizzes/{slug}/")
    page.locator("form button[type=submit].button").first.click()
    attempt = Attempt.objects.latest("started_at")
    expect(page).to_have_url(re.compile(f"/{lang}/attempts/{attempt.public_id}/q/1/$"))
    finish_with_every_answer_right(page, attempt)
    return attempt


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_question_kind_in_both_languages(live_server, page: Page, every_kind_quiz, shot, lang):
    attempt = take_quiz(page, live_server.url, "every-kind", lang)
    shot(f"result-every-kind-{lang}")
    attempt.refresh_from_db()
    assert attempt.score == len(KINDS)
    assert set(attempt.responses.values_list("language", flat=True)) == {lang}


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_the_new_kinds_on_a_phone_and_a_laptop(live_server, browser: Browser, content, shot, size):
    make_quiz(
        [make_question(kind) for kind in ("typed", "matching", "diagram")],
        slug="new-kinds",
        title_en="New kinds",
        title_ru="Новые типы",
        description_en="Typed, matching, diagram.",
        description_ru="Ввод, пары, схема.",
        shuffle_choices=True,
    )
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    attempt = take_quiz(page, live_server.url, "new-kinds", "ru")
    shot(f"result-new-kinds-ru-{size}")
    attempt.refresh_from_db()
    assert attempt.score == 3.0
    context.close()


def test_a_whole_quiz_without_javascript(live_server, browser: Browser, every_kind_quiz):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    attempt = take_quiz(page, live_server.url, "every-kind", "ru")
    attempt.refresh_from_db()
    assert attempt.score == len(KINDS)
    context.close()


def test_teacher_edits_the_russian_tab_and_a_student_sees_it(live_server, browser: Browser, content):
    teacher = make_user("teacher", is_staff=True)
    teacher.groups.add(Group.objects.get(name="Teachers"))
    question = Quiz.objects.get(slug="first-look").quiz_questions.order_by("position").first().question

    admin = browser.new_page()
    admin.goto(f"{live_server.url}/ru/admin/login/")
    admin.locator("input[name=username]").fill("teacher")
    admin.locator("input[name=password]").fill("orbit-1975-handshake")
    admin.locator("input[type=submit]").click()
    admin.goto(f"{live_server.url}/ru/admin/quiz/question/{question.pk}/change/")
    admin.locator("#language-switch input[value=ru]").check()  # one language switch for the whole form
    text_ru = admin.locator("#id_text_ru")
    expect(text_ru).to_be_visible()
    expect(admin.locator("#id_text_en")).to_be_hidden()
    text_ru.fill("Кто из американских президентов первым предложил совместный полёт к Луне?")
    admin.locator("input[name=_save]").click()
    expect(admin.locator(".messagelist")).to_be_visible()

    student = browser.new_page()
    student.goto(f"{live_server.url}/ru/quizzes/first-look/")
    student.get_by_role("button", name="Начать викторину").click()
    expect(student.locator(".question-text")).to_have_text(
        "Кто из американских президентов первым предложил совместный полёт к Луне?"
    )
    question.refresh_from_db()
    assert question.text_en != question.text_ru


def test_an_unsent_choice_survives_a_language_switch(live_server, page: Page, every_kind_quiz):
    page.goto(f"{live_server.url}/en/quizzes/every-kind/")
    page.get_by_role("button", name="Start the quiz").click()
    attempt = Attempt.objects.get()
    question = Question.objects.get(pk=attempt.question_ids[0])
    wrong = question.choices.filter(is_correct=False).order_by("position").first()
    page.get_by_label(wrong.text_en, exact=True).check()
    page.get_by_role("button", name="Русский").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_label(wrong.text_ru, exact=True)).to_be_checked()
    assert attempt.responses.count() == 0  # kept in the browser only, until the student answers

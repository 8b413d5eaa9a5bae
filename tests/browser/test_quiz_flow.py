"""A student takes a quiz in Russian, switches to English halfway, and finishes."""

import re

import pytest
from playwright.sync_api import Page, expect

from quiz.models import Attempt, Question
from tests.browser.checks import answer_correctly

pytestmark = pytest.mark.browser


def test_quiz_in_russian_then_english_scores_everything(live_server, page: Page, content, shot):
    page.goto(f"{live_server.url}/ru/quizzes/first-look/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Первое знакомство")
    page.get_by_role("button", name="Начать викторину").click()
    attempt = Attempt.objects.get()
    total = attempt.question_total
    for number, question_id in enumerate(attempt.question_ids, start=1):
        question = Question.objects.get(pk=question_id)
        russian = number <= total // 2
        if number == total // 2 + 1:
            page.get_by_role("button", name="English").click()
            expect(page).to_have_url(re.compile(f"/en/attempts/{attempt.public_id}/q/{number}/$"))
        expect(page.locator("#progress-label")).to_have_text(
            f"Вопрос {number} из {total}" if russian else f"Question {number} of {total}"
        )
        expect(page.locator(".question-text")).to_have_text(question.text_ru if russian else question.text_en)
        if number == 1:
            shot("question-ru")
        answer_correctly(page, question)
        expect(page.locator(".feedback-verdict")).to_contain_text(
            "Ваш ответ правильный" if russian else "Your answer is correct"
        )
        if number < total:
            page.get_by_role("link", name=re.compile("Следующий вопрос|Next question")).click()
    page.get_by_role("button", name="See your result").click()
    expect(page.locator(".score-big")).to_have_text("100%")
    shot("result-en")
    attempt.refresh_from_db()
    assert attempt.score == total
    languages = list(attempt.responses.order_by("answered_at").values_list("language", flat=True))
    assert languages == ["ru"] * (total // 2) + ["en"] * (total - total // 2)

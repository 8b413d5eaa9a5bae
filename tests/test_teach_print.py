"""The printable quiz: one language or both side by side, space to answer, the key on its own page."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from quiz.models import Question
from tests.factories import make_question, make_quiz, make_teacher, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz():
    single = make_question(
        Question.Kind.SINGLE, text_en="Where did Soyuz 19 launch from?", text_ru="Откуда стартовал «Союз-19»?"
    )
    number = make_question(Question.Kind.NUMBER, text_en="In which year?", text_ru="В каком году?")
    order = make_question(Question.Kind.ORDER)
    return make_quiz([single, number, order], slug="launch", title_en="Launch", title_ru="Старт")


@pytest.fixture
def teacher_client(client):
    client.force_login(make_teacher())
    return client


def test_both_languages_side_by_side_with_the_key_after(teacher_client, quiz):
    page = teacher_client.get("/en/teach/quizzes/launch/print/").content.decode()
    assert "Where did Soyuz 19 launch from?" in page and "Откуда стартовал «Союз-19»?" in page
    assert page.count('class="print-versions print-versions-2"') == 3
    key = page[page.index('class="print-key"') :]
    assert 'Baikonur</span> / <span lang="ru">Байконур' in key and "1975" in key
    assert page.index("Where did Soyuz") < page.index('class="print-key"')
    assert 'class="print-answer"' in page  # a line to write the year on


def test_one_language_only(teacher_client, quiz):
    page = teacher_client.get("/ru/teach/quizzes/launch/print/", {"language": "ru"}).content.decode()
    assert "Откуда стартовал «Союз-19»?" in page and "Where did Soyuz 19" not in page
    assert "Ключ ответов: Старт" in page


def test_order_questions_are_not_printed_in_the_right_order(teacher_client, quiz):
    page = teacher_client.get("/en/teach/quizzes/launch/print/", {"language": "en"}).content.decode()
    items = ["Kennedy&#x27;s proposal", "Apollo 11", "The handshake"]
    positions = [page.index(f"☐</span> {item}") for item in items]
    assert positions != sorted(positions)


def test_print_stylesheet_puts_the_key_on_its_own_page(client):
    from pathlib import Path

    css = (Path(__file__).resolve().parents[1] / "quiz" / "static" / "quiz" / "teach.css").read_text()
    assert "page-break-before: always" in css and "@media print" in css


def test_an_unknown_language_is_404_and_students_cannot_see_the_key(client, teacher_client, quiz):
    assert teacher_client.get("/en/teach/quizzes/launch/print/", {"language": "de"}).status_code == 404
    assert teacher_client.get("/en/teach/quizzes/nope/print/").status_code == 404
    client.force_login(make_user())
    assert client.get("/en/teach/quizzes/launch/print/").status_code == 403


def test_the_quiz_admin_links_to_print(teacher_client, quiz):
    assertContains(teacher_client.get(f"/en/admin/quiz/quiz/{quiz.pk}/change/"), "/en/teach/quizzes/launch/print/")
    assertNotContains(teacher_client.get("/en/admin/quiz/quiz/add/"), "/print/")

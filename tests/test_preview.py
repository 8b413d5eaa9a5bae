"""A teacher previews any question as a student sees it, in either language, without an attempt."""

import pytest
from django.utils.html import escape

from quiz.models import Attempt, Question, Response
from tests.factories import FIRST_KINDS as KINDS
from tests.factories import answer_post, correct_post, make_fact, make_question, make_teacher, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher_client(client):
    client.force_login(make_teacher())
    return client


def url(question, lang="en"):
    return f"/{lang}/admin/quiz/question/{question.pk}/preview/"


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_previews_with_the_students_form(teacher_client, kind):
    question = make_question(kind)
    page = teacher_client.get(url(question)).content.decode()
    assert question.text_en in page
    assert 'class="answer-form"' in page
    assert "This is what a student sees." in page
    assert 'class="tag tag-right"' not in page  # the page never gives the answer away
    assert Attempt.objects.count() == 0


def test_preview_in_russian_shows_the_russian_text_and_choices(teacher_client):
    question = make_question(Question.Kind.SINGLE, text_en="Where from?", text_ru="Откуда стартовал «Союз-19»?")
    page = teacher_client.get(url(question, "ru")).content.decode()
    assert "Откуда стартовал «Союз-19»?" in page and "Where from?" not in page
    assert "Байконур" in page and "Плесецк" in page
    assert "Так вопрос видит ученик." in page
    assert f'href="/en/admin/quiz/question/{question.pk}/preview/"' in page  # the other language, one click away


def test_answering_in_the_preview_shows_the_feedback_and_saves_nothing(teacher_client):
    fact = make_fact(title_en="The docking", title_ru="Стыковка")
    question = make_question(Question.Kind.SINGLE, fact=fact)
    response = teacher_client.post(url(question), correct_post(question, "preview"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your answer is correct" in page and question.explanation_en in page and "The docking" in page
    wrong = question.choices.get(position=2)
    page = teacher_client.post(url(question, "ru"), answer_post(question, "preview", [wrong])).content.decode()
    assert "Ваш ответ неправильный" in page and question.explanation_ru in page
    assert Attempt.objects.count() == 0 and Response.objects.count() == 0


def test_a_bad_answer_in_the_preview_shows_the_students_message(teacher_client):
    question = make_question(Question.Kind.NUMBER)
    response = teacher_client.post(url(question), {"number": "nineteen"})
    assert response.status_code == 400
    assert "Type a number, for example 1975." in response.content.decode()


def test_order_question_is_not_previewed_in_its_correct_order(teacher_client):
    question = make_question(Question.Kind.ORDER)
    page = teacher_client.get(url(question)).content.decode()
    places = [page.index(escape(c.text_en)) for c in question.choices.order_by("position")]
    assert places != sorted(places)


def test_unpublished_questions_can_be_previewed(teacher_client):
    question = make_question(is_published=False)
    assert teacher_client.get(url(question)).status_code == 200


def test_preview_links_in_the_admin(teacher_client):
    question = make_question()
    assert url(question) in teacher_client.get(f"/en/admin/quiz/question/{question.pk}/change/").content.decode()
    assert url(question) in teacher_client.get("/en/admin/quiz/question/").content.decode()


def test_preview_is_for_teachers_only(client):
    question = make_question()
    assert client.get(url(question))["Location"].startswith("/en/admin/login/")
    client.force_login(make_user())
    assert client.get(url(question))["Location"].startswith("/en/admin/login/")
    client.force_login(make_user(is_staff=True))
    assert client.get(url(question)).status_code == 403
    client.force_login(make_teacher())
    assert client.get("/en/admin/quiz/question/999999/preview/").status_code == 404

"""Teachers edit questions with their choices in both languages, validated per kind."""

import pytest
from django.contrib.auth.models import Group

from quiz.models import Question
from tests.factories import make_question, make_topic, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher_client(client):
    teacher = make_user("teacher", is_staff=True)
    teacher.groups.add(Group.objects.get(name="Teachers"))
    client.force_login(teacher)
    return client


def choice_rows(rows, existing=0):
    data = {
        "choices-TOTAL_FORMS": str(len(rows)),
        "choices-INITIAL_FORMS": str(existing),
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
    }
    for i, (en, ru, correct, position) in enumerate(rows):
        data.update({f"choices-{i}-text_en": en, f"choices-{i}-text_ru": ru, f"choices-{i}-position": position})
        if correct:
            data[f"choices-{i}-is_correct"] = "on"
    return data


def question_form(topic, kind="single", **extra):
    return {
        "topic": topic.pk,
        "kind": kind,
        "difficulty": 2,
        "is_published": "on",
        "text_en": "Where did Soyuz 19 launch from?",
        "text_ru": "Откуда стартовал «Союз-19»?",
        "explanation_en": "From Baikonur. It lies in Kazakhstan.",
        "explanation_ru": "С Байконура. Он находится в Казахстане.",
        "number_tolerance": "0",
        **extra,
    }


def test_teacher_adds_a_single_question_with_choices_in_both_languages(teacher_client):
    topic = make_topic()
    rows = [("Baikonur", "Байконур", True, 1), ("Plesetsk", "Плесецк", False, 2)]
    response = teacher_client.post("/en/admin/quiz/question/add/", {**question_form(topic), **choice_rows(rows)})
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.text_ru == "Откуда стартовал «Союз-19»?"
    assert list(question.choices.values_list("text_en", "text_ru", "is_correct")) == [
        ("Baikonur", "Байконур", True),
        ("Plesetsk", "Плесецк", False),
    ]


@pytest.mark.parametrize(
    ("kind", "rows", "message"),
    [
        ("single", [("A", "А", True, 1), ("B", "Б", True, 2)], "Mark exactly one choice as correct."),
        ("single", [("A", "А", False, 1), ("B", "Б", False, 2)], "Mark exactly one choice as correct."),
        (
            "true_false",
            [("True", "Верно", True, 1), ("False", "Неверно", True, 2)],
            "Mark exactly one choice as correct.",
        ),
        ("true_false", [("T", "В", True, 1), ("F", "Н", False, 2), ("X", "Х", False, 3)], "exactly two choices"),
        ("multiple", [("A", "А", False, 1), ("B", "Б", False, 2)], "Mark at least one choice as correct."),
        ("order", [("A", "А", False, 1), ("B", "Б", False, 1), ("C", "В", False, 3)], "positions 1, 2, 3"),
        ("number", [("A", "А", False, 1)], "A number question has no choices."),
    ],
)
def test_choices_are_validated_per_kind(teacher_client, kind, rows, message):
    extra = {"number_answer": "1975"} if kind == "number" else {}
    response = teacher_client.post(
        "/en/admin/quiz/question/add/", {**question_form(make_topic(), kind, **extra), **choice_rows(rows)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Question.objects.count() == 0


def test_number_question_needs_its_number(teacher_client):
    response = teacher_client.post(
        "/en/admin/quiz/question/add/", {**question_form(make_topic(), "number"), **choice_rows([])}
    )
    assert "A number question needs its correct number." in response.content.decode()
    assert Question.objects.count() == 0


def test_teacher_edits_the_russian_text(teacher_client):
    question = make_question(Question.Kind.TRUE_FALSE)
    choices = list(question.choices.order_by("position"))
    data = {
        **question_form(question.topic, "true_false", text_ru="Новый текст вопроса?"),
        **choice_rows([(c.text_en, c.text_ru, c.is_correct, c.position) for c in choices], existing=2),
    }
    for i, c in enumerate(choices):
        data[f"choices-{i}-id"] = c.pk
        data[f"choices-{i}-question"] = question.pk
    response = teacher_client.post(f"/en/admin/quiz/question/{question.pk}/change/", data)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text_ru == "Новый текст вопроса?"


def test_admin_uses_tabs_with_local_jquery_ui(teacher_client):
    page = teacher_client.get("/en/admin/quiz/topic/add/").content.decode()
    assert "/static/quiz/vendor/jquery-ui.min.js" in page
    assert "tabbed_translation_fields.js" in page
    assert "googleapis" not in page
    # The question editor has one language switch for the whole form instead (tests/test_teach_editor.py).
    question_page = teacher_client.get("/en/admin/quiz/question/add/").content.decode()
    assert "tabbed_translation_fields.js" not in question_page and "googleapis" not in question_page


def test_search_finds_russian_and_english_text(teacher_client):
    make_question(text_en="Who commanded Soyuz 19?", text_ru="Кто командовал «Союзом-19»?")
    make_question(text_en="Something else entirely?", text_ru="Совсем другое?")
    assert "Who commanded Soyuz 19?" in teacher_client.get("/en/admin/quiz/question/?q=командовал").content.decode()
    assert "Who commanded Soyuz 19?" in teacher_client.get("/en/admin/quiz/question/?q=commanded").content.decode()
    assert "Something else" not in teacher_client.get("/en/admin/quiz/question/?q=commanded").content.decode()


def test_missing_translation_column_and_filter(teacher_client):
    make_question(text_en="Only English here?", text_ru="")
    make_question(text_en="Both languages?", text_ru="Оба языка?")
    listing = teacher_client.get("/en/admin/quiz/question/?missing=ru").content.decode()
    assert "Only English here?" in listing
    assert "Both languages?" not in listing
    assert '<td class="field-missing">RU</td>' in listing


def test_list_filters_exist(teacher_client):
    make_question(Question.Kind.SINGLE)
    make_question(Question.Kind.NUMBER, difficulty=3)
    page = teacher_client.get("/en/admin/quiz/question/").content.decode()
    for parameter in ("topic__id__exact", "kind__exact", "difficulty__exact", "is_published__exact"):
        assert parameter in page

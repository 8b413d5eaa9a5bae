"""Every registered question kind is complete: it grades, builds its form and reads it back, reviews,
checks its choices, counts wrong picks, describes answers, exports and imports its key, has a
template with both parts and teacher-facing words in both languages."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from quiz import grading, kinds
from quiz.forms import AnswerForm
from quiz.models import Choice, Question
from tests.factories import make_question

pytestmark = pytest.mark.django_db
ALL = sorted(kinds.KINDS)


def test_the_model_offers_exactly_the_registered_kinds():
    assert sorted(Question.Kind.values) == ALL
    assert all(kinds.get(name).name == name for name in ALL)


@pytest.mark.parametrize("name", ALL)
def test_teacher_and_student_words_exist_in_both_languages(name):
    kind = kinds.get(name)
    for words in (kind.label, kind.description, kind.hint):
        english = str(words)
        with translation.override("ru"):
            russian = str(words)
        assert english and russian and english != russian, (name, english)


@pytest.mark.parametrize("name", ALL)
def test_a_correct_answer_sent_through_the_form_earns_full_points(name):
    question = make_question(name)
    choices = list(question.choices.all())
    kind = question.kind_handler
    key = kind.key(question, choices)
    right = kind.correct_answer(key)
    assert grading.grade(key, right) == grading.Grade(1.0, True)
    form = AnswerForm(kind.form_data(right, "s"), question=question, choices=choices, scope="s")
    assert form.is_valid(), form.errors
    assert form.answer() == right
    assert kind.wrong_picks(right, key.correct_ids, True) == ()
    assert kind.check(question, choices) == []


@pytest.mark.parametrize("name", ALL)
def test_an_empty_answer_earns_nothing_and_the_empty_form_is_refused(name):
    question = make_question(name)
    choices = list(question.choices.all())
    kind = question.kind_handler
    assert grading.grade(kind.key(question, choices), {}).points == 0.0
    assert not AnswerForm({}, question=question, choices=choices, scope="s").is_valid()


@pytest.mark.parametrize("name", ALL)
def test_the_template_renders_the_input_and_the_review(name):
    question = make_question(name)
    choices = list(question.choices.all())
    kind = question.kind_handler
    form = AnswerForm(question=question, choices=choices, scope="s")
    answer = kind.correct_answer(kind.key(question, choices))
    inputs = render_to_string(kind.template, {"part": "input", "form": form, "question": question})
    review = render_to_string(
        kind.template, {"part": "review", "question": question, "review": kind.review(question, choices, answer)}
    )
    assert "<input" in inputs or "<select" in inputs
    assert inputs.strip() != review.strip() and review.strip()
    given, correct = kind.describe(question, choices, answer)
    assert given and correct


@pytest.mark.parametrize("name", ALL)
def test_the_key_survives_export_and_import(name):
    question = make_question(name)
    choices = sorted(question.choices.all(), key=lambda c: (c.position, c.pk))
    kind = question.kind_handler
    cells = {"correct": kind.export_correct(question, choices), "tolerance": str(question.number_tolerance)}
    copy = Question(kind=name)
    copies = [Choice(text_en=c.text_en, position=n) for n, c in enumerate(choices, start=1)]
    assert kind.import_correct(copy, copies, cells) == []
    original = kind.key(question, choices)
    imported = kind.key(copy, copies)
    assert imported.number == original.number and imported.tolerance == original.tolerance
    assert [c.is_correct for c in copies] == [c.is_correct for c in choices]
    assert [c.position for c in copies] == [c.position for c in choices]

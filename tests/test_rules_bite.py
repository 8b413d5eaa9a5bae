"""Rules at their edges: each test here fails if its rule is dropped, inverted or moved by one (issue 11)."""

import datetime
import random

import pytest
import time_machine
from django.utils import timezone

from quiz.models import Assignment, Attempt, Classroom, Fact, Period, Question, Quiz, Response
from quiz.ownership import Learner
from quiz.progress import topic_mastery
from quiz.taking import Refused, record_answer, start_attempt
from tests.factories import make_attempt, make_question, make_quiz, make_teacher, make_topic, make_user


@pytest.mark.django_db
def test_an_answer_after_the_deadline_is_refused_and_not_stored():
    question = make_question()
    quiz = make_quiz([question], time_limit_minutes=5)
    with time_machine.travel("2026-01-01 09:00:00Z", tick=False):
        attempt = start_attempt(quiz=quiz, learner=Learner(user_id=None, anon_key="a" * 32), rng=random.Random(1))
    choices = list(question.choices.all())
    correct = next(c.pk for c in choices if c.is_correct)
    with time_machine.travel("2026-01-01 09:05:01Z", tick=False), pytest.raises(Refused) as refused:
        record_answer(attempt=attempt, question=question, choices=choices, answer={"choices": [correct]}, language="en")
    assert str(refused.value) == "Time is up: answers sent after the time limit are not counted."
    assert Response.objects.filter(attempt=attempt).count() == 0
    attempt.refresh_from_db()
    assert attempt.is_finished is False  # the refusal stores nothing at all; finishing is the page's job


@pytest.mark.django_db
def test_an_answer_just_before_the_deadline_is_stored():
    question = make_question()
    quiz = make_quiz([question], time_limit_minutes=5)
    with time_machine.travel("2026-01-01 09:00:00Z", tick=False):
        attempt = start_attempt(quiz=quiz, learner=Learner(user_id=None, anon_key="b" * 32), rng=random.Random(1))
    choices = list(question.choices.all())
    correct = next(c.pk for c in choices if c.is_correct)
    with time_machine.travel("2026-01-01 09:04:59Z", tick=False):
        record_answer(attempt=attempt, question=question, choices=choices, answer={"choices": [correct]}, language="en")
    assert list(Response.objects.filter(attempt=attempt).values_list("question_id", "points")) == [(question.pk, 1.0)]


@pytest.mark.parametrize(
    ("score", "max_score", "passed"),
    [(7, 10, True), (69, 100, False), (70, 100, True), (71, 100, True), (0, 10, False), (10, 10, True)],
)
def test_the_pass_mark_itself_passes(score, max_score, passed):
    attempt = Attempt(quiz=Quiz(pass_mark=70), score=score, max_score=max_score)
    assert attempt.passed is passed


def test_a_pass_mark_of_zero_passes_a_score_of_zero():
    assert Attempt(quiz=Quiz(pass_mark=0), score=0, max_score=10).passed is True


def _answer(attempt, question, is_correct, at):
    Response.objects.create(
        attempt=attempt,
        question=question,
        answer={},
        is_correct=is_correct,
        points=float(is_correct),
        language="en",
        answered_at=at,
    )


@pytest.mark.django_db
def test_mastery_counts_the_latest_answer_not_the_first():
    student = make_user()
    learned, forgotten = make_topic(), make_topic()
    now_right = make_question(topic=learned)
    make_question(topic=learned)  # never answered: not mastered
    now_wrong = make_question(topic=forgotten)
    quiz = make_quiz([now_right, now_wrong])
    first, second = make_attempt(quiz, user=student), make_attempt(quiz, user=student)
    earlier = timezone.now() - datetime.timedelta(days=2)
    later = earlier + datetime.timedelta(days=1)
    _answer(first, now_right, False, earlier)
    _answer(first, now_wrong, True, earlier)
    _answer(second, now_right, True, later)
    _answer(second, now_wrong, False, later)

    mastery = {
        m.topic.pk: (m.questions, m.answered, m.right, m.percent) for m in topic_mastery(Learner(student.pk, ""))
    }
    assert mastery[learned.pk] == (2, 1, 1, 50)
    assert mastery[forgotten.pk] == (1, 1, 0, 0)


@pytest.mark.django_db
def test_only_an_unfinished_assignment_past_its_due_date_is_overdue():
    student = make_user()
    classroom = Classroom.objects.create(teacher=make_teacher(), name="7B")
    now = timezone.now()
    assigned = now - datetime.timedelta(days=7)
    due = {
        "past": now - datetime.timedelta(hours=1),
        "future": now + datetime.timedelta(hours=1),
        "past-but-done": now - datetime.timedelta(hours=1),
        "no-date": None,
    }
    for slug, due_at in due.items():
        quiz = make_quiz([make_question()], slug=slug)
        Assignment.objects.create(classroom=classroom, quiz=quiz, due_at=due_at, created_at=assigned)
    make_attempt(Quiz.objects.get(slug="past-but-done"), user=student, finished_at=now - datetime.timedelta(days=1))

    overdue = {a.quiz.slug: a.is_overdue for a in Assignment.objects.with_done_by(student).select_related("quiz")}
    assert overdue == {"past": True, "future": False, "past-but-done": False, "no-date": False}


@pytest.mark.django_db
def test_true_false_choices_are_never_shuffled():
    true_false = make_question(Question.Kind.TRUE_FALSE)
    single = make_question()
    quiz = make_quiz([true_false, single], shuffle_choices=True)
    natural = list(true_false.choices.order_by("position").values_list("pk", flat=True))
    rng = random.Random(1975)
    orders = []
    for n in range(40):
        attempt = start_attempt(quiz=quiz, learner=Learner(user_id=None, anon_key=f"{n:032x}"), rng=rng)
        assert attempt.choice_order[str(true_false.pk)] == natural
        orders.append(tuple(attempt.choice_order[str(single.pk)]))
    assert len(set(orders)) > 1  # the shuffle was on: the single-choice question did move


@pytest.mark.parametrize(
    ("day", "period"),
    [
        ("1972-05-24", Period.ROAD),
        ("1972-05-25", Period.PREPARATION),
        ("1975-07-14", Period.PREPARATION),
        ("1975-07-15", Period.FLIGHT),
        ("1975-07-24", Period.FLIGHT),
        ("1975-07-25", Period.AFTER),
    ],
)
def test_timeline_periods_change_on_the_right_day(day, period):
    assert Fact(happened_on=datetime.date.fromisoformat(day)).period == period


def test_an_undated_fact_has_no_period():
    assert Fact(happened_on=None).period is None

"""Accommodations: extra time multiplies every time limit and extra attempts add to every quiz's,
enforced on the server; a teacher sets them on the class's page."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from quiz.models import Membership
from quiz.ownership import Learner
from quiz.taking import Refused, attempts_left, record_answer, start_attempt
from tests.factories import make_classroom, make_question, make_quiz, make_teacher, make_user

pytestmark = pytest.mark.django_db


def learner(user):
    return Learner(user_id=user.pk, anon_key="")


def test_extra_time_stretches_the_deadline_the_server_keeps():
    student, other = make_user(), make_user()
    quiz = make_quiz([make_question()], time_limit_minutes=20)
    classroom = make_classroom(students=[student, other])
    Membership.objects.filter(classroom=classroom, student=student).update(extra_time=Decimal("1.5"))
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC), tick=False):
        mine = start_attempt(quiz=quiz, learner=learner(student))
        theirs = start_attempt(quiz=quiz, learner=learner(other))
    assert mine.deadline - mine.started_at == datetime.timedelta(minutes=30)
    assert theirs.deadline - theirs.started_at == datetime.timedelta(minutes=20)
    question = quiz.questions.get()
    # At minute 25 the student with extra time may still answer; without it, the time is up.
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 25, tzinfo=datetime.UTC), tick=False):
        choices = list(question.choices.all())
        answer = {"choices": [c.pk for c in choices if c.is_correct]}
        assert record_answer(attempt=mine, question=question, choices=choices, answer=answer, language="en").is_correct
        with pytest.raises(Refused):
            record_answer(attempt=theirs, question=question, choices=choices, answer=answer, language="en")


def test_extra_attempts_add_to_what_the_quiz_allows():
    student = make_user()
    quiz = make_quiz([make_question()], attempts_allowed=1)
    classroom = make_classroom(students=[student])
    assert attempts_left(quiz, learner(student)) == 1
    Membership.objects.filter(classroom=classroom).update(extra_attempts=2)
    start_attempt(quiz=quiz, learner=learner(student))
    start_attempt(quiz=quiz, learner=learner(student))
    assert attempts_left(quiz, learner(student)) == 1
    start_attempt(quiz=quiz, learner=learner(student))
    with pytest.raises(Refused):
        start_attempt(quiz=quiz, learner=learner(student))


def test_no_accommodation_changes_nothing_and_anonymous_learners_have_none():
    quiz = make_quiz([make_question()], time_limit_minutes=10, attempts_allowed=2)
    attempt = start_attempt(quiz=quiz, learner=Learner(user_id=None, anon_key="anon-1"))
    assert attempt.deadline - attempt.started_at == datetime.timedelta(minutes=10)
    assert attempts_left(quiz, Learner(user_id=None, anon_key="anon-1")) == 1


def test_teacher_sets_accommodations_on_the_class_page(client):
    teacher, student = make_teacher(), make_user()
    classroom = make_classroom(teacher, students=[student])
    membership = Membership.objects.get()
    client.force_login(teacher)
    data = {
        "name": classroom.name,
        "time_zone": "UTC",
        "assignments-TOTAL_FORMS": "0",
        "assignments-INITIAL_FORMS": "0",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "1",
        "memberships-0-id": membership.pk,
        "memberships-0-classroom": classroom.pk,
        "memberships-0-extra_time": "2.00",
        "memberships-0-extra_attempts": "1",
    }
    response = client.post(f"/en/admin/quiz/classroom/{classroom.pk}/change/", data)
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.extra_time, membership.extra_attempts) == (Decimal("2.00"), 1)
    # Another teacher cannot see or change it: the class is a 404 to them.
    client.force_login(make_teacher())
    assert client.post(f"/en/admin/quiz/classroom/{classroom.pk}/change/", data).status_code == 404


def test_the_quiz_page_does_not_tell_other_students(client):
    """Silently applied: nothing about a classmate's accommodation reaches anyone else's page."""
    student, classmate = make_user(), make_user()
    quiz = make_quiz([make_question()], time_limit_minutes=20)
    classroom = make_classroom(students=[student, classmate], quizzes=[quiz], due_at=timezone.now())
    Membership.objects.filter(classroom=classroom, student=student).update(extra_time=Decimal("2"))
    client.force_login(classmate)
    page = client.get(f"/en/quizzes/{quiz.slug}/").content.decode()
    assert "20 minutes" in page and "40 minutes" not in page and "extra time" not in page.lower()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Your teacher has given you: extra time on timed quizzes (× 1.5); 2 extra attempts on every quiz"),
        (
            "ru",
            "Учитель дал вам: больше времени на викторины с ограничением (× 1,5); ещё 2 попытки на каждую викторину",
        ),
    ],
)
def test_the_student_sees_their_own_accommodation(client, lang, expected):
    student, classmate = make_user(), make_user()
    classroom = make_classroom(students=[student, classmate])
    Membership.objects.filter(classroom=classroom, student=student).update(extra_time=Decimal("1.5"), extra_attempts=2)
    client.force_login(student)
    assert expected in " ".join(client.get(f"/{lang}/classes/").content.decode().split())
    client.force_login(classmate)
    assert "accommodation" not in client.get(f"/{lang}/classes/").content.decode()


@pytest.mark.parametrize(
    ("lang", "factor", "expected", "plain"),
    [
        ("en", "2", "Your time limit: 50 minutes, with the extra time your teacher gave you.", "25 minutes"),
        ("en", "1.5", "Your time limit: 37 minutes 30 seconds,", "25 minutes"),
        ("ru", "1.25", "Ваше время: 31 минута 15 секунд — с учётом дополнительного времени от учителя.", "25 минут"),
        ("ru", "1.5", "Ваше время: 37 минут 30 секунд", "25 минут"),
    ],
)
def test_the_quiz_page_shows_the_student_their_own_time_limit(client, lang, factor, expected, plain):
    """The student with extra time reads the limit the server will keep for them, not the class's;
    a classmate and an anonymous visitor still read the quiz's own."""
    student, classmate = make_user(), make_user()
    quiz = make_quiz([make_question()], time_limit_minutes=25)
    classroom = make_classroom(students=[student, classmate])
    Membership.objects.filter(classroom=classroom, student=student).update(extra_time=Decimal(factor))
    client.force_login(student)
    page = " ".join(client.get(f"/{lang}/quizzes/{quiz.slug}/").content.decode().split())
    assert expected in page
    assert plain not in page  # the class's limit is not shown beside it, to avoid two numbers
    client.force_login(classmate)
    page = " ".join(client.get(f"/{lang}/quizzes/{quiz.slug}/").content.decode().split())
    assert plain in page and "time-limit-own" not in page
    client.logout()
    assert plain in " ".join(client.get(f"/{lang}/quizzes/{quiz.slug}/").content.decode().split())

"""Every admin page costs the same number of queries for a small school and a big one: a class of 10
or 300 students, a bank of 10 or 1,000 questions, a quiz of 5 or 60 questions, an attempt of 5 or 60
answers. The data is built in bulk (bulk_create), the pages are requested by a superuser and by a
teacher, and the counts are compared between the two sizes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quiz.models import (
    Assignment,
    Attempt,
    Card,
    Choice,
    Classroom,
    Deck,
    Fact,
    Membership,
    Profile,
    Question,
    Quiz,
    QuizQuestion,
    Response,
    Topic,
)
from tests.factories import make_teacher, make_user

pytestmark = pytest.mark.django_db

SMALL = {"students": 10, "questions": 10, "quiz": 5}
LARGE = {"students": 300, "questions": 1000, "quiz": 60}


def build(size: dict, teacher, tag: str) -> dict:
    """A school of the given size, made in a few bulk inserts: topics and facts, a bank of questions
    with three choices each, a quiz, a class with its students, each with a finished attempt that
    answered every question of the quiz, and a deck of cards."""
    from django.contrib.auth import get_user_model

    topics = Topic.objects.bulk_create(
        Topic(slug=f"{tag}-t{n}", title_en=f"Topic {n}", title_ru=f"Тема {n}", position=n) for n in range(5)
    )
    facts = Fact.objects.bulk_create(
        Fact(
            topic=topics[n % 5],
            slug=f"{tag}-f{n}",
            title_en=f"Fact {n}",
            title_ru=f"Факт {n}",
            body_en="B.",
            body_ru="Т.",
        )
        for n in range(20)
    )
    questions = Question.objects.bulk_create(
        Question(
            topic=topics[n % 5],
            fact=facts[n % 20],
            kind=Question.Kind.SINGLE,
            text_en=f"Q{n}?",
            text_ru=f"В{n}?",
            explanation_en="E.",
            explanation_ru="П.",
        )
        for n in range(size["questions"])
    )
    choices = Choice.objects.bulk_create(
        Choice(question=q, position=p, is_correct=p == 1, text_en=f"C{p}", text_ru=f"В{p}")
        for q in questions
        for p in (1, 2, 3)
    )
    right = {c.question_id: c.pk for c in choices if c.is_correct}
    quiz = Quiz.objects.create(slug=f"{tag}-quiz", title_en="Quiz", title_ru="Викторина")
    asked = questions[: size["quiz"]]
    QuizQuestion.objects.bulk_create(QuizQuestion(quiz=quiz, question=q, position=n) for n, q in enumerate(asked))
    classroom = Classroom.objects.create(teacher=teacher, name=f"Class {tag}")
    Assignment.objects.create(classroom=classroom, quiz=quiz)
    students = get_user_model().objects.bulk_create(
        get_user_model()(username=f"{tag}-s{n:04d}", first_name="Ann", last_name=f"N{n}")
        for n in range(size["students"])
    )
    Profile.objects.bulk_create(Profile(user=s, display_name=f"S{n}") for n, s in enumerate(students))
    Membership.objects.bulk_create(Membership(classroom=classroom, student=s) for s in students)
    now = timezone.now()
    attempts = Attempt.objects.bulk_create(
        Attempt(
            quiz=quiz,
            user=s,
            classroom=classroom,
            question_ids=[q.pk for q in asked],
            score=len(asked),
            max_score=len(asked),
            started_at=now - datetime.timedelta(minutes=5),
            submitted_at=now,
        )
        for s in students
    )
    Response.objects.bulk_create(
        Response(attempt=a, question=q, answer={"choices": [right[q.pk]]}, is_correct=True, points=1.0, language="en")
        for a in attempts
        for q in asked
    )
    deck = Deck.objects.create(slug=f"{tag}-deck", title_en="Deck", title_ru="Колода", topic=topics[0])
    Card.objects.bulk_create(
        Card(deck=deck, fact=facts[n % 20], front_en=f"F{n}", front_ru=f"Л{n}", back_en="B", back_ru="О", position=n)
        for n in range(size["quiz"])
    )
    return {
        "quiz": quiz,
        "classroom": classroom,
        "attempt": attempts[0],
        "question": questions[0],
        "deck": deck,
        "topic": topics[0],
        "fact": facts[0],
        "tag": tag,
    }


PAGES = {
    "index": lambda d: "/en/admin/",
    # List pages are filtered to one school, so each lists its own rows (a page of 100 at most).
    "classroom list": lambda d: f"/en/admin/quiz/classroom/?q={d['tag']}",
    "classroom": lambda d: f"/en/admin/quiz/classroom/{d['classroom'].pk}/change/",
    "class report": lambda d: f"/en/admin/quiz/classroom/{d['classroom'].pk}/report/",
    "class report csv": lambda d: f"/en/admin/quiz/classroom/{d['classroom'].pk}/report.csv",
    "attempt list": lambda d: f"/en/admin/quiz/attempt/?classroom__id__exact={d['classroom'].pk}",
    "attempt": lambda d: f"/en/admin/quiz/attempt/{d['attempt'].pk}/change/",
    "attempt detail": lambda d: f"/en/admin/quiz/attempt/{d['attempt'].pk}/detail/",
    "attempt csv": lambda d: f"/en/admin/quiz/attempt/{d['attempt'].pk}/detail.csv",
    "question list": lambda d: f"/en/admin/quiz/question/?topic__id__exact={d['topic'].pk}",
    "question": lambda d: f"/en/admin/quiz/question/{d['question'].pk}/change/",
    "question preview": lambda d: f"/en/admin/quiz/question/{d['question'].pk}/preview/",
    "statistics": lambda d: f"/en/admin/quiz/question/statistics/?quiz={d['quiz'].pk}",
    "statistics csv": lambda d: f"/en/admin/quiz/question/statistics.csv?quiz={d['quiz'].pk}",
    "import": lambda d: "/en/admin/quiz/question/import/",
    "quiz list": lambda d: f"/en/admin/quiz/quiz/?q={d['tag']}",
    "quiz": lambda d: f"/en/admin/quiz/quiz/{d['quiz'].pk}/change/",
    "topic list": lambda d: f"/en/admin/quiz/topic/?q={d['tag']}",
    "topic": lambda d: f"/en/admin/quiz/topic/{d['topic'].pk}/change/",
    "fact list": lambda d: f"/en/admin/quiz/fact/?topic__id__exact={d['topic'].pk}",
    "fact": lambda d: f"/en/admin/quiz/fact/{d['fact'].pk}/change/",
    "deck list": lambda d: f"/en/admin/quiz/deck/?q={d['tag']}",
    "deck": lambda d: f"/en/admin/quiz/deck/{d['deck'].pk}/change/",
    "card list": lambda d: f"/en/admin/quiz/card/?deck__id__exact={d['deck'].pk}",
    "question bank export csv": lambda d: "/en/admin/quiz/question/export.csv",
    "question bank export json": lambda d: "/en/admin/quiz/question/export.json",
    "profile list": lambda d: f"/en/admin/quiz/profile/?q={d['tag']}",
}


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if response.streaming:
        b"".join(response.streaming_content)
    return len(queries)


@pytest.fixture(scope="module")
def schools(django_db_setup, django_db_blocker):
    """Both sizes, built once for the module (in a transaction rolled back at its end)."""
    with django_db_blocker.unblock():
        from django.db import transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        teacher = make_teacher("queries_teacher")
        data = {
            "small": build(SMALL, teacher, "small"),
            "large": build(LARGE, teacher, "large"),
            "teacher": teacher,
            "admin": make_user("queries_admin", is_staff=True, is_superuser=True),
        }
        yield data
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.mark.parametrize("who", ["admin", "teacher"])
@pytest.mark.parametrize("page", list(PAGES))
def test_admin_page_queries_do_not_grow_with_the_school(client, schools, page, who):
    if who == "teacher" and page in ("profile list",):
        pytest.skip("teachers have no access to profiles")
    client.force_login(schools[who])
    for school in ("small", "large"):  # warm up what a worker keeps (content types, the content cache)
        count_queries(client, PAGES[page](schools[school]))
    small = count_queries(client, PAGES[page](schools["small"]))
    large = count_queries(client, PAGES[page](schools["large"]))
    assert large == small, f"{page}: {small} queries for the small school, {large} for the large one"
    assert large <= 40, f"{page}: {large} queries"


def test_quiz_inline_shows_each_chosen_question_without_a_query_per_row(admin_client, schools):
    admin_client.force_login(schools["admin"])
    quiz = schools["large"]["quiz"]
    html = admin_client.get(f"/en/admin/quiz/quiz/{quiz.pk}/change/").content.decode()
    for row in quiz.quiz_questions.select_related("question")[:3]:
        assert f'<option value="{row.question_id}" selected>{row.question}</option>' in html

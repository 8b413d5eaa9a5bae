"""Every student page costs the same number of queries for a small quiz and a large one."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from quiz.models import Attempt, Question
from tests.factories import FIRST_KINDS as KINDS
from tests.factories import correct_post, make_fact, make_question, make_quiz

pytestmark = pytest.mark.django_db


def build_quiz(size):
    fact = make_fact(happened_on="1975-07-17")
    return make_quiz([make_question(KINDS[i % 5], fact=fact) for i in range(size)])


def count(client, method, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302), url
    return len(queries)


def finished_attempt(client, quiz) -> Attempt:
    client.post(f"/en/quizzes/{quiz.slug}/")
    attempt = Attempt.objects.latest("started_at")
    for number, question_id in enumerate(attempt.question_ids, start=1):
        client.post(
            f"/en/attempts/{attempt.public_id}/q/{number}/", correct_post(Question.objects.get(pk=question_id), attempt)
        )
    client.post(f"/en/attempts/{attempt.public_id}/finish/")
    return attempt


def page_costs(size) -> dict[str, int]:
    client = Client()  # each size starts as the same new visitor
    quiz = build_quiz(size)
    costs = {
        "home": count(client, "get", "/en/"),
        "quiz list": count(client, "get", "/en/quizzes/"),
        "quiz": count(client, "get", f"/en/quizzes/{quiz.slug}/"),
        "timeline": count(client, "get", "/ru/timeline/"),
    }
    client.post(f"/en/quizzes/{quiz.slug}/")
    attempt = Attempt.objects.latest("started_at")
    question = Question.objects.get(pk=attempt.question_ids[0])
    costs["question"] = count(client, "get", f"/en/attempts/{attempt.public_id}/q/1/")
    costs["answer"] = count(client, "post", f"/en/attempts/{attempt.public_id}/q/1/", correct_post(question, attempt))
    costs["feedback"] = count(client, "get", f"/en/attempts/{attempt.public_id}/q/1/")
    done = finished_attempt(client, quiz)
    costs["result"] = count(client, "get", f"/en/attempts/{done.public_id}/result/")
    return costs


def test_student_pages_cost_the_same_for_5_and_50_questions():
    small = page_costs(5)
    large = page_costs(50)
    assert small == large
    assert max(large.values()) <= 10, large


def test_finishing_with_flashcards_to_bring_back_stays_within_the_budget(client):
    """The most a finish does: feedback at the end, wrong answers about a fact with cards, some of
    them already scheduled for this learner (an update and an insert). The request log's count:
    statements that read or write, not SAVEPOINT/RELEASE."""
    from quiz.models import CardState, Quiz  # noqa: PLC0415
    from quiz.ownership import Learner  # noqa: PLC0415
    from quiz.scheduling import bring_back_missed  # noqa: PLC0415
    from tests.factories import answer_post, make_card, make_deck  # noqa: PLC0415

    fact = make_fact()
    deck = make_deck()
    first = make_card(deck, fact=fact)
    quiz = make_quiz([make_question(KINDS[0], fact=fact) for _ in range(3)], feedback=Quiz.Feedback.END)
    client.post(f"/en/quizzes/{quiz.slug}/")
    attempt = Attempt.objects.latest("started_at")
    bring_back_missed(fact_ids=[fact.pk], learner=Learner.owning(attempt))  # one card already scheduled
    make_card(deck, fact=fact)  # and one not yet
    for number, question_id in enumerate(attempt.question_ids, start=1):
        question = Question.objects.get(pk=question_id)
        wrong = question.choices.filter(is_correct=False).first()
        client.post(f"/en/attempts/{attempt.public_id}/q/{number}/", answer_post(question, attempt, [wrong]))
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/en/attempts/{attempt.public_id}/finish/")
    assert response.status_code == 302
    statements = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(statements) <= 10, statements
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.score == 0
    assert CardState.objects.filter(anon_key=attempt.anon_key).count() == 2  # both cards due again
    assert first.pk in set(CardState.objects.filter(anon_key=attempt.anon_key).values_list("card_id", flat=True))

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

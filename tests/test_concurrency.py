"""Two identical requests at the same moment, in real threads on PostgreSQL: an answer, a finish and a
flashcard rating each count once. (SQLite takes one writer at a time, so these races cannot happen
there; CI runs the suite again on PostgreSQL, see .ci/run.)"""

import threading
import time
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from quiz import grading, scheduling
from quiz.models import Attempt, CardState, Direction, Question, Quiz, Response, ReviewLog
from quiz.ownership import Learner
from quiz.taking import Refused, finish_attempt, record_answer
from tests.factories import correct_post, make_card, make_deck, make_fact, make_question, make_quiz

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: run with DATABASE_URL=postgres://… (CI's PostgreSQL run does)",
    ),
    pytest.mark.django_db(transaction=True),
]


def at_once(*calls):
    """Run each call in its own thread, all released at the same instant; their results or exceptions."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 — handed back to the test to assert on
            results[index] = error
        finally:
            connection.close()  # each thread has its own connection: give it back

    threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a request never finished (a deadlock?)"
    return results


def slow(function, seconds=0.2):
    """`function`, taking a while: both requests are surely inside the critical section together."""

    def wrapper(*args, **kwargs):
        time.sleep(seconds)
        return function(*args, **kwargs)

    return wrapper


@pytest.fixture
def quiz():
    fact = make_fact()
    return make_quiz([make_question(Question.Kind.SINGLE, fact=fact), make_question(Question.Kind.MULTIPLE, fact=fact)])


def browser_pair(quiz) -> tuple[Client, Client, Attempt]:
    """Two tabs of one learner (the same session cookie) with an attempt started."""
    first = Client()
    first.post(f"/en/quizzes/{quiz.slug}/")
    attempt = Attempt.objects.get(quiz=quiz)
    second = Client()
    second.cookies[settings.SESSION_COOKIE_NAME] = first.cookies[settings.SESSION_COOKIE_NAME].value
    return first, second, attempt


def test_two_identical_answers_at_once_store_one_response_scored_once(quiz):
    first, second, attempt = browser_pair(quiz)
    question = Question.objects.get(pk=attempt.question_ids[0])
    url = f"/en/attempts/{attempt.public_id}/q/1/"
    with mock.patch("quiz.taking.grading.grade", slow(grading.grade)):
        results = at_once(
            lambda: first.post(url, correct_post(question, attempt)),
            lambda: second.post(url, correct_post(question, attempt)),
        )
    assert sorted(r.status_code for r in results) == [302, 409]
    refused = next(r for r in results if r.status_code == 409).content.decode()
    assert "You have already answered this question." in refused
    [response] = Response.objects.filter(attempt=attempt)
    assert (response.question_id, response.points, response.is_correct) == (question.pk, 1.0, True)
    first.post(f"/en/attempts/{attempt.public_id}/finish/")
    attempt.refresh_from_db()
    assert attempt.score == 1.0


def test_ten_identical_answers_at_once_store_one(quiz):
    first, _second, attempt = browser_pair(quiz)
    question = Question.objects.get(pk=attempt.question_ids[0])
    choice = question.choices.get(is_correct=True)
    results = at_once(
        *[
            lambda: record_answer(
                attempt=attempt,
                question=question,
                choices=list(question.choices.all()),
                answer={"choices": [choice.pk]},
                language="en",
            )
        ]
        * 10
    )
    assert sum(isinstance(r, Response) for r in results) == 1
    assert sum(isinstance(r, Refused) for r in results) == 9
    assert Response.objects.filter(attempt=attempt).count() == 1


def test_two_finishes_at_once_score_the_attempt_once(quiz):
    first, second, attempt = browser_pair(quiz)
    for number, question_id in enumerate(attempt.question_ids, start=1):
        first.post(
            f"/en/attempts/{attempt.public_id}/q/{number}/", correct_post(Question.objects.get(pk=question_id), attempt)
        )
    results = at_once(
        lambda: finish_attempt(Attempt.objects.get(pk=attempt.pk)),
        lambda: finish_attempt(Attempt.objects.get(pk=attempt.pk)),
    )
    assert sorted(results) == [False, True]
    attempt.refresh_from_db()
    assert attempt.score == 2.0
    assert attempt.max_score == 2.0


def test_two_finish_clicks_at_once_both_land_on_the_result(quiz):
    first, second, attempt = browser_pair(quiz)
    url = f"/en/attempts/{attempt.public_id}/finish/"
    results = at_once(lambda: first.post(url), lambda: second.post(url))
    assert [r["Location"] for r in results] == [f"/en/attempts/{attempt.public_id}/result/"] * 2
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None
    assert attempt.score == 0.0


def test_an_answer_racing_the_finish_is_counted_or_refused_never_lost(quiz):
    for _round in range(5):
        first, second, attempt = browser_pair(make_quiz([make_question(Question.Kind.SINGLE)]))
        question = Question.objects.get(pk=attempt.question_ids[0])
        answered, finished = at_once(
            lambda: first.post(f"/en/attempts/{attempt.public_id}/q/1/", correct_post(question, attempt)),  # noqa: B023
            lambda: second.post(f"/en/attempts/{attempt.public_id}/finish/"),  # noqa: B023
        )
        attempt.refresh_from_db()
        stored = Response.objects.filter(attempt=attempt).count()
        # Either the answer came first (stored and in the score) or the finish did (refused, nothing stored).
        assert (answered.status_code, stored, attempt.score) in [(302, 1, 1.0), (409, 0, 0.0)]
        assert finished.status_code == 302


@pytest.fixture
def card():
    deck = make_deck()
    return make_card(deck, fact=make_fact())


def test_two_identical_ratings_at_once_count_once(card):
    learner = Learner(user_id=None, anon_key="a" * 32)
    state = scheduling.new_state(card, Direction.FACT, learner.owner_fields())
    scheduling.rate(state, 3, expected_reps=0)
    copies = [CardState.objects.get(pk=state.pk), CardState.objects.get(pk=state.pk)]
    with mock.patch("quiz.scheduling.ReviewLog.objects.create", slow(ReviewLog.objects.create)):
        results = at_once(
            lambda: scheduling.rate(copies[0], 4, expected_reps=1),
            lambda: scheduling.rate(copies[1], 4, expected_reps=1),
        )
    assert sum(isinstance(r, CardState) for r in results) == 1
    assert sum(isinstance(r, scheduling.StaleRating) for r in results) == 1
    state.refresh_from_db()
    assert state.reps == 2
    assert list(ReviewLog.objects.filter(card_state=state).order_by("reps").values_list("reps", "rating")) == [
        (1, 3),
        (2, 4),
    ]


def test_two_first_ratings_of_a_new_card_at_once_make_one_state(card):
    learner = Learner(user_id=None, anon_key="b" * 32)
    fresh = [scheduling.new_state(card, Direction.FACT, learner.owner_fields()) for _n in range(2)]
    results = at_once(
        lambda: scheduling.rate(fresh[0], 3, expected_reps=0), lambda: scheduling.rate(fresh[1], 3, expected_reps=0)
    )
    assert sum(isinstance(r, CardState) for r in results) == 1
    assert sum(isinstance(r, scheduling.StaleRating) for r in results) == 1
    [state] = CardState.objects.filter(anon_key=learner.anon_key)
    assert state.reps == 1
    assert ReviewLog.objects.filter(card_state=state).count() == 1


def test_two_rating_clicks_at_once_through_the_study_page_count_once(card):
    first = Client()
    url = f"/en/decks/{card.deck.slug}/study/{Direction.FACT}/"
    page = first.get(url)
    assert page.status_code == 200
    first.post(url, {"card": card.pk, "direction": Direction.FACT, "reps": 0, "rating": 3})  # now it has a state
    second = Client()
    second.cookies[settings.SESSION_COOKIE_NAME] = first.cookies[settings.SESSION_COOKIE_NAME].value
    form = {"card": card.pk, "direction": Direction.FACT, "reps": 1, "rating": 4}
    results = at_once(lambda: first.post(url, form), lambda: second.post(url, form))
    assert sorted(r.status_code for r in results) == [302, 409]
    [state] = CardState.objects.all()
    assert state.reps == 2
    assert ReviewLog.objects.filter(card_state=state).count() == 2


def _tabs(count: int, user=None) -> list[Client]:
    """`count` tabs of one learner: signed in as `user`, or one anonymous session that has a learner key."""
    first = Client()
    if user is not None:
        first.force_login(user)
    else:
        first.post(f"/en/quizzes/{make_quiz([make_question()]).slug}/")  # gives the session its learner key
    tabs = [first]
    for _n in range(count - 1):
        tab = Client()
        tab.cookies[settings.SESSION_COOKIE_NAME] = first.cookies[settings.SESSION_COOKIE_NAME].value
        tabs.append(tab)
    return tabs


@pytest.mark.parametrize("signed_in", [True, False])
def test_twenty_parallel_starts_of_a_one_attempt_quiz_create_one_attempt(signed_in):
    from tests.factories import make_user

    quiz = make_quiz([make_question(Question.Kind.SINGLE)], attempts_allowed=1)
    tabs = _tabs(20, make_user() if signed_in else None)
    with mock.patch("quiz.taking.Quiz.draw_question_ids", slow(Quiz.draw_question_ids, 0.05)):
        results = at_once(*[lambda tab=tab: tab.post(f"/en/quizzes/{quiz.slug}/") for tab in tabs])
    assert [r.status_code for r in results] == [302] * 20
    assert Attempt.objects.filter(quiz=quiz).count() == 1
    refused = [r for r in results if r["Location"] == f"/en/quizzes/{quiz.slug}/"]
    assert len(refused) == 19  # sent back to the quiz page with "You have used all the attempts…"


def test_parallel_starts_of_two_learners_do_not_wait_for_each_other_s_limit():
    from tests.factories import make_user

    quiz = make_quiz([make_question(Question.Kind.SINGLE)], attempts_allowed=1)
    tabs = _tabs(1, make_user()) + _tabs(1, make_user())
    results = at_once(*[lambda tab=tab: tab.post(f"/en/quizzes/{quiz.slug}/") for tab in tabs])
    assert [r.status_code for r in results] == [302, 302]
    assert Attempt.objects.filter(quiz=quiz).count() == 2

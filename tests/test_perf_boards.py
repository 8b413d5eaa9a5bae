"""The leaderboards' best scores (quiz.models.BestScore) follow every way a result changes, and My
progress's mastery comes back from the database one row per topic."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quiz import progress as stats
from quiz.models import Attempt, BestScore, Profile, Response
from quiz.ownership import Learner, claim_anonymous_work
from quiz.taking import finish_attempt, record_answer, start_attempt
from tests.factories import make_attempt, make_question, make_quiz, make_topic, make_user

pytestmark = pytest.mark.django_db

JULY = datetime.datetime(1975, 7, 15, 12, 0, tzinfo=datetime.UTC)


def play(quiz, user, right: int):
    """A real attempt through quiz.taking: the first `right` questions answered right, the rest wrong."""
    attempt = start_attempt(quiz=quiz, learner=Learner(user_id=user.pk, anon_key=""))
    for n, question_id in enumerate(attempt.question_ids):
        question = quiz.questions.get(pk=question_id)
        choices = list(question.choices.order_by("position"))
        pick = choices[0] if n < right else choices[1]  # tests.factories: the first choice is right
        record_answer(attempt=attempt, question=question, choices=choices, answer={"choices": [pick.pk]}, language="en")
    finish_attempt(attempt)
    return attempt


def rows(quiz=None) -> list[tuple]:
    board = stats.leaderboard(quiz=quiz)
    return [(e.name, e.score, e.quizzes) for e in board.entries]


def named(name):
    user = make_user()
    Profile.objects.create(user=user, display_name=name)
    return user


@pytest.fixture
def quizzes():
    return [make_quiz([make_question() for _ in range(3)]) for _ in range(2)]


def test_finishing_moves_the_best_and_the_total_only_upwards(quizzes):
    first, second = quizzes
    anna = named("Anna")
    play(first, anna, right=2)
    assert rows(first) == [("Anna", 2.0, 1)] and rows() == [("Anna", 2.0, 1)]
    play(first, anna, right=1)  # worse: nothing moves
    play(second, anna, right=3)
    assert rows(first) == [("Anna", 2.0, 1)] and rows() == [("Anna", 5.0, 2)]
    play(first, anna, right=3)  # better: the quiz's best and the total move by one
    assert rows(first) == [("Anna", 3.0, 1)] and rows() == [("Anna", 6.0, 2)]
    total = BestScore.objects.get(user=anna, quiz=None)
    assert total.reached_at == Attempt.objects.filter(user=anna).latest("submitted_at").submitted_at


def test_the_incremental_rows_equal_a_full_recount(quizzes):
    users = [named(f"S{n}") for n in range(4)]
    for n, user in enumerate(users):
        for quiz in quizzes:
            for right in (n % 3, (n + 1) % 4, 1):
                play(quiz, user, right)
    kept = sorted(
        BestScore.objects.values_list("user_id", "quiz_id", "score", "max_score", "quizzes", "reached_at"), key=repr
    )
    stats.rebuild_best_scores()
    again = sorted(
        BestScore.objects.values_list("user_id", "quiz_id", "score", "max_score", "quizzes", "reached_at"), key=repr
    )
    assert kept == again


def test_finishing_costs_the_same_queries_for_1_and_30_earlier_attempts(quizzes):
    quiz = quizzes[0]
    costs = []
    for earlier in (1, 30):
        user = named(f"Q{earlier}")
        for _n in range(earlier):
            play(quiz, user, right=1)
        attempt = start_attempt(quiz=quiz, learner=Learner(user_id=user.pk, anon_key=""))
        with CaptureQueriesContext(connection) as queries:
            finish_attempt(attempt)
        costs.append(len(queries))
    assert costs[0] == costs[1]


def test_deleting_or_editing_an_attempt_recounts_the_student(quizzes):
    quiz = quizzes[0]
    anna = named("Anna")
    low = make_attempt(quiz, user=anna, score=1, finished_at=JULY)
    high = make_attempt(quiz, user=anna, score=3, finished_at=JULY + datetime.timedelta(days=1))
    assert rows(quiz) == [("Anna", 3.0, 1)]
    high.delete()
    assert rows(quiz) == [("Anna", 1.0, 1)] and rows() == [("Anna", 1.0, 1)]
    low.score = 2
    low.save()
    assert rows(quiz) == [("Anna", 2.0, 1)]
    low.delete()
    assert rows(quiz) == [] and rows() == [] and not BestScore.objects.filter(user=anna).exists()


def test_withdrawing_a_quiz_takes_it_out_of_the_totals(quizzes):
    first, second = quizzes
    anna = named("Anna")
    make_attempt(first, user=anna, score=3)
    make_attempt(second, user=anna, score=2)
    assert rows() == [("Anna", 5.0, 2)]
    second.is_published = False
    second.save()
    assert rows() == [("Anna", 3.0, 1)]
    second.is_published = True
    second.save()
    assert rows() == [("Anna", 5.0, 2)]


def test_claimed_anonymous_work_counts_on_the_board(quizzes):
    quiz = quizzes[0]
    make_attempt(quiz, anon_key="browser-1", score=3)
    assert rows() == []
    boris = named("Boris")
    claim_anonymous_work("browser-1", boris)
    assert rows(quiz) == [("Boris", 3.0, 1)] and rows() == [("Boris", 3.0, 1)]


def test_viewer_below_the_top_gets_their_place(quizzes):
    quiz = quizzes[0]
    users = [named(f"P{n:02d}") for n in range(25)]
    for n, user in enumerate(users):
        make_attempt(quiz, user=user, score=3 - (n // 10), finished_at=JULY + datetime.timedelta(hours=n))
    board = stats.leaderboard(quiz=quiz, viewer_id=users[24].pk)
    assert board.entrants == 25 and len(board.entries) == 20
    assert (board.me.place, board.me.name, board.me.score) == (25, "P24", 1.0)
    assert board.me_below_top


def test_mastery_comes_back_one_row_per_topic():
    topic = make_topic()
    questions = [make_question(topic=topic) for _ in range(4)]
    quiz = make_quiz(questions)
    user = make_user()
    for n in range(30):  # 30 attempts, 120 answers; the last attempt: right, right, wrong, wrong
        attempt = make_attempt(quiz, user=user, finished_at=JULY + datetime.timedelta(days=n))
        Response.objects.bulk_create(
            Response(
                attempt=attempt,
                question=q,
                answer={},
                is_correct=(i < 2) == (n == 29),
                language="en",
                answered_at=JULY + datetime.timedelta(days=n),
            )
            for i, q in enumerate(questions)
        )
    with CaptureQueriesContext(connection) as queries:
        answers = stats.last_answers(Learner(user_id=user.pk, anon_key=""))
    assert answers == {topic.pk: (4, 2)}
    assert len(queries) == 1 and "GROUP BY" in queries[0]["sql"]


@pytest.mark.parametrize("case", ["first result", "first at this quiz", "better", "not better"])
def test_recording_a_finish_costs_at_most_three_queries(quizzes, case):
    first, second = quizzes
    anna = named("Anna")
    if case in ("first at this quiz",):
        play(second, anna, right=1)
    if case in ("better", "not better"):
        play(first, anna, right=2)
    attempt = start_attempt(quiz=first, learner=Learner(user_id=anna.pk, anon_key=""))
    if case != "not better":
        for question_id in attempt.question_ids:
            question = first.questions.get(pk=question_id)
            choices = list(question.choices.order_by("position"))
            record_answer(
                attempt=attempt, question=question, choices=choices, answer={"choices": [choices[0].pk]}, language="en"
            )
    Attempt.objects.filter(pk=attempt.pk).update(
        submitted_at=JULY.replace(year=2030), score=attempt.responses.count(), max_score=3
    )
    attempt.refresh_from_db(from_queryset=Attempt.objects.select_related("quiz"))  # as finish_attempt does
    with CaptureQueriesContext(connection) as queries:
        stats.record_finish(attempt)
    data = [q for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "BEGIN"))]
    assert len(data) <= 3, [q["sql"] for q in data]
    kept = sorted(BestScore.objects.values_list("quiz_id", "score", "quizzes"), key=repr)
    stats.rebuild_best_scores()
    assert kept == sorted(BestScore.objects.values_list("quiz_id", "score", "quizzes"), key=repr)

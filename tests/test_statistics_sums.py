"""The question statistics over every attempt read sums kept in the database (quiz.answer_sums) and
add only the answers finished since: the figures must equal a fresh count of every answer, after
new answers, attempts finished late, edits and deletions, and a view's work must not grow."""

import io
import random

import pytest
from django.core.management import call_command

from quiz import answer_sums, fairness, reports, workspace
from quiz.models import Attempt, Question, Response, ResponseSums, SumsMark, UncountedAttempt
from quiz.ownership import Learner
from quiz.taking import finish_attempt, record_answer, start_attempt
from tests.factories import make_question, make_quiz, make_user

pytestmark = pytest.mark.django_db


def play(quiz, questions, rng: random.Random, finish: bool = True, language: str | None = None) -> Attempt:
    """A student's attempt at the quiz, each answer right or wrong at random, in either language."""
    attempt = start_attempt(quiz=quiz, learner=Learner(user_id=make_user().pk, anon_key=""))
    for question in questions:
        choices = list(question.choices.order_by("position"))
        record_answer(
            attempt=attempt,
            question=question,
            choices=choices,
            answer={"choices": [rng.choice(choices).pk]},
            language=language or rng.choice(["en", "ru"]),
        )
    if finish:
        finish_attempt(attempt)
    return attempt


@pytest.fixture
def bank():
    rng = random.Random(1975)
    questions = [make_question(Question.Kind.SINGLE) for _ in range(4)]
    quizzes = [make_quiz(questions[:3]), make_quiz(questions[1:])]  # two questions in both
    for n in range(48):
        play(quizzes[n % 2], questions[:3] if n % 2 == 0 else questions[1:], rng)
    return {"rng": rng, "questions": questions, "quizzes": quizzes}


def fresh_difs(attempts) -> list:
    """fairness.analyse over every answer of finished attempts, read one by one (the reference)."""
    answers, totals = [], {}
    for attempt_id, question_id, language, correct, score, top in Response.objects.filter(
        attempt__in=attempts.filter(submitted_at__isnull=False)
    ).values_list("attempt_id", "question_id", "language", "is_correct", "attempt__score", "attempt__max_score"):
        answers.append(fairness.ItemAnswer(attempt_id, question_id, language, correct))
        totals[attempt_id] = (score, top)
    return sorted(fairness.analyse(answers, totals, "en", "ru", min_per_group=3), key=lambda d: d.question_id)


def assert_fresh(quiz=None):
    """The kept counts plus the newer answers equal a count of every answer now: the sums, the wrong
    answers shown and the fairness test."""
    got = reports.counted_figures(reports.EveryAttempt(quiz), cached=False, min_responses=3).figures
    # Counted afresh: a filtered queryset is never read from the kept counts (reports.scope_of).
    attempts = Attempt.objects.filter(pk__gt=0, **({"quiz": quiz} if quiz else {}))
    want = reports.counted_figures(attempts, cached=False, min_responses=3).figures
    assert [f.question_id for f in got] == [f.question_id for f in want]
    for mine, fresh in zip(got, want, strict=True):
        assert mine.sums.keys() == fresh.sums.keys()
        for language, sums in fresh.sums.items():
            assert mine.sums[language].n == sums.n
            assert mine.sums[language].pairs == sums.pairs
            assert mine.sums[language].astuple() == pytest.approx(sums.astuple(), rel=1e-9, abs=1e-9)
        assert mine.stats.flags == fresh.stats.flags
        assert mine.stats.overall.facility == pytest.approx(fresh.stats.overall.facility)
    wrong = {row.question.pk: row.top_wrong for row in reports.statistics_for(got, reports.EveryAttempt(quiz))}
    assert wrong == {row.question.pk: row.top_wrong for row in reports.statistics_for(want, attempts)}
    counts = answer_sums.current_dif_counts(None, quiz)
    difs = sorted(workspace._difs_from_counts(counts, "en", "ru", min_per_group=3), key=lambda d: d.question_id)
    expected = fresh_difs(attempts)
    assert [(d.question_id, d.n_reference, d.n_focal, d.category) for d in difs] == [
        (d.question_id, d.n_reference, d.n_focal, d.category) for d in expected
    ]
    assert [d.delta for d in difs] == pytest.approx([d.delta for d in expected])


def test_without_a_fold_every_answer_is_newer(bank):
    rows, waiting = answer_sums.current_sums()
    assert waiting == 48 * 3
    assert_fresh()


def test_after_a_fold_the_view_reads_the_kept_sums_only(bank):
    assert answer_sums.fold() == 48 * 3
    assert SumsMark.objects.get().through_attempt == Attempt.objects.latest("pk").pk
    rows, waiting = answer_sums.current_sums()
    assert waiting == 0
    assert len(rows) == ResponseSums.objects.count()
    assert_fresh()
    for quiz in bank["quizzes"]:
        assert_fresh(quiz)


def test_new_answers_and_attempts_finished_late_are_added(bank):
    quiz, questions, rng = bank["quizzes"][0], bank["questions"][:3], bank["rng"]
    late = play(quiz, questions, rng, finish=False)  # open when the sums are folded
    never = play(quiz, questions, rng, finish=False)  # abandoned: never counted
    answer_sums.fold()
    assert set(UncountedAttempt.objects.values_list("attempt_id", flat=True)) == {late.pk, never.pk}
    assert_fresh(quiz)
    finish_attempt(late)
    play(quiz, questions, rng)  # above the mark
    play(quiz, questions, rng, finish=False)  # above the mark, open
    assert answer_sums.current_sums(quiz)[1] == 2 * 3
    assert_fresh()
    assert_fresh(quiz)
    answer_sums.fold()  # the late one is counted now; the open ones wait
    assert UncountedAttempt.objects.count() == 2
    assert answer_sums.current_sums()[1] == 0
    assert_fresh()
    assert_fresh(quiz)


def test_an_attempt_edited_or_deleted_after_the_fold_leaves_the_sums(bank):
    answer_sums.fold()
    edited, deleted = Attempt.objects.finished().order_by("pk")[:2]
    edited.score = 0.0  # e.g. a regrade
    edited.save()
    assert UncountedAttempt.objects.filter(attempt=edited).exists()
    assert_fresh()
    deleted.delete()
    assert_fresh()
    edited.user.delete()  # an account deleted: its attempts go
    assert_fresh()
    answer_sums.fold()
    assert answer_sums.current_sums()[1] == 0
    assert_fresh()


def test_a_question_no_longer_answered_disappears(bank):
    answer_sums.fold()
    only = bank["questions"][3]  # answered in the second quiz only
    for attempt in Attempt.objects.filter(quiz=bank["quizzes"][1]):
        attempt.delete()
    assert only.pk not in {f.question_id for f in reports.counted_figures(reports.EveryAttempt(), cached=False).figures}
    assert not ResponseSums.objects.filter(question=only).exists()
    assert_fresh()


def test_recount_equals_the_folds(bank):
    answer_sums.fold()
    play(bank["quizzes"][1], bank["questions"][1:], bank["rng"])
    answer_sums.fold()
    folded = sorted(ResponseSums.objects.values_list("quiz", "question", "language", "n", "points"))
    call_command("fold_statistics", "--recount", stdout=io.StringIO())
    # Whole points: the float sums are exact, so the recount equals the folds to the last bit.
    assert sorted(ResponseSums.objects.values_list("quiz", "question", "language", "n", "points")) == folded
    assert_fresh()


def test_a_view_folds_when_many_answers_wait(bank, monkeypatch):
    monkeypatch.setattr(answer_sums, "FOLD_AT", 10)
    assert not SumsMark.objects.exists()
    reports.counted_figures(reports.EveryAttempt(), cached=False)
    assert answer_sums.current_sums()[1] == 0  # folded by the view
    answer_sums.fold(recount=True)
    for _ in range(4):
        play(bank["quizzes"][0], bank["questions"][:3], bank["rng"])
    monkeypatch.setattr(answer_sums, "FOLD_ATTEMPTS", 3)
    reports.counted_figures(reports.EveryAttempt(), cached=False)
    assert answer_sums.current_sums()[1] == 3  # a view folds FOLD_ATTEMPTS attempts at most
    answer_sums.fold()
    play(bank["quizzes"][0], bank["questions"][:3], bank["rng"])
    reports.counted_figures(reports.EveryAttempt(), cached=False)
    assert answer_sums.current_sums()[1] == 3  # under FOLD_AT: left for later
    assert_fresh()


def test_the_view_costs_the_same_queries_for_more_answers(bank, django_assert_num_queries):
    answer_sums.fold()
    # The mark; the kept sums and the newer answers in one statement; the questions' topics.
    with django_assert_num_queries(3):
        reports.counted_figures(reports.EveryAttempt(), cached=False)
    for _ in range(10):
        play(bank["quizzes"][0], bank["questions"][:3], bank["rng"])
    with django_assert_num_queries(3):
        reports.counted_figures(reports.EveryAttempt(), cached=False)


def test_the_statistics_page_shows_the_fresh_figures(admin_client, bank):
    answer_sums.fold()
    play(bank["quizzes"][0], bank["questions"][:3], bank["rng"])
    html = admin_client.get("/en/admin/quiz/question/statistics/").content.decode()
    assert "4 questions answered" in html
    quiz = bank["quizzes"][1]
    html = admin_client.get(f"/en/admin/quiz/question/statistics/?quiz={quiz.pk}").content.decode()
    assert "3 questions answered" in html
    n = sum(f.stats.overall.responses for f in reports.counted_figures(Attempt.objects.all(), cached=False).figures)
    assert n == Attempt.objects.finished().count() * 3


def test_fold_command_says_what_it_did(bank):
    out = io.StringIO()
    call_command("fold_statistics", stdout=out)
    assert (
        out.getvalue().strip()
        == f"Folded 144 answers into the question statistics; the mark is attempt {Attempt.objects.latest('pk').pk}."
    )

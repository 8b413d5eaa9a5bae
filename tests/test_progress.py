"""My progress: the figures for a known history, the page in both languages with Russian plurals,
privacy, and a query count that does not grow with the history."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quiz import progress as stats
from quiz.models import CardState, Direction, Question, Quiz, Response
from quiz.ownership import Learner
from tests.factories import make_attempt, make_card, make_deck, make_question, make_quiz, make_topic, make_user

pytestmark = pytest.mark.django_db

JULY = datetime.datetime(1975, 7, 15, 12, 0, tzinfo=datetime.UTC)


def day(n: int) -> datetime.datetime:
    return JULY + datetime.timedelta(days=n)


@pytest.fixture
def quizzes():
    """Two quizzes of four questions; the first two questions are about 'Crews', the rest 'Flight'."""
    crews = make_topic(title_en="Crews", title_ru="Экипажи")
    flight = make_topic(title_en="Flight", title_ru="Полёт")
    questions = [
        make_question(topic=crews),
        make_question(topic=crews),
        make_question(topic=flight),
        make_question(topic=flight),
    ]
    make_question(topic=flight, is_published=False)  # never counted
    first = make_quiz(questions, title_en="First look", title_ru="Первое знакомство")
    second = make_quiz(questions[2:] + questions[:2], title_en="Docking", title_ru="Стыковка")
    return first, second


def answer(attempt, question, correct, when):
    return Response.objects.create(
        attempt=attempt,
        question=question,
        answer={},
        is_correct=correct,
        points=float(correct),
        language="en",
        answered_at=when,
    )


# The figures, without the web ---------------------------------------------------------------------


def test_best_and_latest_per_quiz(quizzes):
    first, second = quizzes
    user = make_user()
    make_attempt(first, user=user, score=1, finished_at=day(1))
    make_attempt(first, user=user, score=3, finished_at=day(2))  # best
    make_attempt(first, user=user, score=2, finished_at=day(3))  # latest
    make_attempt(first, user=user, score=4, finished_at=False)  # unfinished: not a result
    make_attempt(second, user=user, score=4, finished_at=day(2))
    make_attempt(first, user=make_user(), score=4, finished_at=day(5))  # someone else's
    summaries = stats.quiz_summaries(Learner(user_id=user.pk, anon_key=""))
    assert [(s.quiz, s.attempts, s.best_percent, s.latest_percent, s.latest_at) for s in summaries] == [
        (first, 3, 75, 50, day(3)),
        (second, 1, 100, 100, day(2)),
    ]


def test_practice_runs_are_history_but_not_a_quiz_result(quizzes):
    user = make_user()
    learner = Learner(user_id=user.pk, anon_key="")
    practice = make_attempt(Quiz.practice(), user=user, score=1, max_score=1)
    assert stats.quiz_summaries(learner) == []
    assert stats.recent_scores(learner) == []
    assert stats.history_page(learner, 1) == ([practice], False)


def test_a_teachers_quiz_called_practice_is_an_ordinary_quiz(quizzes):
    """The practice quiz is a flag, not a name: a quiz a teacher slugged "practice" keeps its results."""
    user = make_user()
    learner = Learner(user_id=user.pk, anon_key="")
    teachers = make_quiz(slug="practice", title="Practice round")
    make_attempt(teachers, user=user, score=1, max_score=1)
    practice = Quiz.practice()
    assert practice != teachers and practice.is_practice and Quiz.practice() == practice
    assert [summary.quiz for summary in stats.quiz_summaries(learner)] == [teachers]
    assert teachers.get_absolute_url() == "/en/quizzes/practice/"


def test_chart_places_scores_oldest_first_from_left_to_right(quizzes):
    first, _second = quizzes
    user = make_user()
    for n, score in enumerate([2, 0, 4], start=1):
        make_attempt(first, user=user, score=score, finished_at=day(n))
    chart = stats.score_chart(stats.recent_scores(Learner(user_id=user.pk, anon_key="")))
    assert [p.percent for p in chart.points] == [50, 0, 100]
    assert [p.x for p in chart.points] == [chart.left, (chart.left + chart.right) / 2, chart.right]
    assert [p.y for p in chart.points] == [(chart.top + chart.bottom) / 2, chart.bottom, chart.top]
    assert chart.polyline.startswith(f"{chart.left:.1f},")
    assert (chart.first.percent, chart.last.percent, chart.best.percent) == (50, 100, 100)


def test_chart_keeps_the_30_most_recent(quizzes):
    first, _second = quizzes
    user = make_user()
    for n in range(35):
        make_attempt(first, user=user, score=n % 5, finished_at=day(n))
    recent = stats.recent_scores(Learner(user_id=user.pk, anon_key=""))
    assert [a.submitted_at for a in recent] == [day(n) for n in range(5, 35)]


def test_mastery_counts_the_last_answer_to_each_question(quizzes):
    first, _second = quizzes
    q1, q2, q3, _q4 = (Question.objects.get(pk=pk) for pk in first.quiz_questions.values_list("question", flat=True))
    user = make_user()
    old = make_attempt(first, user=user, finished_at=day(1))
    new = make_attempt(first, user=user, finished_at=day(2))
    answer(old, q1, True, day(1))
    answer(new, q1, False, day(2))  # right once, wrong last time: not mastered
    answer(old, q2, False, day(1))
    answer(new, q2, True, day(2))  # wrong once, right last time: mastered
    answer(old, q3, True, day(1))
    answer(make_attempt(first, user=make_user()), q1, True, day(3))  # someone else's
    mastery = stats.topic_mastery(Learner(user_id=user.pk, anon_key=""))
    assert [(m.topic.title_en, m.questions, m.answered, m.right, m.percent) for m in mastery] == [
        ("Crews", 2, 2, 1, 50),
        ("Flight", 2, 1, 1, 50),  # the unpublished question is not one of the topic's
    ]


def test_flashcard_summary_counts_studied_due_and_reviews():
    user = make_user()
    learner = Learner(user_id=user.pk, anon_key="")
    deck = make_deck()
    now = timezone.now()
    CardState.objects.create(card=make_card(deck), user=user, reps=3, due=now + datetime.timedelta(days=4))
    CardState.objects.create(card=make_card(deck), user=user, reps=2, due=now - datetime.timedelta(hours=1))
    CardState.objects.create(card=make_card(deck), user=user, reps=0, due=now)  # brought back by a wrong answer
    CardState.objects.create(card=make_card(deck), direction=Direction.EN_RU, anon_key="x", reps=9)
    assert stats.flashcard_summary(learner, now=now) == {"studied": 2, "due": 2, "reviews": 5}


@pytest.mark.parametrize(("seconds", "shown"), [(0, "0:00"), (65, "1:05"), (3729, "1:02:09"), (None, "")])
def test_time_taken_reads_like_a_clock(seconds, shown):
    value = None if seconds is None else datetime.timedelta(seconds=seconds)
    assert stats.format_duration(value) == shown


# The page -----------------------------------------------------------------------------------------


def test_new_student_sees_where_to_start(client):
    client.force_login(make_user())
    page = client.get("/en/progress/").content.decode()
    assert "Nothing here yet — start with a quiz" in page
    assert 'href="/en/quizzes/"' in page
    assert "You have not studied any flashcards yet." in page
    assert "chart-svg" not in page  # no score chart yet (the header's emblem is an svg too)


def test_new_student_sees_where_to_start_in_russian(client):
    client.force_login(make_user())
    page = client.get("/ru/progress/").content.decode()
    assert "Здесь пока пусто — начните с викторины" in page
    assert "Вы ещё не изучали карточки." in page


def test_progress_page_lists_every_attempt_with_its_review(client, quizzes):
    first, second = quizzes
    user = make_user()
    done = make_attempt(first, user=user, score=3, finished_at=day(2), minutes=4)
    open_attempt = make_attempt(second, user=user, finished_at=False)
    client.force_login(user)
    page = client.get("/en/progress/").content.decode()
    assert f'href="/en/attempts/{done.public_id}/result/"' in page
    assert f'href="/en/attempts/{open_attempt.public_id}/"' in page  # resume the unfinished one
    assert "17 July 1975" in page
    assert '<td class="num">4:00</td>' in page
    assert "75%" in page
    assert 'role="img" aria-labelledby="chart-title chart-desc"' in page
    assert "Your first score: 75%." in page
    assert "style=" not in page  # the chart is allowed under the CSP


def test_progress_page_in_russian_formats_dates_and_percentages(client, quizzes):
    first, _second = quizzes
    user = make_user()
    make_attempt(first, user=user, score=3, finished_at=day(2))
    make_attempt(first, user=user, score=1, finished_at=day(3))
    client.force_login(user)
    page = client.get("/ru/progress/").content.decode()
    assert "Мой прогресс" in page
    assert "Первое знакомство" in page
    assert "17 июля 1975 г." in page
    assert "75\u00a0%" in page and "25\u00a0%" in page
    assert "2 результата на графике: от 75\u00a0% до 25\u00a0%, лучший — 75\u00a0%." in page


@pytest.mark.parametrize(
    ("count", "en", "ru"),
    [
        (1, "1 attempt", "1 попытка"),
        (2, "2 attempts", "2 попытки"),
        (5, "5 attempts", "5 попыток"),
        (11, "11 attempts", "11 попыток"),
        (21, "21 attempts", "21 попытка"),
    ],
)
def test_attempt_counts_use_the_russian_plural_forms(client, count, en, ru):
    user = make_user()
    quiz = make_quiz([make_question()])
    for n in range(count):
        make_attempt(quiz, user=user, score=1, finished_at=day(n))
    client.force_login(user)
    assert f"{en},\n" in client.get("/en/progress/").content.decode()
    assert f"{ru},\n" in client.get("/ru/progress/").content.decode()


@pytest.mark.parametrize(
    ("count", "ru"),
    [
        (1, "верно 1 из 1 вопроса"),
        (2, "верно 2 из 2 вопросов"),
        (5, "верно 5 из 5 вопросов"),
        (11, "верно 11 из 11 вопросов"),
        (21, "верно 21 из 21 вопроса"),
    ],
)
def test_mastery_uses_the_russian_plural_forms_of_question(client, count, ru):
    user = make_user()
    topic = make_topic()
    questions = [make_question(topic=topic) for _n in range(count)]
    attempt = make_attempt(make_quiz(questions), user=user)
    for question in questions:
        answer(attempt, question, True, day(1))
    client.force_login(user)
    assert ru in client.get("/ru/progress/").content.decode()
    english = client.get("/en/progress/").content.decode()
    assert f"{count} of {count} question{'s' if count > 1 else ''} right" in english


def test_history_is_paged_twenty_at_a_time(client, quizzes):
    first, _second = quizzes
    user = make_user()
    for n in range(25):
        make_attempt(first, user=user, score=1, finished_at=day(n))
    client.force_login(user)
    page_one = client.get("/en/progress/").content.decode()
    page_two = client.get("/en/progress/?page=2").content.decode()
    assert page_one.count("/result/") == 20 and 'href="?page=2#history"' in page_one
    assert page_two.count("/result/") == 5 and 'href="?page=1#history"' in page_two
    assert "?page=3" not in page_two


@pytest.mark.parametrize("query", ["?page=0", "?page=abc", "?page=-1", "?page=3"])
def test_a_page_that_does_not_exist_is_404(client, quizzes, query):
    user = make_user()
    make_attempt(quizzes[0], user=user)
    client.force_login(user)
    assert client.get(f"/en/progress/{query}").status_code == 404


# Privacy ------------------------------------------------------------------------------------------


def test_a_student_sees_only_their_own_history(client, quizzes):
    first, _second = quizzes
    mine = make_attempt(first, user=make_user(), score=1)
    theirs = make_attempt(first, user=make_user(), score=4)
    anonymous = make_attempt(first, anon_key="another-browser", score=2)
    client.force_login(mine.user)
    page = client.get("/en/progress/").content.decode()
    assert str(mine.public_id) in page
    assert str(theirs.public_id) not in page and str(anonymous.public_id) not in page


def test_another_students_attempt_review_is_404(client, quizzes):
    theirs = make_attempt(quizzes[0], user=make_user(), score=4)
    client.force_login(make_user())
    assert client.get(f"/en/attempts/{theirs.public_id}/result/").status_code == 404
    assert client.get(f"/en/attempts/{theirs.public_id}/").status_code == 404
    client.logout()
    assert client.get(f"/en/attempts/{theirs.public_id}/result/").status_code == 404


def test_there_is_no_address_for_someone_elses_progress(client):
    other = make_user()
    client.force_login(make_user())
    assert client.get(f"/en/progress/{other.pk}/").status_code == 404


def test_anonymous_visitor_sees_this_browsers_work_and_is_invited_to_sign_up(client, quizzes):
    first, _second = quizzes
    client.post(f"/en/quizzes/{first.slug}/")
    someone_else = make_attempt(first, anon_key="another-browser", score=2)
    page = client.get("/en/progress/").content.decode()
    assert 'href="/en/accounts/signup/">Sign up</a>' in page
    assert page.count("/attempts/") == 1
    assert str(someone_else.public_id) not in page


# Query budget -------------------------------------------------------------------------------------


def progress_queries(client, user, attempts: int, quiz) -> int:
    for n in range(attempts):
        attempt = make_attempt(quiz, user=user, score=n % 3, finished_at=day(n))
        for question_id in attempt.question_ids:
            Response.objects.create(
                attempt=attempt,
                question_id=question_id,
                answer={},
                is_correct=bool(n % 2),
                language="en",
                answered_at=day(n),
            )
    deck = make_deck()
    for _n in range(attempts):
        CardState.objects.create(card=make_card(deck), user=user, reps=1)
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/progress/")
    assert response.status_code == 200
    return len(queries)


def test_progress_page_costs_the_same_for_1_and_50_attempts(client, quizzes):
    first, second = quizzes
    small = progress_queries(client, make_user(), 1, first)
    large = progress_queries(client, make_user(), 50, second)
    assert small == large
    assert large <= 10


def test_anonymous_progress_page_costs_the_same_for_1_and_50_attempts(quizzes):
    from django.test import Client

    costs = []
    for count in (1, 50):
        client = Client()
        client.post(f"/en/quizzes/{quizzes[0].slug}/")
        key = client.session["learner"]
        for n in range(count):
            make_attempt(quizzes[1], anon_key=key, score=1, finished_at=day(n))
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/en/progress/").status_code == 200
        costs.append(len(queries))
    assert costs[0] == costs[1] <= 10


@pytest.mark.parametrize(("value", "shown"), [(2.5, 3), (1.5, 2), (0.5, 1), (62.5, 63), (2.4999, 2), (7.0, 7)])
def test_whole_numbers_round_halves_up_as_people_do(value, shown):
    assert stats.whole(value) == shown
    assert stats.percent(5, 8) == 63  # 62.5 %

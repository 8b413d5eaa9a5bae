"""The daily habit: a day's study counted from answers, finished quizzes and flashcard reviews, in the
learner's own time zone; the goal, the streak and the calendar; the goal form; sign-up keeps it all."""

import datetime
import re
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone, translation
from pytest_django.asserts import assertContains, assertRedirects

from quiz import habits
from quiz.models import Attempt, CardState, DailyGoal, Direction, GoalKind, Question, Quiz, Response, ReviewLog
from quiz.ownership import SESSION_KEY, Learner
from tests.factories import make_attempt, make_card, make_deck, make_question, make_quiz, make_user

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
TODAY = datetime.date(2026, 3, 18)  # a Wednesday


def at(day: datetime.date, hour: int = 12, zone=UTC) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)


def days_ago(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


def review(learner_fields: dict, when: datetime.datetime, times: int = 1) -> None:
    """`times` flashcard reviews at `when`, each of a card of its own."""
    deck = make_deck()
    for _n in range(times):
        state = CardState.objects.create(card=make_card(deck), direction=Direction.FACT, reps=1, **learner_fields)
        ReviewLog.objects.create(card_state=state, rating=3, reps=1, reviewed_at=when)


def finished_quiz(learner_fields: dict, when: datetime.datetime, practice: bool = False) -> Attempt:
    question = make_question()
    quiz = Quiz.practice() if practice else make_quiz([question])
    attempt = make_attempt(quiz, score=1, question_ids=[question.pk], **learner_fields)
    Attempt.objects.filter(pk=attempt.pk).update(submitted_at=when)
    Response.objects.create(
        attempt=attempt,
        question=Question.objects.get(pk=attempt.question_ids[0]),
        answer={},
        is_correct=True,
        points=1,
        language="en",
        answered_at=when,
    )
    return attempt


@pytest.fixture
def user():
    return make_user()


@pytest.fixture
def me(user):
    return Learner(user_id=user.pk, anon_key="")


def test_a_day_counts_reviews_answers_and_finished_quizzes_but_not_practice(user, me):
    mine = {"user": user}
    review(mine, at(TODAY, 9), times=3)
    finished_quiz(mine, at(TODAY, 10))
    finished_quiz(mine, at(TODAY, 11), practice=True)
    review({"user": make_user()}, at(TODAY, 9), times=5)  # someone else's
    study = habits.study_by_day(me, days_ago(7))
    assert study == {TODAY: habits.Study(cards=3, answers=2, quizzes=1)}


def test_the_day_is_the_learners_own_time_zone(user, me):
    # 23:30 in Vladivostok on the 18th is 13:30 UTC on the 18th; 01:00 on the 19th there is still the 18th in UTC.
    vladivostok = zoneinfo.ZoneInfo("Asia/Vladivostok")
    review({"user": user}, at(TODAY + datetime.timedelta(days=1), 1, vladivostok))
    assert habits.study_by_day(me, days_ago(3), UTC) == {TODAY: habits.Study(cards=1)}
    assert habits.study_by_day(me, days_ago(3), vladivostok) == {
        TODAY + datetime.timedelta(days=1): habits.Study(cards=1)
    }


def test_default_goal_is_ten_cards_or_one_quiz():
    goal = DailyGoal()
    assert (goal.kind, goal.cards) == (GoalKind.EITHER, 10)
    assert goal.is_met(cards=10, quizzes=0) and goal.is_met(cards=0, quizzes=1)
    assert not goal.is_met(cards=9, quizzes=0)
    assert not DailyGoal(kind=GoalKind.CARDS, cards=5).is_met(cards=4, quizzes=3)
    assert not DailyGoal(kind=GoalKind.QUIZ).is_met(cards=200, quizzes=0)


def test_streak_counts_days_in_a_row_and_lives_on_until_today_ends(user, me):
    for n in (1, 2, 3):  # yesterday and the two days before: goal met
        finished_quiz({"user": user}, at(days_ago(n)))
    finished_quiz({"user": user}, at(days_ago(5)))  # after a gap: not part of the streak
    habit = habits.habit_for(me, today=TODAY)
    assert habit.streak == 3  # nothing yet today breaks nothing
    assert habit.today.state == "none"
    review({"user": user}, at(TODAY), times=10)
    habit = habits.habit_for(me, today=TODAY)
    assert habit.streak == 4
    assert habit.today.state == "met"
    # The day after tomorrow, without study tomorrow: the streak is over, said plainly as 0.
    assert habits.habit_for(me, today=TODAY + datetime.timedelta(days=2)).streak == 0


def test_calendar_has_eight_monday_weeks_ending_this_week_with_states(user, me):
    review({"user": user}, at(days_ago(1)), times=2)  # studied, goal (10 cards) not met
    finished_quiz({"user": user}, at(days_ago(2)))
    habit = habits.habit_for(me, today=TODAY)
    assert len(habit.weeks) == 8 and all(len(week) == 7 for week in habit.weeks)
    assert habit.weeks[0][0].date.weekday() == 0 and habit.weeks[-1][-1].date == TODAY + datetime.timedelta(days=4)
    states = {day.date: day.state for week in habit.weeks for day in week}
    assert states[days_ago(1)] == "studied"
    assert states[days_ago(2)] == "met"
    assert states[days_ago(3)] == "none"
    assert states[TODAY + datetime.timedelta(days=1)] == "future"
    assert habit.days_met == 1


def test_a_new_goal_holds_from_today_and_never_rewrites_earlier_days(user, me, monkeypatch):
    review({"user": user}, at(days_ago(1)), times=10)  # met under the default goal
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)
    habits.set_goal(me, kind=GoalKind.CARDS, cards=50)
    habits.set_goal(me, kind=GoalKind.CARDS, cards=40)  # a second change the same day changes that day's row
    assert list(DailyGoal.objects.values_list("since", "cards")) == [(TODAY, 40)]
    habit = habits.habit_for(me, today=TODAY)
    assert habit.goal.cards == 40
    assert {day.date: day.met for week in habit.weeks for day in week}[days_ago(1)] is True


def test_habit_costs_two_queries_whatever_the_history(user, me, django_assert_num_queries):
    for n in range(30):
        review({"user": user}, at(days_ago(n)), times=3)
    with django_assert_num_queries(2):
        habits.habit_for(me, today=TODAY)


def test_a_visitor_with_nothing_stored_costs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        habit = habits.habit_for(Learner(user_id=None, anon_key=""), today=TODAY)
    assert habit.streak == 0 and habit.goal.cards == 10


# The goal form ------------------------------------------------------------------------------------


def test_setting_the_goal_saves_it_and_says_so(client, user):
    client.force_login(user)
    response = client.post("/ru/progress/goal/", {"kind": "cards", "cards": "25"})
    assertRedirects(response, "/ru/progress/#habit", fetch_redirect_response=False)
    goal = DailyGoal.objects.get(user=user)
    assert (goal.kind, goal.cards, goal.anon_key) == ("cards", 25, "")
    assertContains(client.get("/ru/progress/"), "Цель на день сохранена.")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "cards", "cards": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"kind": "cards", "cards": "900"}, "Ensure this value is less than or equal to 200."),
        ({"kind": "everything", "cards": "5"}, "Select a valid choice."),
        ({"kind": "cards", "cards": "ten"}, "Enter a whole number."),
    ],
)
def test_a_bad_goal_is_refused_with_a_message_and_nothing_saved(client, data, message):
    response = client.post("/en/progress/goal/", data)
    assert response.status_code == 400
    assertContains(response, message, status_code=400)
    assert not DailyGoal.objects.exists()


def test_the_goal_form_is_post_only(client):
    assert client.get("/en/progress/goal/").status_code == 405


def test_anonymous_goal_and_streak_survive_sign_up():
    client = Client()
    client.post("/en/progress/goal/", {"kind": "quiz", "cards": "10"})
    anon_key = client.session[SESSION_KEY]
    finished_quiz({"anon_key": anon_key}, timezone.now())
    assert "1 day in a row" in client.get("/en/").content.decode()
    client.post(
        "/en/accounts/signup/",
        {"username": "yuri", "password1": "orbit-1975-handshake", "password2": "orbit-1975-handshake"},
    )
    user = get_user_model().objects.get(username="yuri")
    assert DailyGoal.objects.get().user_id == user.pk
    page = client.get("/en/progress/").content.decode()
    assert "1 day in a row" in page
    assert re.search(r'<input type="radio" name="kind" value="quiz"[^>]* checked>', page)


def test_an_accounts_own_goal_wins_over_the_anonymous_one(client, user):
    DailyGoal.objects.create(user=user, kind=GoalKind.CARDS, cards=30)
    DailyGoal.objects.create(anon_key="k" * 32, kind=GoalKind.QUIZ)
    assert habits.claim("k" * 32, user) == 0
    assert list(DailyGoal.objects.values_list("user_id", "cards")) == [(user.pk, 30)]


@pytest.mark.parametrize(
    ("language", "studied_today", "missed"),
    [
        ("en", "18 March 2026 (today): goal met, 12 flashcards, 1 quiz finished", "17 March 2026: no study"),
        (
            "ru",
            "18 марта 2026 г. (сегодня): цель выполнена, 12 карточек, 1 викторина пройдена",
            "17 марта 2026 г.: без занятий",
        ),
    ],
)
def test_each_calendar_day_is_told_in_words_in_the_pages_language(language, studied_today, missed):
    goal = DailyGoal()
    today = habits.Day(TODAY, habits.Study(cards=12, answers=3, quizzes=1), goal, is_today=True, is_future=False)
    yesterday = habits.Day(days_ago(1), habits.Study(), goal, is_today=False, is_future=False)
    with translation.override(language):
        assert (today.label, yesterday.label) == (studied_today, missed)
    partly = habits.Day(days_ago(2), habits.Study(cards=2), goal, is_today=False, is_future=False)
    with translation.override("ru"):
        assert partly.label == "16 марта 2026 г.: занимались, цель не выполнена, 2 карточки"


# The time zone ------------------------------------------------------------------------------------


def test_the_browsers_time_zone_decides_the_day(client, user):
    client.force_login(user)
    client.cookies["tz"] = "Asia/Vladivostok"
    assertContains(client.get("/en/progress/"), "Your day follows the time zone Asia/Vladivostok.")


@pytest.mark.parametrize("zone", ["../../etc/passwd", "Mars/Olympus", "x" * 300, ""])
def test_an_unknown_time_zone_falls_back_to_the_sites(client, zone):
    client.cookies["tz"] = zone
    assertContains(client.get("/en/progress/"), "Your day follows the time zone UTC.")

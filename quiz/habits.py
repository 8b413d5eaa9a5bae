"""The daily habit: a day's study, the goal, the streak and the calendar of recent weeks.

A day's study is read from what is stored anyway — flashcard reviews, quiz answers and finished
quizzes — grouped by the learner's calendar date in the database. A day is the learner's day: the time
zone their browser reported (quiz.middleware.LearnerTimeZoneMiddleware), else the site's. Nothing is
written while studying, so no answer or rating costs a query more, and sign-up moves the history
along with the attempts and card states it is made of. Nothing here nags: a day without study is
simply empty, and a streak starts again with the next day met.
"""

import bisect
import datetime
from dataclasses import dataclass
from functools import cached_property, lru_cache

from django.db.models import Count, Value
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, ngettext

from .models import Attempt, DailyGoal, Response, ReviewLog
from .ownership import Learner

CALENDAR_WEEKS = 8
# How far back a streak is counted; a longer one shows as this many days.
STREAK_WINDOW_DAYS = 400


@dataclass(frozen=True)
class Study:
    cards: int = 0  # flashcard reviews
    answers: int = 0  # quiz questions answered
    quizzes: int = 0  # quizzes finished (practice on one fact is no whole quiz)

    @property
    def any(self) -> bool:
        return bool(self.cards or self.answers or self.quizzes)


def study_by_day(learner: Learner, since: datetime.date, zone=None) -> dict[datetime.date, Study]:
    """What the learner studied on each of their days from `since` on: one query (a UNION of three
    grouped counts), at most three rows a day whatever the number of answers."""
    if not learner.is_known:
        return {}
    zone = zone or timezone.get_current_timezone()
    start = datetime.datetime.combine(since, datetime.time.min, tzinfo=zone)

    def per_day(queryset, moment: str, kind: str):
        return (
            queryset.order_by()  # the models' default orderings would split the groups
            .annotate(day=TruncDate(moment, tzinfo=zone))
            .values("day")
            .annotate(kind=Value(kind), n=Count("pk"))
            .values_list("day", "kind", "n")
        )

    reviews = per_day(
        ReviewLog.objects.filter(learner.rows("card_state__"), reviewed_at__gte=start), "reviewed_at", "cards"
    )
    answers = per_day(
        Response.objects.filter(learner.rows("attempt__"), answered_at__gte=start), "answered_at", "answers"
    )
    quizzes = per_day(
        Attempt.objects.owned_by(learner).filter(submitted_at__gte=start).filter(quiz__is_practice=False),
        "submitted_at",
        "quizzes",
    )
    found: dict[datetime.date, dict[str, int]] = {}
    for day, kind, n in reviews.union(answers, quizzes, all=True):
        found.setdefault(day, {})[kind] = n
    return {day: Study(**counts) for day, counts in found.items()}


def goals_for(learner: Learner) -> list[DailyGoal]:
    """The learner's goals, oldest first (empty when they never chose one)."""
    return list(DailyGoal.objects.owned_by(learner)) if learner.is_known else []


def goal_on(goals: list[DailyGoal], day: datetime.date, default: DailyGoal | None = None) -> DailyGoal:
    """The goal in force on `day`: the latest one set on or before it, else `default` (a new
    DailyGoal, the default goal, when not given)."""
    index = bisect.bisect_right([goal.since for goal in goals], day)
    if index:
        return goals[index - 1]
    return default if default is not None else DailyGoal()


def set_goal(learner: Learner, *, kind: str, cards: int) -> DailyGoal:
    """The goal from today on; earlier days keep the goal they had."""
    goal, _created = DailyGoal.objects.update_or_create(
        since=timezone.localdate(), **learner.owner_fields(), defaults={"kind": kind, "cards": cards}
    )
    return goal


@dataclass(frozen=True)
class Day:
    date: datetime.date
    study: Study
    goal: DailyGoal
    is_today: bool
    is_future: bool

    # Worked out once: the calendar asks each of its 56 days several times.
    @cached_property
    def met(self) -> bool:
        return not self.is_future and self.goal.is_met(cards=self.study.cards, quizzes=self.study.quizzes)

    @cached_property
    def state(self) -> str:
        """ "met", "studied" (some study, goal not met), "none" or "future": each shown with a mark and
        words of its own, never by colour alone."""
        if self.is_future:
            return "future"
        if self.met:
            return "met"
        return "studied" if self.study.any else "none"

    @property
    def label(self) -> str:
        """The day in words, as the calendar tells it to a screen reader (its marks ✓ and • are hidden
        from one): "30 November 2026 (today): studied, goal not met, 3 flashcards". Built here rather
        than in the template: 56 cells of template tags cost about 3 ms a view."""
        words = _date_in_words(self.date, get_language())
        if self.is_today:
            words += " (" + gettext("today") + ")"
        state = self.state
        if state == "met":
            words += ": " + gettext("goal met")
        elif state == "studied":
            words += ": " + gettext("studied, goal not met")
        else:
            words += ": " + gettext("no study")
        if self.study.cards:
            count = self.study.cards
            words += ", " + ngettext("%(counter)s flashcard", "%(counter)s flashcards", count) % {"counter": count}
        if self.study.quizzes:
            count = self.study.quizzes
            words += ", " + ngettext("%(counter)s quiz finished", "%(counter)s quizzes finished", count) % {
                "counter": count
            }
        return words


@lru_cache(maxsize=1024)
def _date_in_words(date: datetime.date, language: str) -> str:
    """The date as the language writes it ("17 July 1975"). Formatting is slow next to the rest of
    a calendar cell, and every learner's calendar shows the same few weeks. `language` is the active
    one (date_format reads it): it keeps each language's words apart in the cache."""
    return date_format(date, "DATE_FORMAT")


@dataclass(frozen=True)
class Habit:
    goal: DailyGoal  # today's
    today: Day
    streak: int
    weeks: list[list[Day]]

    @property
    def days_met(self) -> int:
        return sum(1 for week in self.weeks for day in week if day.met)


def habit_for(learner: Learner, weeks: int = CALENDAR_WEEKS, today: datetime.date | None = None) -> Habit:
    """Today's goal and progress, the streak, and a calendar of the last `weeks` weeks (Monday
    first, this week last): two queries whatever the history."""
    today = today or timezone.localdate()
    goals = goals_for(learner)
    studied = study_by_day(learner, today - datetime.timedelta(days=STREAK_WINDOW_DAYS))
    default, nothing = DailyGoal(), Study()  # shared by every day before the first goal / without study

    def day(date: datetime.date) -> Day:
        return Day(date, studied.get(date, nothing), goal_on(goals, date, default), date == today, date > today)

    # A streak lives on through today until the day is over: not having studied *yet* breaks nothing.
    streak, date = 0, today if day(today).met else today - datetime.timedelta(days=1)
    while streak < STREAK_WINDOW_DAYS and day(date).met:
        streak, date = streak + 1, date - datetime.timedelta(days=1)
    first = today - datetime.timedelta(days=today.weekday() + 7 * (weeks - 1))
    days = [day(first + datetime.timedelta(days=n)) for n in range(7 * weeks)]
    return Habit(
        goal=goal_on(goals, today),
        today=day(today),
        streak=streak,
        weeks=[days[n : n + 7] for n in range(0, len(days), 7)],
    )


def claim(anon_key: str, user) -> int:
    """On sign-up or log-in (inside quiz.ownership.claim_anonymous_work's transaction): the anonymous
    learner's goals become the account's, unless the account has chosen its own. Their study history
    needs no moving: it is read from the attempts and card states, which move already. Returns the
    goals moved."""
    anonymous = DailyGoal.objects.owned_by(Learner(user_id=None, anon_key=anon_key))
    if DailyGoal.objects.filter(user=user).exists():
        anonymous.delete()
        return 0
    return anonymous.update(user=user, anon_key="")

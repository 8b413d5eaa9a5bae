"""A learner's progress and the leaderboards: each figure is one bounded query, and the arithmetic
on its rows is plain Python, tested without the web.

Every query here is bounded by the page (a top 20, a page of history, the quizzes, the topics) and
not by how much a student or the whole school has done: see tests/test_progress.py and
bench/progress_bench.py for the figures.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.db.models import Count, F, Max, OuterRef, Q, Subquery, Sum, Value, Window
from django.db.models.functions import NullIf, RowNumber
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext

from .models import Attempt, CardState, Profile, Quiz, Response, Topic
from .models.classes import JOIN_CODE_ALPHABET  # no 0/O or 1/I/L: easy to read back

HISTORY_PAGE_SIZE = 20
CHART_SIZE = 30  # the most recent finished attempts drawn on the chart
LEADERBOARD_SIZE = 20



def percent(score: float | None, max_score: float | None) -> int | None:
    if score is None or not max_score:
        return None
    return round(100 * score / max_score)


# History and per-quiz results ---------------------------------------------------------------------


def history_page(learner, page: int) -> tuple[list[Attempt], bool]:
    """One page of every attempt, newest first, and whether an older page exists (one query:
    a row more than the page is read instead of counting them all)."""
    page = max(1, page)
    start = (page - 1) * HISTORY_PAGE_SIZE
    rows = list(
        Attempt.objects.filter(learner.rows())
        .select_related("quiz")
        .order_by("-started_at", "-id")[start : start + HISTORY_PAGE_SIZE + 1]
    )
    for attempt in rows:
        attempt.time_taken = format_duration(attempt.duration)
    return rows[:HISTORY_PAGE_SIZE], len(rows) > HISTORY_PAGE_SIZE


@dataclass
class QuizSummary:
    quiz: Quiz
    attempts: int
    best_percent: int
    latest_percent: int | None
    latest_at: datetime


def quiz_summaries(learner) -> list[QuizSummary]:
    """Best and latest result per quiz the learner has finished, most recently played first.
    Practice runs (a fact's few questions from the timeline) are not a quiz result."""
    finished = learner.rows("attempts__") & Q(attempts__submitted_at__isnull=False)
    latest = Attempt.objects.filter(learner.rows(), quiz=OuterRef("pk"), submitted_at__isnull=False).order_by(
        "-submitted_at", "-id"
    )
    ratio = F("attempts__score") / NullIf(F("attempts__max_score"), Value(0.0))
    quizzes = (
        Quiz.objects.real()
        .filter(finished)  # before annotate: the aggregates below count these attempts only
        .annotate(
            attempt_count=Count("attempts"),
            best_ratio=Max(ratio),
            latest_at=Max("attempts__submitted_at"),
            latest_score=Subquery(latest.values("score")[:1]),
            latest_max=Subquery(latest.values("max_score")[:1]),
        )
        .order_by("-latest_at", "pk")
    )
    return [
        QuizSummary(
            quiz=quiz,
            attempts=quiz.attempt_count,
            best_percent=round(100 * (quiz.best_ratio or 0)),
            latest_percent=percent(quiz.latest_score, quiz.latest_max),
            latest_at=quiz.latest_at,
        )
        for quiz in quizzes
    ]


def recent_scores(learner, limit: int = CHART_SIZE) -> list[Attempt]:
    """The last `limit` finished quiz attempts, oldest first (the order the chart reads in)."""
    rows = (
        Attempt.objects.filter(learner.rows(), submitted_at__isnull=False)
        .filter(quiz__is_practice=False)
        .select_related("quiz")
        .order_by("-submitted_at", "-id")[:limit]
    )
    return list(reversed(rows))


# The chart ----------------------------------------------------------------------------------------


@dataclass
class ChartPoint:
    x: float
    y: float
    percent: int
    attempt: Attempt


@dataclass
class Chart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    points: list[ChartPoint] = field(default_factory=list)
    grid: list[tuple[float, int]] = field(default_factory=list)  # (y, percent) of each gridline

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def first(self) -> ChartPoint | None:
        return self.points[0] if self.points else None

    @property
    def last(self) -> ChartPoint | None:
        return self.points[-1] if self.points else None

    @property
    def best(self) -> ChartPoint | None:
        return max(self.points, key=lambda p: p.percent) if self.points else None


def score_chart(attempts: list[Attempt], width: int = 600, height: int = 220) -> Chart:
    """Where each score goes on an SVG chart: attempts evenly spaced left to right in the order
    played, 0–100 % bottom to top. Even spacing keeps a busy afternoon readable."""
    chart = Chart(width=width, height=height, left=80, right=width - 16, top=16, bottom=height - 40)
    span_y = chart.bottom - chart.top
    chart.grid = [(chart.bottom - span_y * p / 100, p) for p in (0, 25, 50, 75, 100)]
    count = len(attempts)
    for index, attempt in enumerate(attempts):
        value = max(0, min(100, percent(attempt.score, attempt.max_score) or 0))
        x = (
            (chart.left + chart.right) / 2
            if count == 1
            else chart.left + (chart.right - chart.left) * index / (count - 1)
        )
        chart.points.append(ChartPoint(x=x, y=chart.bottom - span_y * value / 100, percent=value, attempt=attempt))
    return chart


# Mastery by topic ---------------------------------------------------------------------------------


@dataclass
class TopicMastery:
    topic: Topic
    questions: int  # the topic's published questions
    answered: int
    right: int  # last answered correctly

    @property
    def percent(self) -> int:
        return round(100 * self.right / self.questions) if self.questions else 0


def last_answers(learner) -> list[tuple[int, bool]]:
    """(topic id, last answer correct?) for each published question the learner has answered."""
    return list(
        Response.objects.filter(learner.rows("attempt__"), question__is_published=True)
        .annotate(
            nth=Window(RowNumber(), partition_by=[F("question_id")], order_by=[F("answered_at").desc(), F("id").desc()])
        )
        .filter(nth=1)
        .order_by()  # Response's default ordering would add a sort by the attempt's start
        .values_list("question__topic_id", "is_correct")
    )


def combine_mastery(topics, answers: list[tuple[int, bool]]) -> list[TopicMastery]:
    """Mastery = the share of a topic's questions whose last answer was right; a question never
    answered counts as not mastered yet."""
    answered: dict[int, int] = {}
    right: dict[int, int] = {}
    for topic_id, is_correct in answers:
        answered[topic_id] = answered.get(topic_id, 0) + 1
        right[topic_id] = right.get(topic_id, 0) + int(is_correct)
    return [
        TopicMastery(topic=t, questions=t.question_count, answered=answered.get(t.pk, 0), right=right.get(t.pk, 0))
        for t in topics
        if t.question_count
    ]


def topic_mastery(learner) -> list[TopicMastery]:
    topics = Topic.objects.annotate(question_count=Count("questions", filter=Q(questions__is_published=True)))
    return combine_mastery(topics, last_answers(learner))


# Flashcards ---------------------------------------------------------------------------------------


def flashcard_summary(learner, now: datetime | None = None) -> dict[str, int]:
    """Cards studied (rated at least once), due now, and reviews in all (a state's `reps` counts
    its ReviewLog rows), in one aggregate."""
    totals = CardState.objects.filter(learner.rows()).aggregate(
        studied=Count("id", filter=Q(reps__gt=0)),
        due=Count("id", filter=Q(due__lte=now or timezone.now())),
        reviews=Sum("reps"),
    )
    return {key: value or 0 for key, value in totals.items()}


# Leaderboards -------------------------------------------------------------------------------------


def anonymous_label(user_id: int) -> str:
    """A short code standing for a student without a display name: the same on every page and
    every day, but saying nothing of their id or of how many students there are (an HMAC keyed
    with SECRET_KEY: ids are small numbers, so a plain hash of one could be reversed by trying
    them all). Six characters of 31 make 887 million labels: among 1,000 students, two share one
    with a chance of about 1 in 1,800. Changing SECRET_KEY changes every label."""
    digest = salted_hmac("quiz.progress.anonymous_label", str(user_id), algorithm="sha256").digest()
    number = int.from_bytes(digest[:8])
    letters = []
    for _position in range(6):
        number, index = divmod(number, len(JOIN_CODE_ALPHABET))
        letters.append(JOIN_CODE_ALPHABET[index])
    return "".join(letters)


def display_name(name: str | None, user_id: int) -> str:
    """What the leaderboard shows: the chosen display name, never the username."""
    return name or gettext("Student %(label)s") % {"label": anonymous_label(user_id)}


@dataclass
class Entry:
    place: int
    user_id: int
    name: str
    score: float
    max_score: float
    quizzes: int
    reached_at: datetime

    @property
    def percent(self) -> int | None:
        return percent(self.score, self.max_score)

    @property
    def points(self) -> int:
        """Whole points for the board (half points from partly right answers are rounded)."""
        return round(self.score)


@dataclass
class Board:
    entries: list[Entry]  # the top, in order
    me: Entry | None  # the viewer's own entry, wherever it is
    entrants: int

    @property
    def me_below_top(self) -> bool:
        return self.me is not None and all(e.user_id != self.me.user_id for e in self.entries)


# One query for the top and the viewer's own place. Each student's best attempt per quiz (ties: the
# earlier finish), then per student the sum over quizzes and the moment it was reached (the latest of
# those best finishes), numbered by score then that moment. Window functions are in both SQLite
# (3.25+) and PostgreSQL. Only signed-in students' finished attempts at published quizzes count, so
# the unlisted practice quiz and anonymous work never appear. The partition and its order match
# attempt_user_best_idx, which also covers every column read: no sort, no table lookups.
BOARD_SQL = """
WITH best AS (
    SELECT a.user_id, a.score, a.max_score, a.submitted_at,
           ROW_NUMBER() OVER (PARTITION BY a.user_id, a.quiz_id ORDER BY a.score DESC, a.submitted_at) AS nth
    FROM {attempt} a
    WHERE a.user_id IS NOT NULL AND a.submitted_at IS NOT NULL
      AND a.quiz_id IN (SELECT q.id FROM {quiz} q WHERE q.is_published) {quiz_filter}
),
totals AS (
    SELECT user_id, SUM(score) AS score, SUM(max_score) AS max_score, COUNT(*) AS quizzes,
           MAX(submitted_at) AS reached_at
    FROM best WHERE nth = 1
    GROUP BY user_id
),
ranked AS (
    SELECT t.*, p.display_name,
           ROW_NUMBER() OVER (ORDER BY t.score DESC, t.reached_at, t.user_id) AS place,
           COUNT(*) OVER () AS entrants
    FROM totals t LEFT JOIN {profile} p ON p.user_id = t.user_id
    WHERE p.id IS NULL OR p.show_on_leaderboard
)
SELECT place, user_id, display_name, score, max_score, quizzes, reached_at, entrants
FROM ranked
WHERE place <= %s OR user_id = %s
ORDER BY place
"""


def _as_datetime(value) -> datetime:
    # PostgreSQL returns an aware datetime; SQLite returns the stored UTC text.
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value


def leaderboard(quiz: Quiz | None = None, viewer_id: int | None = None, size: int = LEADERBOARD_SIZE) -> Board:
    """The top `size` students for one quiz (best score) or overall (sum of best scores per quiz),
    ties broken by the earlier finish, and the viewer's own entry even below the top."""
    quote = connection.ops.quote_name
    sql = BOARD_SQL.format(
        attempt=quote(Attempt._meta.db_table),
        quiz=quote(Quiz._meta.db_table),
        profile=quote(Profile._meta.db_table),
        quiz_filter="AND a.quiz_id = %s" if quiz else "",
    )
    params = ([quiz.pk] if quiz else []) + [size, viewer_id or 0]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    entries = [
        Entry(
            place=place,
            user_id=user_id,
            name=display_name(name, user_id),
            score=score,
            max_score=max_score,
            quizzes=quizzes,
            reached_at=_as_datetime(reached_at),
        )
        for place, user_id, name, score, max_score, quizzes, reached_at, _entrants in rows
    ]
    me = next((e for e in entries if viewer_id and e.user_id == viewer_id), None)
    return Board(entries=[e for e in entries if e.place <= size], me=me, entrants=rows[0][-1] if rows else 0)


def format_duration(value: timedelta | None) -> str:
    """Time taken as a clock reads, the same in every language: 4:05, 1:02:09."""
    if value is None:
        return ""
    seconds = max(0, int(value.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"

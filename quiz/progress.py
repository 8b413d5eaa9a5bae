"""A learner's progress and the leaderboards: each figure is one bounded query, and the arithmetic
on its rows is plain Python, tested without the web.

Every query here is bounded by the page (a top 20, a page of history, the quizzes, the topics) and
not by how much a student or the whole school has done: see tests/test_progress.py and
bench/progress_bench.py for the figures.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, Count, Exists, F, Max, OuterRef, Q, Subquery, Sum, Value, When, Window
from django.db.models.functions import NullIf, RowNumber
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

from .models import Attempt, BestScore, CardState, Profile, Quiz, Response, Topic
from .models.classes import JOIN_CODE_ALPHABET  # no 0/O or 1/I/L: easy to read back
from .rounding import percent, whole

HISTORY_PAGE_SIZE = 20
CHART_SIZE = 30  # the most recent finished attempts drawn on the chart
LEADERBOARD_SIZE = 20


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
            best_percent=whole(100 * (quiz.best_ratio or 0)),
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
        return whole(100 * self.right / self.questions) if self.questions else 0


def last_answers(learner) -> dict[int, tuple[int, int]]:
    """Topic id → (published questions answered, of them last answered right), counted by the
    database: a learner with 1,000 attempts sends back one row per topic, not one per answer."""
    latest = (
        Response.objects.filter(learner.rows("attempt__"), question__is_published=True)
        .annotate(
            nth=Window(RowNumber(), partition_by=[F("question_id")], order_by=[F("answered_at").desc(), F("id").desc()])
        )
        .filter(nth=1)
        .order_by()  # Response's default ordering would add a sort by the attempt's start
        .values(topic=F("question__topic_id"), correct=F("is_correct"))
    )
    # Django cannot aggregate over a window's filtered rows itself; the window query becomes the
    # inner one (its SQL and parameters as Django built them).
    sql, params = latest.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT topic, COUNT(*), SUM(CASE WHEN correct THEN 1 ELSE 0 END) FROM ({sql}) AS last GROUP BY topic",
            params,
        )
        return {topic: (answered, right) for topic, answered, right in cursor.fetchall()}


def combine_mastery(topics, answers: dict[int, tuple[int, int]]) -> list[TopicMastery]:
    """Mastery = the share of a topic's questions whose last answer was right; a question never
    answered counts as not mastered yet."""
    return [
        TopicMastery(
            topic=t,
            questions=t.question_count,
            answered=answers.get(t.pk, (0, 0))[0],
            right=answers.get(t.pk, (0, 0))[1],
        )
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
        """Whole points for the board (half points from partly right answers are rounded up)."""
        return whole(self.score)


@dataclass
class Board:
    entries: list[Entry]  # the top, in order
    me: Entry | None  # the viewer's own entry, wherever it is
    entrants: int

    @property
    def me_below_top(self) -> bool:
        return self.me is not None and all(e.user_id != self.me.user_id for e in self.entries)


# The boards read quiz.models.BestScore: each signed-in student's best finished attempt per quiz
# (ties: the earlier finish), and per student the sum over the published quizzes with the moment it
# was reached (the latest of those best finishes), ranked by score then that moment. The rows are
# kept up to date below, so a board reads the top of an index, whatever the number of attempts.


def _shown(quiz: Quiz | None):
    rows = BestScore.objects.filter(quiz=quiz) if quiz else BestScore.objects.filter(quiz__isnull=True)
    return rows.exclude(Exists(Profile.objects.filter(user_id=OuterRef("user_id"), show_on_leaderboard=False)))


BOARD_COLUMNS = ("user_id", "user__profile__display_name", "score", "max_score", "quizzes", "reached_at")


def _entry(place: int, row: tuple) -> Entry:
    user_id, name, score, max_score, quizzes, reached_at = row
    return Entry(
        place=place,
        user_id=user_id,
        name=display_name(name, user_id),
        score=score,
        max_score=max_score,
        quizzes=quizzes,
        reached_at=reached_at,
    )


def leaderboard(quiz: Quiz | None = None, viewer_id: int | None = None, size: int = LEADERBOARD_SIZE) -> Board:
    """The top `size` students for one quiz (best score) or overall (sum of best scores per quiz),
    ties broken by the earlier finish, and the viewer's own entry even below the top. Three queries
    at most: the top, the viewer's row, and one count for the entrants and those ahead of the viewer."""
    shown = _shown(quiz)
    top = shown.order_by("-score", "reached_at", "user_id").values_list(*BOARD_COLUMNS)[:size]
    entries = [_entry(place, row) for place, row in enumerate(top, start=1)]
    # The same queries however many entrants and wherever the viewer is: the viewer's row, then one
    # count of the entrants and of those ahead of the viewer (both read from the board's index).
    mine = shown.filter(user_id=viewer_id).values_list(*BOARD_COLUMNS).first() if viewer_id else None
    me, ahead = None, Q(pk__in=[])
    if mine:
        _user, _name, score, _max, _quizzes, reached_at = mine
        ahead = (
            Q(score__gt=score)
            | Q(score=score, reached_at__lt=reached_at)
            | Q(score=score, reached_at=reached_at, user_id__lt=viewer_id)
        )
    counts = shown.aggregate(entrants=Count("id"), ahead=Count("id", filter=ahead))
    if mine:
        me = next((e for e in entries if e.user_id == viewer_id), None) or _entry(counts["ahead"] + 1, mine)
    return Board(entries=entries, me=me, entrants=counts["entrants"])


# Keeping the boards' rows up to date --------------------------------------------------------------


def _beats(score: float, reached_at: datetime, best: BestScore | None) -> bool:
    return best is None or score > best.score or (score == best.score and reached_at < best.reached_at)


def record_finish(attempt: Attempt) -> None:
    """An attempt has just finished (quiz.taking.finish_attempt, with the attempt read back): if it
    is the student's best at its quiz, it replaces the old best and moves their total. One query
    when it is not a new best, two when it is (the student's two rows locked, then written in one
    statement); anything unusual (an older finish, a first row raced by a second server) falls
    back to refresh_best. Its own transaction: the rows can always be recounted from the attempts."""
    if attempt.user_id is None or attempt.submitted_at is None:
        return
    with transaction.atomic():
        rows = {
            row.quiz_id: row
            for row in BestScore.objects.select_for_update(of=("self",))
            .order_by()
            .filter(Q(quiz_id=attempt.quiz_id) | Q(quiz__isnull=True), user_id=attempt.user_id)
        }
        old, total = rows.get(attempt.quiz_id), rows.get(None)
        if not _beats(attempt.score, attempt.submitted_at, old):
            return
        published = attempt.quiz.is_published
        if (old is not None and attempt.submitted_at < old.reached_at) or (published and old and total is None):
            refresh_best(attempt.user_id, [attempt.quiz_id])  # an older finish, or rows out of step: recount
            return
        try:
            with transaction.atomic():
                _write_best(attempt, old, total if published else None)
        except IntegrityError:  # the same student's other finish inserted the first rows meanwhile
            refresh_best(attempt.user_id, [attempt.quiz_id])


def _write_best(attempt: Attempt, old: BestScore | None, total: BestScore | None) -> None:
    """One statement for both rows (inserted together, or updated together); two when this is the
    student's first result at this quiz but not their first at all (a new row, a total moved)."""
    best = {"score": attempt.score, "max_score": attempt.max_score, "reached_at": attempt.submitted_at}
    published = attempt.quiz.is_published
    if old is None:
        rows = [BestScore(user_id=attempt.user_id, quiz_id=attempt.quiz_id, **best)]
        if published and total is None:
            rows.append(BestScore(user_id=attempt.user_id, quiz=None, quizzes=1, **best))
        BestScore.objects.bulk_create(rows)
        if published and total is not None:
            BestScore.objects.filter(pk=total.pk).update(
                score=round(total.score + attempt.score, 4),
                max_score=round(total.max_score + attempt.max_score, 4),
                quizzes=total.quizzes + 1,
                reached_at=max(total.reached_at, attempt.submitted_at),
            )
        return
    if total is None:
        BestScore.objects.filter(pk=old.pk).update(**best)
        return
    # Rounded as scores are (quiz.taking), so a total moved step by step equals one recounted.
    moved = {
        "score": round(total.score - old.score + attempt.score, 4),
        "max_score": round(total.max_score - old.max_score + attempt.max_score, 4),
        "reached_at": max(total.reached_at, attempt.submitted_at),
    }
    BestScore.objects.filter(pk__in=[old.pk, total.pk]).update(
        **{name: Case(When(pk=old.pk, then=Value(best[name])), default=Value(moved[name])) for name in best}
    )


def refresh_best(user_id: int, quiz_ids: list[int] | None = None) -> None:
    """Recount one student's best per quiz (those given, or every quiz) and their total from their
    attempts: after an attempt is created finished, changed or deleted, or anonymous work is
    claimed. Bounded by that student's attempts."""
    with transaction.atomic():
        # One student's recounts wait for each other (two servers finishing their attempts at once).
        list(get_user_model().objects.select_for_update().filter(pk=user_id).values_list("pk"))
        attempts = Attempt.objects.filter(user_id=user_id, submitted_at__isnull=False)
        mine = BestScore.objects.filter(user_id=user_id, quiz__isnull=False)
        if quiz_ids is not None:
            attempts, mine = attempts.filter(quiz_id__in=quiz_ids), mine.filter(quiz_id__in=quiz_ids)
        best = {}
        for quiz_id, score, max_score, at in attempts.order_by("quiz_id", "-score", "submitted_at", "id").values_list(
            "quiz_id", "score", "max_score", "submitted_at"
        ):
            best.setdefault(
                quiz_id, BestScore(user_id=user_id, quiz_id=quiz_id, score=score, max_score=max_score, reached_at=at)
            )
        mine.delete()
        BestScore.objects.bulk_create(best.values())
        rebuild_totals(user_ids=[user_id])


def rebuild_totals(user_ids=None) -> None:
    """Recount the totals (the overall board) of these students, or of everyone: after a quiz is
    published or withdrawn, or rows were written in bulk (bench/seed.py)."""
    with transaction.atomic():
        rows = BestScore.objects.filter(quiz__isnull=False, quiz__is_published=True)
        old = BestScore.objects.filter(quiz__isnull=True)
        if user_ids is not None:
            rows, old = rows.filter(user_id__in=user_ids), old.filter(user_id__in=user_ids)
        sums = (
            rows.order_by()
            .values("user_id")
            .annotate(total=Sum("score"), most=Sum("max_score"), count=Count("id"), last=Max("reached_at"))
        )
        old.delete()
        BestScore.objects.bulk_create(
            (
                BestScore(
                    user_id=s["user_id"],
                    quiz=None,
                    score=round(s["total"], 4),
                    max_score=round(s["most"], 4),
                    quizzes=s["count"],
                    reached_at=s["last"],
                )
                for s in sums.iterator(chunk_size=2000)
            ),
            batch_size=2000,
        )


def rebuild_best_scores() -> None:
    """Recount every best and total from the attempts (bench/seed.py after its bulk inserts)."""
    with transaction.atomic():
        BestScore.objects.all().delete()
        finished = Attempt.objects.filter(user__isnull=False, submitted_at__isnull=False).order_by(
            "user_id", "quiz_id", "-score", "submitted_at", "id"
        )
        seen = set()
        batch = []
        for user_id, quiz_id, score, max_score, at in finished.values_list(
            "user_id", "quiz_id", "score", "max_score", "submitted_at"
        ).iterator(chunk_size=5000):
            if (user_id, quiz_id) in seen:
                continue
            seen.add((user_id, quiz_id))
            batch.append(BestScore(user_id=user_id, quiz_id=quiz_id, score=score, max_score=max_score, reached_at=at))
            if len(batch) >= 5000:
                BestScore.objects.bulk_create(batch)
                batch = []
        BestScore.objects.bulk_create(batch)
        rebuild_totals()


def format_duration(value: timedelta | None) -> str:
    """Time taken as a clock reads, the same in every language: 4:05, 1:02:09."""
    if value is None:
        return ""
    seconds = max(0, int(value.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"

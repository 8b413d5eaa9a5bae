"""What teachers read: class reports, attempt details and question statistics, loaded in a fixed
number of queries whatever the size of the class (the arithmetic of statistics is in quiz.item_analysis),
and CSV files of any of them."""

import csv
import dataclasses
import hashlib
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import (
    Count,
    Exists,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from . import answer_sums, item_analysis, languages, progress, spreadsheets
from .models import Assignment, Attempt, Choice, Classroom, Question, Quiz, Response

STATUS_LABELS = {
    "passed": _("passed"),
    "passed_late": _("passed late"),
    "attempted": _("attempted, not passed"),
    "in_progress": _("in progress"),
    "not_started": _("not started"),
}
OVERDUE_LABEL = _("overdue")

FLAG_LABELS = {
    item_analysis.HARD: _("too hard"),
    item_analysis.EASY: _("too easy"),
    item_analysis.WEAK: _("does not discriminate"),
    item_analysis.GAP: _("languages differ"),
}


# Who may see what -------------------------------------------------------------------------------


def class_attempts(classroom: Classroom) -> QuerySet:
    """Attempts made for the class, or by its students at a quiz assigned to it since it was assigned."""
    assigned = Assignment.objects.filter(
        classroom=classroom, quiz=OuterRef("quiz"), created_at__lte=OuterRef("started_at")
    )
    students = classroom.memberships.values("student")
    return Attempt.objects.filter(Q(classroom=classroom) | Q(Exists(assigned), user__in=students))


# The class report -------------------------------------------------------------------------------


def student_name(user) -> str:
    """What teachers read for a student: the display name, else the full name, else "Student" and a
    short code (never the username: that is the student's login)."""
    try:
        chosen = user.profile.display_name
    except ObjectDoesNotExist:
        chosen = ""
    return progress.display_name(chosen or user.get_full_name(), user.pk)


def student_labels(students: list, show_usernames: bool) -> dict[int, str]:
    """Names for a list of students, told apart where two read the same: by username for the
    class's teacher, by a number for anyone else."""
    names = {student.pk: student_name(student) for student in students}
    counts = Counter(names.values())
    seen: Counter = Counter()
    labels = {}
    for student in students:
        name = names[student.pk]
        if counts[name] > 1:
            seen[name] += 1
            name = f"{name} ({student.get_username() if show_usernames else seen[name]})"
        labels[student.pk] = name
    return labels


@dataclass
class Cell:
    """One student's work on one assignment: attempted, passed (at the quiz's pass mark) and overdue
    are three separate facts — a 33 % attempt against a 60 % pass mark is attempted, not passed."""

    assignment: Assignment
    attempts: int = 0
    best: int | None = None  # percent
    latest: int | None = None  # percent of the last finished attempt
    latest_attempt_id: int | None = None
    first_done_at: datetime | None = None
    first_passed_at: datetime | None = None
    now: datetime = field(default_factory=timezone.now)

    @property
    def attempted(self) -> bool:
        return self.first_done_at is not None

    @property
    def passed(self) -> bool:
        return self.first_passed_at is not None

    @property
    def overdue(self) -> bool:
        """Past the due date and still not passed."""
        due = self.assignment.due_at
        return bool(due and self.now > due and not self.passed)

    @property
    def status(self) -> str:
        due = self.assignment.due_at
        if self.passed:
            return "passed_late" if due and self.first_passed_at > due else "passed"
        if self.attempted:
            return "attempted"
        return "in_progress" if self.attempts else "not_started"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class ReportRow:
    student: object
    name: str
    cells: list[Cell]

    @property
    def attempted(self) -> int:
        return sum(cell.attempted for cell in self.cells)

    @property
    def passed(self) -> int:
        return sum(cell.passed for cell in self.cells)

    @property
    def overdue(self) -> int:
        return sum(cell.overdue for cell in self.cells)


@dataclass
class AssignmentSummary:
    assignment: Assignment
    students: int
    attempted: int
    passed: int
    overdue: int


@dataclass
class ClassReport:
    classroom: Classroom
    assignments: list[Assignment]
    rows: list[ReportRow]

    def summaries(self) -> list[AssignmentSummary]:
        """Per assignment: how many students attempted, passed, are overdue."""
        out = []
        for index, assignment in enumerate(self.assignments):
            cells = [row.cells[index] for row in self.rows]
            out.append(
                AssignmentSummary(
                    assignment,
                    len(cells),
                    sum(c.attempted for c in cells),
                    sum(c.passed for c in cells),
                    sum(c.overdue for c in cells),
                )
            )
        return out


def class_report(classroom: Classroom, now: datetime | None = None, viewer=None) -> ClassReport:
    """Each student's best and latest score per assigned quiz, and what is attempted, passed or overdue.

    Counted: the student's attempts at the assigned quiz since it was assigned, made for the
    assignment or not (a student who took it from the quiz list has still done the work). Usernames
    appear only to the class's own teacher, and only to tell two students of one name apart.
    """
    now = now or timezone.now()
    assignments = list(classroom.assignments.select_related("quiz", "classroom").order_by("due_at", "id"))
    members = list(classroom.memberships.select_related("student__profile").order_by("student__username"))
    attempts = (
        Attempt.objects.filter(
            user__in=classroom.memberships.values("student"), quiz__in=[a.quiz_id for a in assignments]
        )
        .only("id", "user_id", "quiz_id", "score", "max_score", "started_at", "submitted_at")
        .order_by("started_at", "id")
    )
    by_student_quiz = defaultdict(list)
    for attempt in attempts:
        by_student_quiz[attempt.user_id, attempt.quiz_id].append(attempt)
    show_usernames = viewer is not None and viewer.pk == classroom.teacher_id
    labels = student_labels([m.student for m in members], show_usernames)
    rows = []
    for membership in members:
        cells = []
        for assignment in assignments:
            mine = [
                a
                for a in by_student_quiz[membership.student_id, assignment.quiz_id]
                if a.started_at >= assignment.created_at
            ]
            cells.append(_cell(assignment, mine, now))
        rows.append(ReportRow(membership.student, labels[membership.student_id], cells))
    rows.sort(key=lambda row: (row.name.casefold(), row.student.pk))
    return ClassReport(classroom, assignments, rows)


def _cell(assignment: Assignment, attempts: list[Attempt], now: datetime) -> Cell:
    cell = Cell(assignment, attempts=len(attempts), now=now)
    finished = sorted((a for a in attempts if a.is_finished), key=lambda a: (a.submitted_at, a.pk))
    if finished:
        cell.best = max(a.percent for a in finished)
        cell.latest = finished[-1].percent
        cell.latest_attempt_id = finished[-1].pk
        cell.first_done_at = finished[0].submitted_at
        pass_mark = assignment.quiz.pass_mark
        cell.first_passed_at = next((a.submitted_at for a in finished if a.percent >= pass_mark), None)
    return cell


def class_report_csv_rows(report: ClassReport) -> list[list]:
    header = [
        pgettext_lazy("a person's name", "name"),
        _("quiz"),
        _("due"),
        _("time zone"),
        _("attempts"),
        _("best %"),
        _("latest %"),
        _("attempted"),
        _("passed"),
        _("overdue"),
        _("status"),
    ]
    rows = [[str(h) for h in header]]
    zone = report.classroom.zone
    yes, no = gettext("yes"), gettext("no")
    for row in report.rows:
        for cell in row.cells:
            due = cell.assignment.due_at
            rows.append(
                [
                    row.name,
                    cell.assignment.quiz.title,
                    timezone.localtime(due, zone).strftime("%Y-%m-%d %H:%M") if due else "",
                    report.classroom.time_zone,
                    cell.attempts,
                    _blank_if_none(cell.best),
                    _blank_if_none(cell.latest),
                    yes if cell.attempted else no,
                    yes if cell.passed else no,
                    yes if cell.overdue else no,
                    str(cell.status_label),
                ]
            )
    return rows


# One attempt in detail --------------------------------------------------------------------------


@dataclass
class AnswerRow:
    number: int
    question: Question
    response: Response | None
    given: str
    correct: str


def attempt_detail(attempt: Attempt) -> list[AnswerRow]:
    """Every question of the attempt in the order asked: the answer given beside the correct one."""
    choices = Prefetch("choices", queryset=Choice.objects.order_by("position", "id"))
    questions = {q.pk: q for q in Question.objects.filter(pk__in=attempt.question_ids).prefetch_related(choices)}
    responses = {r.question_id: r for r in attempt.responses.all()}
    rows = []
    for number, question_id in enumerate(attempt.question_ids, start=1):
        question = questions.get(question_id)
        if question is None:  # deleted since
            continue
        response = responses.get(question_id)
        given, correct = describe_answer(question, list(question.choices.all()), response.answer if response else None)
        rows.append(AnswerRow(number, question, response, given, correct))
    return rows


def describe_answer(question: Question, choices: list[Choice], answer: dict | None) -> tuple[str, str]:
    """The answer given and the correct one, as text in the active language."""
    by_id = {c.pk: c.text for c in choices}
    kind = question.kind
    if kind == Question.Kind.NUMBER:
        correct = _number(question.number_answer)
        if question.number_tolerance:
            correct += f" ± {_number(question.number_tolerance)}"
        return (answer or {}).get("number", "") or "", correct
    if kind == Question.Kind.ORDER:
        given = " → ".join(by_id.get(pk, "?") for pk in (answer or {}).get("order", []))
        return given, " → ".join(c.text for c in sorted(choices, key=lambda c: c.position))
    given = "; ".join(by_id.get(pk, "?") for pk in (answer or {}).get("choices", []))
    return given, "; ".join(c.text for c in choices if c.is_correct)


def attempt_csv_rows(attempt: Attempt, rows: list[AnswerRow]) -> list[list]:
    header = [_("number"), _("question"), _("language"), _("answer"), _("correct answer"), _("points"), _("answered")]
    out = [[str(h) for h in header]]
    for row in rows:
        response = row.response
        out.append(
            [
                row.number,
                row.question.text,
                response.language if response else "",
                row.given,
                row.correct,
                response.points if response else "",
                timezone.localtime(response.answered_at).strftime("%Y-%m-%d %H:%M:%S") if response else "",
            ]
        )
    return out


# Question statistics ----------------------------------------------------------------------------
# Every figure comes from sums the database adds up per question and language (one query, whatever
# the number of responses); the commonest wrong answers are counted only for the questions shown,
# from their distinct answers with a count each (quiz.item_analysis has the arithmetic).

STATISTICS_PAGE_SIZE = 50
STATISTICS_CACHE_SECONDS = 300
STATISTICS_CHUNK = 200  # questions loaded at a time while the CSV streams

FLAG_FILTERS = {"any": _("any flag"), **FLAG_LABELS}


@dataclass
class StatsRow:
    question: Question
    stats: item_analysis.QuestionStats
    top_wrong: dict[str, str]  # "all" and each language code → the commonest wrong answers, as text

    @property
    def flag_labels(self) -> list[str]:
        return [str(FLAG_LABELS[flag]) for flag in self.stats.flags]

    def groups(self) -> list[tuple[str, item_analysis.Stats, str]]:
        return [
            ("all", self.stats.overall, self.top_wrong["all"]),
            *((lang, s, self.top_wrong[lang]) for lang, s in self.stats.by_language.items()),
        ]


@dataclass(frozen=True)
class Figures:
    """A question's statistics without its text or its wrong answers: enough to sort, filter and count."""

    question_id: int
    topic_position: int
    sums: dict[str, item_analysis.Sums]
    stats: item_analysis.QuestionStats


@dataclass(frozen=True)
class EveryAttempt:
    """The statistics' scope "every attempt" (of one quiz): read from the counts kept in the database
    (quiz.answer_sums) plus the answers finished since, so a view's work does not grow with the
    answers. Any other scope is a queryset of attempts (a class's), added up when asked."""

    quiz: Quiz | None = None

    @property
    def cache_key(self) -> str:
        return f"every:{self.quiz.pk if self.quiz else ''}"


Attempts = QuerySet | EveryAttempt


def _finished_responses(attempts: QuerySet) -> QuerySet:
    return Response.objects.filter(attempt__submitted_at__isnull=False, attempt__in=attempts.values("pk"))


def scope_of(attempts: Attempts) -> Attempts:
    """EveryAttempt for a queryset of every attempt (a superuser's Attempt.objects.visible_to), so
    callers that pass querysets read the kept counts too; any other scope as it is."""
    if isinstance(attempts, QuerySet) and str(attempts.query) == str(Attempt.objects.all().query):
        return EveryAttempt()
    return attempts


def scope_key(attempts: Attempts) -> str:
    """What the cache keys of the statistics name the scope by."""
    return attempts.cache_key if isinstance(attempts, EveryAttempt) else str(attempts.query)


@dataclass(frozen=True)
class CountedFigures:
    figures: list[Figures]
    counted_at: datetime


def question_figures(
    attempts: Attempts, topic=None, flag: str = "", min_responses: int = item_analysis.MIN_RESPONSES
) -> list[Figures]:
    """The figures of every question answered in the given attempts (finished ones only), flagged
    questions first, then by topic and id; one aggregate query, rows per question and language."""
    return counted_figures(attempts, topic, flag, min_responses, cached=False).figures


def counted_figures(
    attempts: Attempts,
    topic=None,
    flag: str = "",
    min_responses: int = item_analysis.MIN_RESPONSES,
    cached: bool = True,
) -> CountedFigures:
    """question_figures, with the database's sums kept in the cache for STATISTICS_CACHE_SECONDS
    (per scope): a teacher paging through the results or trying each flag and topic should not wait
    for them every time. Over EveryAttempt, past answer_sums.FOLD_AT newer answers some are folded in."""
    attempts = scope_of(attempts)
    key = "quiz:stats:v2:" + hashlib.sha256(scope_key(attempts).encode()).hexdigest()
    entry = cache.get(key) if cached else None
    if entry is None:
        if isinstance(attempts, EveryAttempt):
            rows, waiting = answer_sums.current_sums(attempts.quiz)
            if waiting > answer_sums.FOLD_AT:
                answer_sums.fold(attempts=answer_sums.FOLD_ATTEMPTS)
        else:
            rows = answer_sums.sums_of(_finished_responses(attempts), "question_id", "language")
        entry = (_with_topics(rows), timezone.now())
        if cached:
            cache.set(key, entry, STATISTICS_CACHE_SECONDS)
    return _counted(*entry, topic, flag, min_responses)


def _counted(rows: list[tuple], counted_at: datetime, topic, flag: str, min_responses: int) -> CountedFigures:
    by_question: dict[int, tuple[int, dict]] = {}
    for qid, topic_id, position, language, *sums in rows:
        if topic is None or topic_id == topic.pk:
            groups = by_question.setdefault(qid, (position, {}))[1]
            add = item_analysis.Sums(*(v or 0 for v in sums))
            groups[language] = groups[language] + add if language in groups else add
    codes = tuple(languages.codes())
    figures = [
        Figures(qid, position, sums, item_analysis.question_stats(qid, sums, codes, min_responses=min_responses))
        for qid, (position, sums) in by_question.items()
    ]
    if flag:
        figures = [f for f in figures if (f.stats.flags if flag == "any" else flag in f.stats.flags)]
    figures.sort(key=lambda f: (not f.stats.flags, f.topic_position, f.question_id))
    return CountedFigures(figures, counted_at)


def _with_topics(sums: Iterable[tuple]) -> list[tuple]:
    """(question, topic, topic position, language, n, Σpoints, pairs, Σx, Σy, Σxy, Σx², Σy²) from rows of
    (question, language, *sums): plain numbers, so the cache never holds model instances."""
    # Grouped by question and language only (a join to the topics would make every row wider and
    # PostgreSQL sort two million of them); the topics of the few hundred questions come apart.
    sums = list(sums)
    topics = dict(
        (qid, (topic_id, position))
        for qid, topic_id, position in Question.objects.filter(pk__in={row[0] for row in sums}).values_list(
            "pk", "topic_id", "topic__position"
        )
    )
    return [(qid, *topics[qid], language, *rest_) for qid, language, *rest_ in sums if qid in topics]


def statistics_for(figures: list[Figures], attempts: Attempts, cached: bool = False) -> list[StatsRow]:
    """Rows ready to show for these questions (a page of them): three queries, the questions with
    their choices and the wrong answers, counted per distinct answer by the database."""
    ids = [f.question_id for f in figures]
    questions = (
        Question.objects.filter(pk__in=ids)
        .select_related("topic")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("position", "id")))
        .in_bulk()
    )
    correct_ids = {pk: [c.pk for c in q.choices.all() if c.is_correct] for pk, q in questions.items()}
    wrong: dict[int, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    first: dict[tuple, int] = {}  # (question, group, pick) → the first attempt that picked it: ties keep that order
    distinct = _wrong_answers(attempts, ids, cached)
    for qid, language, answer, is_correct, count, first_attempt in distinct:
        if qid not in questions:
            continue
        for pick in item_analysis.wrong_picks(questions[qid].kind, answer or {}, correct_ids[qid], is_correct):
            wrong[qid][language][pick] += count
            wrong[qid]["all"][pick] += count
            for key in (language, "all"):
                first[qid, key, pick] = min(first.get((qid, key, pick), first_attempt), first_attempt)
    rows = []
    for figure in figures:
        question = questions.get(figure.question_id)
        if question is None:
            continue
        qid = figure.question_id
        common = {
            key: _ranked(counts, lambda pick, q=qid, k=key: first[q, k, pick]) for key, counts in wrong[qid].items()
        }
        stats = dataclasses.replace(
            figure.stats,
            overall=_with_common(figure.stats.overall, common.get("all", ())),
            by_language={lang: _with_common(s, common.get(lang, ())) for lang, s in figure.stats.by_language.items()},
        )
        labels = {c.pk: c.text for c in question.choices.all()}
        top = {key: _wrong_label(s, labels) for key, s in (("all", stats.overall), *stats.by_language.items())}
        rows.append(StatsRow(question, stats, top))
    return rows


def _wrong_answers(attempts: Attempts, ids: list[int], cached: bool) -> list[tuple]:
    """(question, language, answer, is_correct, count, first attempt) per distinct wrong answer to
    these questions (an answer may come in several rows: they add up); for a page of the admin, kept
    in the cache like the sums (plain data)."""
    attempts = scope_of(attempts)
    key = "quiz:stats:wrong:v2:" + hashlib.sha256(f"{scope_key(attempts)}|{sorted(ids)}".encode()).hexdigest()
    rows = cache.get(key) if cached else None
    if rows is None:
        if isinstance(attempts, EveryAttempt):
            kept = answer_sums.current_wrong_answers(ids, attempts.quiz)
            rows = [(qid, language, answer, False, n, first) for qid, language, answer, n, first in kept]
        else:
            rows = list(
                # A right answer picks nothing wrong, whatever the kind (quiz.kinds): only wrong ones are read.
                _finished_responses(attempts)
                .filter(question_id__in=ids, is_correct=False)
                .order_by()
                .values("question_id", "language", "answer", "is_correct")
                .annotate(count=Count("id"), first=Min("attempt_id"))
                .values_list("question_id", "language", "answer", "is_correct", "count", "first")
            )
        if cached:
            cache.set(key, rows, STATISTICS_CACHE_SECONDS)
    return rows


def _ranked(counts: Counter, first_seen) -> tuple:
    # Commonest first; ties in the order first picked (as Counter.most_common over the answers in
    # attempt order), never in whatever order the database grouped them.
    ordered = sorted(counts.items(), key=lambda item: (-item[1], first_seen(item[0])))
    return tuple(ordered[: item_analysis.COMMON_WRONG])


def _with_common(stats: item_analysis.Stats, common: tuple) -> item_analysis.Stats:
    top_wrong, top_count = common[0] if common else (None, 0)
    return dataclasses.replace(stats, common_wrong=common, top_wrong=top_wrong, top_wrong_count=top_count)


def statistics_rows(attempts: Attempts, min_responses: int = item_analysis.MIN_RESPONSES) -> list[StatsRow]:
    """Statistics of every question answered in the given attempts, flagged questions first. Five
    queries, whatever the number of attempts; a page shows a slice (statistics_for)."""
    return statistics_for(question_figures(attempts, min_responses=min_responses), attempts)


def _wrong_label(stats: item_analysis.Stats, labels: dict[int, str]) -> str:
    """The commonest wrong answers with their counts: "Leonof (4); Leonow (2)"."""
    return "; ".join(f"{labels.get(pick, pick)} ({count})" for pick, count in stats.common_wrong)


def statistics_csv_header() -> list[str]:
    header = [_("id"), _("question"), _("kind")]
    figures = [_("answers"), _("facility"), _("discrimination"), _("commonest wrong answers")]
    for group in (_("all"), *(code.upper() for code in languages.codes())):
        header += [f"{figure} {group}" for figure in figures]
    return [str(h) for h in [*header, _("flags")]]


def statistics_csv_rows(rows: list[StatsRow]) -> list[list]:
    out = []
    for row in rows:
        line = [row.question.pk, row.question.text, row.question.get_kind_display()]
        for _key, stats, wrong in row.groups():
            line += [stats.responses, _rounded(stats.facility), _rounded(stats.discrimination), wrong]
        out.append([*line, "; ".join(row.flag_labels)])
    return out


def statistics_csv_lines(figures: list[Figures], attempts: Attempts) -> Iterator[list]:
    """The CSV's rows, a chunk of questions at a time, so memory stays flat for any bank."""
    yield statistics_csv_header()
    for start in range(0, len(figures), STATISTICS_CHUNK):
        yield from statistics_csv_rows(statistics_for(figures[start : start + STATISTICS_CHUNK], attempts))


# CSV --------------------------------------------------------------------------------------------


def csv_response(filename: str, rows: list[list], flavour: str = spreadsheets.PLAIN) -> HttpResponse:
    """A CSV download; text that a spreadsheet would run as a formula is quoted (quiz.spreadsheets).
    `flavour` EXCEL_RU: semicolons and decimal commas, for Excel set to Russian."""
    if flavour == spreadsheets.EXCEL_RU:
        filename = filename.replace(".csv", "-excel-ru.csv")
    response = HttpResponse(spreadsheets.csv_bytes(rows, flavour), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_flavour(request) -> str:
    """?format=excel-ru picks the Russian Excel flavour; anything else, the plain CSV."""
    return spreadsheets.EXCEL_RU if request.GET.get("format") == spreadsheets.EXCEL_RU else spreadsheets.PLAIN


def csv_streaming_response(filename: str, rows: Iterable[list]) -> StreamingHttpResponse:
    """A CSV download written while it is sent: a large one neither sits whole in memory nor keeps
    the worker busy past its timeout before the first byte. The rows are made in the language of
    the request (the iteration runs after the view has returned)."""
    response = StreamingHttpResponse(
        _csv_chunks(rows, translation.get_language()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv_chunks(rows: Iterable[list], language: str, lines: int = 200) -> Iterator[bytes]:
    with translation.override(language):
        yield "\ufeff".encode()
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for number, row in enumerate(rows, start=1):
            writer.writerow([spreadsheets.neutralise(cell) for cell in row])
            if number % lines == 0:
                yield buffer.getvalue().encode()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode()


def _blank_if_none(value):
    return "" if value is None else value


def _rounded(value: float | None) -> Decimal | str:
    # A number, not text: a negative discrimination must not be quoted as if it were a formula.
    return "" if value is None else Decimal(f"{value:.2f}")


def _number(value) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f")

"""What a teacher's start page shows (quiz.views.teach): their classes with the next assignments and
how many students have attempted and passed them, recent results, and what needs their attention.
A fixed number of queries whatever the number of classes, students or attempts."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import answer_sums, fairness, languages, reports
from .models import Assignment, Attempt, Choice, Classroom, Membership, Question, Response

NEXT_ASSIGNMENTS = 3  # per class on the start page
RECENT_RESULTS = 8
ATTENTION_ROWS = 6


def _students_who(classroom_ref: str, attempts: QuerySet) -> Subquery:
    """How many students of the assignment's class have an attempt among `attempts` (one number)."""
    members = (
        Membership.objects.filter(classroom=OuterRef(classroom_ref))
        .filter(Exists(attempts))
        .values("classroom")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(members, output_field=IntegerField()), Value(0))


def assignments_with_counts(assignments: QuerySet) -> QuerySet:
    """Adds `attempted` and `passed`: how many of the class's students finished the quiz since it was
    assigned, and reached its pass mark (percent rounded as Attempt.percent rounds it)."""
    finished = Attempt.objects.filter(
        user=OuterRef("student"),
        quiz=OuterRef(OuterRef("quiz")),
        submitted_at__isnull=False,
        started_at__gte=OuterRef(OuterRef("created_at")),
    )
    passed = finished.filter(max_score__gt=0, score__gte=(F("quiz__pass_mark") - 0.5) * F("max_score") / 100.0)
    return assignments.annotate(
        attempted=_students_who("classroom", finished), passed=_students_who("classroom", passed)
    )


@dataclass
class ClassCard:
    classroom: Classroom
    students: int
    upcoming: list[Assignment] = field(default_factory=list)
    overdue: int = 0  # assignments past their due date that not every student has passed


def classes_of(teacher, now: datetime | None = None) -> list[ClassCard]:
    """The teacher's classes, each with its next assignments (open ones, soonest due first). Two queries."""
    now = now or timezone.now()
    classrooms = (
        Classroom.objects.filter(teacher=teacher).annotate(students_total=Count("memberships")).order_by("name", "id")
    )
    cards = {c.pk: ClassCard(c, c.students_total) for c in classrooms}
    assignments = assignments_with_counts(
        Assignment.objects.filter(classroom__teacher=teacher).select_related("quiz", "classroom")
    ).order_by(F("due_at").asc(nulls_last=True), "id")
    for assignment in assignments:
        card = cards[assignment.classroom_id]
        if assignment.due_at is not None and assignment.due_at < now:
            card.overdue += assignment.passed < card.students
        elif len(card.upcoming) < NEXT_ASSIGNMENTS:
            card.upcoming.append(assignment)
    return list(cards.values())


def recent_results(teacher, limit: int = RECENT_RESULTS) -> list[dict]:
    """The latest finished attempts of the teacher's students (or made for their classes)."""
    attempts = (
        Attempt.objects.visible_to(teacher)
        .finished()
        .exclude(quiz__is_practice=True)
        .select_related("quiz", "user__profile")
        .order_by("-submitted_at", "-id")[:limit]
    )
    return [{"attempt": a, "name": reports.student_name(a.user) if a.user else "—"} for a in attempts]


def _blank(column: str) -> Q:
    return Q(**{f"{column}__isnull": True}) | Q(**{column: ""})


def translation_gaps(limit: int = ATTENTION_ROWS) -> tuple[int, list[dict]]:
    """Questions with a language missing (in the text, the explanation or a choice) or possibly out of
    date (quiz.translation_care): how many, and the first few with what is wrong."""
    missing = Q()
    for code in languages.codes():
        missing |= _blank(f"text_{code}") | _blank(f"explanation_{code}") | _blank(f"choices__text_{code}")
    lacking = Question.objects.filter(missing).values("pk")
    questions = Question.objects.filter(Q(pk__in=lacking) | ~Q(outdated_language="")).order_by("topic__position", "pk")
    total = questions.count()
    choices = Prefetch("choices", queryset=Choice.objects.only("id", "question_id", *languages.columns("text")))
    rows = []
    for question in questions.prefetch_related(choices)[:limit]:
        lacks = [code for code in languages.codes() if _lacks(question, code)]
        rows.append({"question": question, "missing": lacks, "outdated": question.outdated_language})
    return total, rows


def _lacks(question: Question, code: str) -> bool:
    texts = [getattr(question, f"text_{code}"), getattr(question, f"explanation_{code}")]
    texts += [getattr(choice, f"text_{code}") for choice in question.choices.all()]
    return any(not (text or "").strip() for text in texts)


def flagged_questions(teacher, limit: int = ATTENTION_ROWS) -> tuple[int, list[reports.StatsRow]]:
    """Questions the statistics flag (too hard, too easy, not telling strong from weak, languages
    differ), over the attempts the teacher may see: the cached sums, and rows for the first few only."""
    attempts = Attempt.objects.visible_to(teacher)  # a superuser's: every attempt, from the kept counts
    flagged = reports.counted_figures(attempts, flag="any").figures
    return len(flagged), reports.statistics_for(flagged[:limit], attempts, cached=True)


# Russian declines the language's name ("труднее на русском"): a whole phrase per language, and a
# plain one for a language added later until it gets its own.
HARDER_IN = {"en": _("harder in English"), "ru": _("harder in Russian")}


@dataclass
class FairnessRow:
    """A question's DIF between the first language and another, with the texts side by side."""

    question: Question
    dif: fairness.Dif
    versions: list[dict]  # each language: code, name, text, choices

    @property
    def harder_label(self) -> str:
        code = self.dif.harder_in
        return str(HARDER_IN.get(code) or _("harder in %(language)s") % {"language": code.upper()})


def fairness_rows(attempts: QuerySet, limit: int = ATTENTION_ROWS) -> list[FairnessRow]:
    """The questions most unequal between the languages (flagged, larger |Δ| first), over the given
    attempts: the teacher's start page."""
    difs = _flagged_difs(attempts)[:limit]
    choices = Prefetch("choices", queryset=Choice.objects.order_by("position", "id"))
    questions = Question.objects.prefetch_related(choices).in_bulk([d.question_id for d in difs])
    return _fairness_rows(difs, questions)


def page_fairness(attempts: reports.Attempts, rows: list) -> list[FairnessRow]:
    """The flagged questions of a page of the question statistics (`rows`: reports.StatsRow, whose
    questions come with their choices)."""
    questions = {row.question.pk: row.question for row in rows}
    return _fairness_rows(_flagged_difs(attempts, sorted(questions)), questions)


def _flagged_difs(attempts: reports.Attempts, question_ids: list[int] | None = None) -> list[fairness.Dif]:
    """Mantel–Haenszel DIF (quiz.fairness) of each language against the first, flagged ones only,
    the larger |Δ| first, kept in the cache like the statistics' sums (plain data): the start page
    and paging back cost nothing. Over reports.EveryAttempt, from the right and wrong counts by score
    band kept in the database (quiz.answer_sums); otherwise one query joining each answer to its
    attempt's score."""
    attempts = reports.scope_of(attempts)
    key = "quiz:stats:dif:v2:" + hashlib.sha256(f"{reports.scope_key(attempts)}|{question_ids}".encode()).hexdigest()
    difs = cache.get(key)
    if difs is None:
        codes = languages.codes()
        if isinstance(attempts, reports.EveryAttempt):
            counts = answer_sums.current_dif_counts(question_ids, attempts.quiz)
            difs = [dif for focal in codes[1:] for dif in _difs_from_counts(counts, codes[0], focal) if dif.flagged]
        else:
            raw = Response.objects.filter(attempt__in=attempts.filter(submitted_at__isnull=False))
            if question_ids is not None:
                raw = raw.filter(question_id__in=question_ids)
            answers, totals = [], {}
            for attempt_id, question_id, language, is_correct, score, top in raw.values_list(
                "attempt_id", "question_id", "language", "is_correct", "attempt__score", "attempt__max_score"
            ):
                answers.append(fairness.ItemAnswer(attempt_id, question_id, language, is_correct))
                totals[attempt_id] = (score, top)
            difs = [
                dif for focal in codes[1:] for dif in fairness.analyse(answers, totals, codes[0], focal) if dif.flagged
            ]
        difs.sort(key=lambda d: (-abs(d.delta or 0), d.question_id))
        cache.set(key, difs, reports.STATISTICS_CACHE_SECONDS)
    return difs


def _difs_from_counts(
    counts: list[tuple], reference: str, focal: str, min_per_group: int = fairness.MIN_PER_GROUP
) -> list[fairness.Dif]:
    """fairness.analyse from (question, language, band, right, wrong) rows instead of one row an answer."""
    cells: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0, 0]))
    for question_id, language, band, right, wrong in counts:
        if language in (reference, focal):
            cell = cells[question_id][band]
            side = 2 * (language == focal)
            cell[side] += right
            cell[side + 1] += wrong
    results = []
    for question_id, by_band in cells.items():
        n_ref = sum(c[0] + c[1] for c in by_band.values())
        n_focal = sum(c[2] + c[3] for c in by_band.values())
        figures = None
        if n_ref >= min_per_group and n_focal >= min_per_group:
            figures = fairness.mantel_haenszel(fairness.Table(*by_band[band]) for band in sorted(by_band))
        if figures is None:
            results.append(fairness.Dif(question_id, reference, focal, n_ref, n_focal, *(None,) * 6))
            continue
        delta = fairness.DELTA_SCALE * figures["log_odds_ratio"]
        delta_se = abs(fairness.DELTA_SCALE) * figures["log_se"]
        category = fairness.ets_category(delta, delta_se, figures["p_value"])
        odds, chi2, p_value = figures["odds_ratio"], figures["chi2"], figures["p_value"]
        results.append(
            fairness.Dif(question_id, reference, focal, n_ref, n_focal, odds, delta, delta_se, chi2, p_value, category)
        )
    return results


def _fairness_rows(difs: list[fairness.Dif], questions: dict[int, Question]) -> list[FairnessRow]:
    names = languages.names()
    return [
        FairnessRow(
            questions[d.question_id],
            d,
            [_version(questions[d.question_id], code, names[code]) for code in (d.reference, d.focal)],
        )
        for d in difs
        if d.question_id in questions
    ]


def _version(question: Question, code: str, name: str) -> dict:
    return {
        "code": code,
        "name": name,
        "text": getattr(question, f"text_{code}") or "",
        "choices": [getattr(c, f"text_{code}") or "" for c in question.choices.all()],
    }

"""What the question statistics over every attempt are computed from — the sums of quiz.item_analysis,
the fairness test's right and wrong counts by score band, the wrong answers with their counts — kept
in the database per quiz, question and language up to a mark, so that a teacher's view adds up only
the answers that came since, whatever the number of answers before.

- The mark is an attempt id: every finished attempt up to it is in the kept rows, except the
  UncountedAttempt rows — attempts that were unfinished when counted, or changed since. A view reads
  the kept rows and, in the same SQL statement, adds the answers of finished attempts above the mark
  or uncounted: the figures always equal a fresh count of every finished attempt.
- Counted by attempt, not by answer, because only finished attempts count and an attempt's answers
  are stored before it finishes (its score, the rest of the test, only then).
- Folding moves the mark: `manage.py fold_statistics` (from cron), and a view when more than FOLD_AT
  answers wait, so a view's work stays bounded. Answers themselves write nothing here: a class
  answering one question at once does not queue on one row (quiz.taking is untouched).
- An attempt edited or deleted after it was counted is taken out first (signals in quiz.models.sums);
  bulk updates send no signals, so a script that rewrites attempts runs `fold_statistics --recount`.
"""

import json
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Max,
    Min,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Floor
from django.utils import timezone

from . import fairness
from .models import Attempt, DifCounts, Response, ResponseSums, SumsMark, UncountedAttempt, WrongAnswerCounts

FOLD_AT = 20_000  # answers above the mark: past this, the view that saw them folds some in
FOLD_ATTEMPTS = 2_000  # the most attempts a view folds in (a few tenths of a second); cron folds the rest
SUMS = ("n", "points", "pairs", "x", "y", "xy", "xx", "yy")
MARK = 1  # SumsMark's one row
QUIZ = "attempt__quiz_id"


# What is counted, from responses -----------------------------------------------------------------


def sums_of(responses: QuerySet, *groups: str, **constants) -> QuerySet:
    """(*groups, n, Σpoints, pairs, Σx, Σy, Σxy, Σx², Σy², *constants) of these responses per group, x
    being the points and y the rest of the test (quiz.item_analysis.rest_of_test): plain numbers."""
    has_rest = Q(attempt__max_score__gt=1)  # a one-question attempt has no rest of the test
    rest = ExpressionWrapper(
        (F("attempt__score") - F("points")) / (F("attempt__max_score") - Value(1.0)), output_field=FloatField()
    )
    return (
        responses.order_by()
        .values(*groups)
        .annotate(
            s_n=Count("id"),
            s_points=Sum("points"),
            s_pairs=Count("id", filter=has_rest),
            s_x=Sum("points", filter=has_rest),
            s_y=Sum(rest, filter=has_rest),
            s_xy=Sum(ExpressionWrapper(F("points") * rest, output_field=FloatField()), filter=has_rest),
            s_xx=Sum(F("points") * F("points"), filter=has_rest),
            s_yy=Sum(ExpressionWrapper(rest * rest, output_field=FloatField()), filter=has_rest),
            **constants,
        )
        .values_list(*groups, *(f"s_{name}" for name in SUMS), *constants)
    )


def dif_counts_of(responses: QuerySet, *groups: str, **constants) -> QuerySet:
    """(*groups, band, right, wrong, *constants): the band as quiz.fairness.band computes it."""
    share = ExpressionWrapper(
        Value(float(fairness.SCORE_BANDS)) * F("attempt__score") / F("attempt__max_score"), output_field=FloatField()
    )
    band = Case(When(attempt__max_score__gt=0, then=Cast(Floor(share), IntegerField())), default=Value(0))
    return (
        responses.order_by()
        .annotate(s_band=band)
        .values(*groups, "s_band")
        .annotate(
            s_right=Count("id", filter=Q(is_correct=True)), s_wrong=Count("id", filter=Q(is_correct=False)), **constants
        )
        .values_list(*groups, "s_band", "s_right", "s_wrong", *constants)
    )


def wrong_answers_of(responses: QuerySet, *groups: str, **constants) -> QuerySet:
    """(*groups, answer, n, first attempt, *constants) per distinct wrong answer."""
    return (
        responses.filter(is_correct=False)
        .order_by()
        .values(*groups, "answer")
        .annotate(s_n=Count("id"), s_first=Min("attempt_id"), **constants)
        .values_list(*groups, "answer", "s_n", "s_first", *constants)
    )


# Reading: the kept rows and the newer answers, at one moment ------------------------------------------


def _current(
    kept: QuerySet, columns: tuple, counted: Callable, quiz=None, question_ids: Iterable[int] | None = None
) -> list[tuple[tuple, bool]]:
    """The kept rows (of `columns`) and the rows `counted` from the newer answers, read in one
    statement; each with whether it comes from the newer answers."""
    finished = Response.objects.filter(attempt__submitted_at__isnull=False)
    if quiz is not None:
        kept, finished = kept.filter(quiz=quiz), finished.filter(attempt__quiz=quiz)
    if question_ids is not None:
        kept, finished = kept.filter(question_id__in=question_ids), finished.filter(question_id__in=question_ids)
    uncounted = UncountedAttempt.objects.values("attempt_id")
    stored_mark = Coalesce(Subquery(SumsMark.objects.filter(pk=MARK).values("through_attempt")[:1]), Value(0))
    flag = {"newer": Value(1, output_field=IntegerField())}
    for _try in range(3):
        # The mark as a number, so that PostgreSQL reads the answers above it from an index; each kept
        # row carries the mark stored at that moment, and a fold in between (a moved mark) reads again.
        through = SumsMark.objects.filter(pk=MARK).values_list("through_attempt", flat=True).first() or 0
        mark = Value(through, output_field=BigIntegerField())
        newer = [
            # Two parts rather than one OR, so each reads an index: attempts above the mark, uncounted ones.
            counted(finished.filter(attempt_id__gt=through).exclude(attempt_id__in=uncounted), **flag, mark=mark),
            counted(finished.filter(attempt_id__in=uncounted), **flag, mark=mark),
        ]
        kept_rows = (
            kept.order_by()
            .annotate(newer=Value(0, output_field=IntegerField()), mark=stored_mark)
            .values_list(*columns, "newer", "mark")
        )
        rows = list(kept_rows.union(*newer, all=True))
        if all(row[-1] == through for row in rows):
            return [(tuple(row[:-2]), bool(row[-2])) for row in rows]
    # The mark moved three times during a view (never seen): count every answer.
    return [(tuple(row), True) for row in counted(finished)]


def current_sums(quiz=None) -> tuple[list[tuple], int]:
    """(question, language, *sums) over every finished attempt (of one quiz) — a question and language
    may come in several rows, to be added up — and how many answers wait to be folded in."""
    rows = _current(
        ResponseSums.objects.all(),
        ("question_id", "language", *SUMS),
        lambda answers, **flags: sums_of(answers, "question_id", "language", **flags),
        quiz,
    )
    return [row for row, _newer in rows], sum(row[2] for row, newer in rows if newer)


def current_dif_counts(question_ids: Iterable[int] | None, quiz=None) -> list[tuple]:
    """(question, language, band, right, wrong) rows of these questions (None: all), to be added up."""
    rows = _current(
        DifCounts.objects.all(),
        ("question_id", "language", "band", "right", "wrong"),
        lambda answers, **flags: dif_counts_of(answers, "question_id", "language", **flags),
        quiz,
        None if question_ids is None else list(question_ids),
    )
    return [row for row, _newer in rows]


def current_wrong_answers(question_ids: Iterable[int], quiz=None) -> list[tuple]:
    """(question, language, answer, n, first attempt) rows of these questions' wrong answers; one
    answer may come in several rows, to be added up (the first attempt: the least)."""
    rows = _current(
        WrongAnswerCounts.objects.all(),
        ("question_id", "language", "answer", "n", "first_attempt"),
        lambda answers, **flags: wrong_answers_of(answers, "question_id", "language", **flags),
        quiz,
        None if question_ids is None else list(question_ids),
    )
    return [row for row, _newer in rows]


# Folding: moving the mark ----------------------------------------------------------------------------


def fold(*, recount: bool = False, attempts: int | None = None) -> int:
    """Add the answers of attempts finished since the last fold to the kept rows and move the mark to
    the newest attempt, or `attempts` further at most (`recount`: count every answer again, from
    nothing). Returns the answers added."""
    # First, which attempts: under a share lock on the attempts (PostgreSQL; SQLite has one writer
    # at a time), no attempt is being started or finished, so every id up to the newest is visible
    # and each of them is either finished or not. Held for two index reads.
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {Attempt._meta.db_table} IN SHARE MODE")
        since = 0 if recount else SumsMark.objects.filter(pk=MARK).values_list("through_attempt", flat=True).first()
        since = since or 0
        newest = Attempt.objects.aggregate(newest=Max("pk"))["newest"] or 0
        if attempts is not None and not recount:
            newest = min(newest, since + attempts)  # every id up to it is settled too
        unfinished = list(
            Attempt.objects.unfinished().filter(pk__gt=since, pk__lte=newest).values_list("pk", flat=True)
        )
    # Then their answers, added up and stored with the mark in one transaction.
    with transaction.atomic():
        mark, _created = SumsMark.objects.select_for_update().get_or_create(pk=MARK)
        if not recount and mark.through_attempt != since:
            return 0  # another fold moved the mark meanwhile
        if recount:
            for model in (ResponseSums, DifCounts, WrongAnswerCounts, UncountedAttempt):
                model.objects.all().delete()
        UncountedAttempt.objects.bulk_create((UncountedAttempt(attempt_id=pk) for pk in unfinished), batch_size=5000)
        # Attempts left out before that are finished now: counted as they are, once (by id, so that one
        # finishing while this runs stays uncounted for the next fold).
        done = list(
            UncountedAttempt.objects.filter(attempt_id__lte=since, attempt__submitted_at__isnull=False).values_list(
                "attempt_id", flat=True
            )
        )
        new = Q(attempt_id__gt=since, attempt_id__lte=newest) & ~Q(
            attempt_id__in=UncountedAttempt.objects.values("attempt_id")
        )
        answers = Response.objects.filter(attempt__submitted_at__isnull=False).filter(new | Q(attempt_id__in=done))
        added = _add(answers)
        UncountedAttempt.objects.filter(attempt_id__in=done).delete()
        mark.through_attempt, mark.counted_at = newest, timezone.now()
        mark.save()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # its size changes with every fold: plans read it right
                cursor.execute(f"ANALYZE {UncountedAttempt._meta.db_table}")
    return added


def _add(answers: QuerySet, sign: int = 1) -> int:
    """Add (or with sign -1, take away) these answers to the kept rows. Returns how many."""
    keys = (QUIZ, "question_id", "language")
    sums = [(*row[:3], *(v or 0 for v in row[3:])) for row in sums_of(answers, *keys)]
    _merge(ResponseSums, ("quiz_id", "question_id", "language"), SUMS, ("n",), sums, sign)
    bands = list(dif_counts_of(answers, *keys))
    _merge(
        DifCounts, ("quiz_id", "question_id", "language", "band"), ("right", "wrong"), ("right", "wrong"), bands, sign
    )
    _merge_wrong(list(wrong_answers_of(answers, *keys)), sign)
    return sum(row[3] for row in sums)


def _merge(model, keys: tuple, values: tuple, counts: tuple, rows: list[tuple], sign: int) -> None:
    """Add rows of (*keys, *values) to the model's rows of the same keys; a row whose `counts` come
    to nothing goes (its float sums are only rounding left over)."""
    questions = {row[keys.index("question_id")] for row in rows}
    stored = {
        tuple(getattr(s, k) for k in keys): s
        for s in model.objects.filter(question_id__in=questions).select_for_update()
    }
    new, changed = [], []
    for row in rows:
        key, add = tuple(row[: len(keys)]), row[len(keys) :]
        kept = stored.get(key)
        if kept is None:
            kept = model(**dict(zip(keys, key, strict=True)))
            new.append(kept)
        else:
            changed.append(kept)
        for name, value in zip(values, add, strict=True):
            setattr(kept, name, getattr(kept, name) + sign * value)
    model.objects.bulk_create(new)
    alive = [row for row in changed if any(getattr(row, name) for name in counts)]
    model.objects.bulk_update(alive, values)
    model.objects.filter(pk__in={row.pk for row in changed} - {row.pk for row in alive}).delete()


def _answer_key(answer) -> str:
    return json.dumps(answer, sort_keys=True)


def _merge_wrong(rows: list[tuple], sign: int) -> None:
    """Wrong answers: counts add up, and the first attempt is the least (recounted when taking away)."""
    stored = {
        (s.quiz_id, s.question_id, s.language, _answer_key(s.answer)): s
        for s in WrongAnswerCounts.objects.filter(question_id__in={row[1] for row in rows}).select_for_update()
    }
    new, changed, gone = [], [], []
    for quiz, question, language, answer, n, first in rows:
        kept = stored.get((quiz, question, language, _answer_key(answer)))
        if kept is None:
            new.append(
                WrongAnswerCounts(
                    quiz_id=quiz, question_id=question, language=language, answer=answer, n=n, first_attempt=first
                )
            )
            continue
        kept.n += sign * n
        if not kept.n:
            gone.append(kept.pk)
        elif sign > 0:
            kept.first_attempt = min(kept.first_attempt, first)
            changed.append(kept)
        else:
            kept.first_attempt = _first_counted(kept)
            changed.append(kept)
    WrongAnswerCounts.objects.bulk_create(new)
    WrongAnswerCounts.objects.bulk_update(changed, ["n", "first_attempt"])
    WrongAnswerCounts.objects.filter(pk__in=gone).delete()


def _first_counted(kept: WrongAnswerCounts) -> int:
    """The first counted attempt (at or below the mark, not uncounted) that gave this wrong answer,
    once an attempt has been taken away: the one taken away is listed as uncounted already."""
    through = SumsMark.objects.filter(pk=MARK).values_list("through_attempt", flat=True).first() or 0
    return (
        Response.objects.filter(
            question_id=kept.question_id,
            language=kept.language,
            answer=kept.answer,
            is_correct=False,
            attempt__quiz_id=kept.quiz_id,
            attempt__submitted_at__isnull=False,
            attempt_id__lte=through,
        )
        .exclude(attempt_id__in=UncountedAttempt.objects.values("attempt_id"))
        .aggregate(first=Min("attempt_id"))["first"]
        or kept.first_attempt
    )


def uncount(attempt_id: int) -> None:
    """Take a counted attempt's answers out of the kept rows, as they are stored now (before it is
    changed or deleted), and list it as uncounted: views add it again as it will be, if it still is."""
    with transaction.atomic():
        mark = SumsMark.objects.select_for_update().filter(pk=MARK).first()
        if mark is None or attempt_id > mark.through_attempt:
            return  # not counted: views read it as it is
        _listed, created = UncountedAttempt.objects.get_or_create(attempt_id=attempt_id)
        if created:
            _add(Response.objects.filter(attempt_id=attempt_id, attempt__submitted_at__isnull=False), sign=-1)

"""Taking a quiz: starting an attempt, recording an answer, finishing. Each writes several rows,
so each is one transaction that locks the attempt: two tabs or two servers cannot interleave."""

import hashlib
import random

from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from . import grading, progress
from .models import Attempt, Membership, Question, Quiz, Response
from .ownership import Learner


class Refused(Exception):
    """An action the rules do not allow; the message is shown to the learner as it is."""


def grading_key(question: Question, choices) -> grading.Key:
    return question.kind_handler.key(question, choices)


def attempts_left(quiz: Quiz, learner) -> int | None:
    if quiz.attempts_allowed is None:
        return None
    # A teacher's accommodation (quiz.models.classes.Membership) adds attempts, silently.
    allowed = Membership.objects.accommodation_for(learner.user_id).attempts_allowed(quiz.attempts_allowed)
    used = Attempt.objects.owned_by(learner).filter(quiz=quiz).count()
    return max(0, allowed - used)


def _choice_order(questions, shuffle: bool, rng: random.Random) -> dict[str, list[int]]:
    return {
        str(question.pk): question.kind_handler.shown_order([c.pk for c in question.choices.all()], shuffle, rng)
        for question in questions
    }


def shown_choices(attempt: Attempt, question: Question) -> list:
    """The question's choices in the order this attempt showed them (drawn at the start, see
    _choice_order), so a reload, the review and the result list them as the learner saw them.
    A choice added since the start is not part of this attempt's question; a deleted one is left out."""
    return in_shown_order(question.choices.all(), attempt.choice_order, question.pk)


def in_shown_order(choices, choice_order: dict[str, list[int]], question_id: int) -> list:
    """`choices` in the order an attempt's or a live game's `choice_order` (question id → choice ids)
    gives for this question; in their own order when it has none."""
    by_id = {c.pk: c for c in choices}
    order = choice_order.get(str(question_id), list(by_id))
    return [by_id[pk] for pk in order if pk in by_id]


def _lock_learner_and_quiz(quiz: Quiz, learner) -> None:
    """Serialise starts of one quiz by one learner until the transaction ends, so that two parallel
    "Start" clicks cannot both see an attempt left. PostgreSQL: a transaction-level advisory lock on
    a hash of (quiz, learner) — other learners and quizzes never wait. SQLite: every write
    transaction begins IMMEDIATE (settings), which already takes the database's one write lock."""
    if connection.vendor != "postgresql":
        return
    owner = f"user:{learner.user_id}" if learner.user_id else f"anon:{learner.anon_key}"
    digest = hashlib.blake2b(f"start:{quiz.pk}:{owner}".encode(), digest_size=8).digest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest, "big", signed=True)])


@transaction.atomic
def start_attempt(
    *, quiz: Quiz, learner, assignment=None, question_ids: list[int] | None = None, rng: random.Random | None = None
) -> Attempt:
    """A new attempt with its questions drawn now (or the given ones, for practice by fact)."""
    rng = rng or random.SystemRandom()
    if quiz.attempts_allowed is not None:
        _lock_learner_and_quiz(quiz, learner)
    if attempts_left(quiz, learner) == 0:
        raise Refused(_("You have used all the attempts this quiz allows."))
    question_ids = question_ids if question_ids is not None else quiz.draw_question_ids(rng)
    if not question_ids:
        raise Refused(_("This quiz has no questions yet."))
    questions = Question.objects.filter(pk__in=question_ids).prefetch_related("choices")
    now = timezone.now()
    # Extra time (an accommodation) stretches the limit here, so the server enforces it like any other.
    limit = Membership.objects.accommodation_for(learner.user_id).time_limit(quiz.time_limit_minutes)
    return Attempt.objects.create(
        quiz=quiz,
        assignment=assignment,
        classroom=assignment.classroom if assignment else None,
        question_ids=question_ids,
        choice_order=_choice_order(questions, quiz.shuffle_choices, rng),
        started_at=now,
        deadline=now + limit if limit else None,
        max_score=len(question_ids),
        **learner.owner_fields(),
    )


def start_practice(*, question_ids: list[int], learner) -> Attempt:
    """A short practice attempt of these questions (a fact's, from the timeline). Refused while one
    of them is waiting in the learner's unfinished exam: practice gives feedback at once, which
    would give that exam's answers away."""
    exams = Attempt.objects.owned_by(learner).exams_in_progress().values_list("question_ids", flat=True)
    if any(set(question_ids) & set(ids) for ids in exams):
        raise Refused(
            _(
                "You can practise this fact once you have finished the test you have started: "
                "practice would show answers to its questions."
            )
        )
    return start_attempt(quiz=Quiz.practice(), learner=learner, question_ids=question_ids)


def record_answer(*, attempt: Attempt, question: Question, choices, answer: dict, language: str) -> Response:
    """Grade and store one answer. Refused when the attempt is over, the time is up or the
    question was answered already; nothing is stored then."""
    from .scheduling import bring_back_missed  # noqa: PLC0415  (flashcards depend on taking, not back)

    try:
        with transaction.atomic():
            # The row lock (and SQLite's write lock) makes the checks below race-free: a second
            # request for this attempt waits here until the first has committed.
            locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
            if locked.is_finished:
                raise Refused(_("This attempt is finished: its answers can no longer change."))
            if locked.time_is_up():
                raise Refused(_("Time is up: answers sent after the time limit are not counted."))
            result = grading.grade(grading_key(question, choices), answer)
            # An answer given already is refused by the unique constraint (IntegrityError below):
            # no query to look for it first, and no way around it for any database or server.
            response = Response.objects.create(
                attempt=locked,
                question=question,
                answer=answer,
                is_correct=result.is_correct,
                points=result.points,
                language=language,
            )
            # In the same transaction: one write lock per answer on SQLite instead of three. With
            # feedback at the end, a card falling due would tell right from wrong before the end:
            # those wait for finish_attempt.
            if not response.is_correct and question.fact_id and attempt.quiz.feedback == Quiz.Feedback.IMMEDIATE:
                bring_back_missed(fact_ids=[question.fact_id], learner=Learner.owning(locked))
    except IntegrityError:
        raise Refused(_("You have already answered this question.")) from None
    return response


def finish_attempt(attempt: Attempt) -> bool:
    """Score and close the attempt. Returns False when it was already finished (a double click).
    With feedback at the end, this is when wrong answers bring their facts' flashcards back."""
    from .scheduling import bring_back_missed  # noqa: PLC0415  (flashcards depend on taking, not back)

    with transaction.atomic():
        # The lock waits for an answer being recorded right now, so its points are counted.
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.is_finished:
            attempt.refresh_from_db()
            return False
        total = locked.responses.aggregate(total=Sum("points"))["total"] or 0.0
        # As the float columns read back (a later Case/Value must not mix ints and floats).
        finished = {
            "submitted_at": timezone.now(),
            "score": round(float(total), 4),
            "max_score": float(len(locked.question_ids)),
        }
        Attempt.objects.filter(pk=attempt.pk).update(**finished)
        if attempt.quiz.feedback == Quiz.Feedback.END:
            missed = locked.responses.filter(is_correct=False, question__fact__isnull=False)
            fact_ids = list(missed.values_list("question__fact_id", flat=True))
            if fact_ids:
                bring_back_missed(fact_ids=fact_ids, learner=Learner.owning(locked))
    # What was just written, set on the instance rather than read back: a finish with flashcards to
    # bring back made 11 queries, one over the budget (bench/README.md).
    for field, value in finished.items():
        setattr(attempt, field, value)
    progress.record_finish(attempt)  # the leaderboards' best scores (quiz.models.BestScore)
    return True

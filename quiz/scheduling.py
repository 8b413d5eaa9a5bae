"""Spaced repetition with the `fsrs` library (6.x): turning our CardState rows into fsrs cards and back.

The algorithm is the library's; this module only maps columns, guards against replayed ratings and
answers "what would each rating do" for the rating buttons.
"""

from datetime import UTC, datetime, timedelta

import fsrs
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Card, CardState, Direction, ReviewLog

# The library's default parameters and learning steps (1 min, 10 min; relearning 10 min). Fuzzing spreads
# review-state intervals of ≥ 2.5 days by a few percent so that cards learnt together do not fall due together.
_scheduler = fsrs.Scheduler()
# The same scheduler without the random fuzz, for the intervals printed on the buttons.
_previewer = fsrs.Scheduler(enable_fuzzing=False)


def _utc(moment: datetime) -> datetime:
    # fsrs refuses anything but tzinfo=timezone.utc (not merely an equal offset).
    return moment.astimezone(UTC)


def to_fsrs(state: CardState) -> fsrs.Card:
    return fsrs.Card(
        card_id=state.pk or 0,  # an explicit id: fsrs would otherwise sleep 1 ms to make a unique one
        state=fsrs.State(state.state),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=_utc(state.due),
        last_review=_utc(state.last_review) if state.last_review else None,
    )


def fields_of(card: fsrs.Card) -> dict:
    """The CardState column values of an fsrs card."""
    return {
        "state": int(card.state),
        "step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "due": card.due,
        "last_review": card.last_review,
    }


def copy_from_fsrs(state: CardState, card: fsrs.Card) -> None:
    for name, value in fields_of(card).items():
        setattr(state, name, value)


def new_state(card: Card, direction: str, learner_fields: dict, now: datetime | None = None) -> CardState:
    state = CardState(card=card, direction=direction, **learner_fields)
    copy_from_fsrs(state, fsrs.Card(card_id=0, due=_utc(now or timezone.now())))
    return state


def next_intervals(state: CardState, now: datetime | None = None) -> dict[int, timedelta]:
    """How long until the card is due again after each rating (1 Again … 4 Easy), without fuzz."""
    now = _utc(now or timezone.now())
    card = to_fsrs(state)
    intervals = {}
    for rating in fsrs.Rating:
        reviewed, _log = _previewer.review_card(card, rating, review_datetime=now)
        intervals[int(rating)] = reviewed.due - now
    return intervals


class StaleRating(Exception):
    """The rating was for a review that has happened already (a replayed or doubled form)."""


def rate(state: CardState, rating: int, expected_reps: int, now: datetime | None = None) -> CardState:
    """Apply one rating (1 Again … 4 Easy) and log it. The form's `expected_reps` must match the
    stored review count, so the second of two identical or simultaneous submissions changes nothing
    and raises StaleRating. `state` is unsaved for a learner's first review of a card; it is updated
    in place only when the rating counted."""
    now = _utc(now or timezone.now())
    reviewed, _log = _scheduler.review_card(to_fsrs(state), fsrs.Rating(rating), review_datetime=now)
    values = fields_of(reviewed)
    try:
        with transaction.atomic():
            if state.pk is None:
                if expected_reps != 0:
                    raise StaleRating
                # A simultaneous first rating of the same card hits the unique constraint instead.
                pk = CardState.objects.create(
                    card_id=state.card_id,
                    direction=state.direction,
                    user_id=state.user_id,
                    anon_key=state.anon_key,
                    reps=1,
                    **values,
                ).pk
            else:
                # Compare-and-set on reps: of two requests that read the same state, one update matches.
                pk = state.pk
                if not CardState.objects.filter(pk=pk, reps=expected_reps).update(reps=expected_reps + 1, **values):
                    raise StaleRating
            ReviewLog.objects.create(card_state_id=pk, rating=rating, reps=expected_reps + 1, reviewed_at=now)
    except IntegrityError:
        raise StaleRating from None
    copy_from_fsrs(state, reviewed)
    state.pk, state.reps = pk, expected_reps + 1
    state._state.adding = False
    return state


def bring_back_missed(*, fact_ids, learner, now: datetime | None = None) -> int:
    """Wrong quiz answers about these facts make the facts' cards due now for the learner."""
    now = now or timezone.now()
    cards = list(Card.objects.filter(fact_id__in=set(fact_ids), deck__is_published=True))
    if not cards:
        return 0
    existing = CardState.objects.filter(learner.rows(), card__in=cards, direction=Direction.FACT)
    have = set(existing.values_list("card_id", flat=True))
    if have:
        existing.filter(due__gt=now).update(due=now)  # never push a card that is overdue already later
    fresh = [new_state(card, Direction.FACT, learner.owner_fields(), now) for card in cards if card.pk not in have]
    if fresh:
        CardState.objects.bulk_create(fresh, ignore_conflicts=True)
    return len(cards)

"""Spaced repetition with the `fsrs` library: turning our CardState rows into fsrs cards and back."""

from datetime import UTC, datetime

import fsrs
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Card, CardState, Direction, ReviewLog

_scheduler = fsrs.Scheduler()


def to_fsrs(state: CardState) -> fsrs.Card:
    return fsrs.Card(
        card_id=state.pk or 0,
        state=fsrs.State(state.state),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due.astimezone(UTC),
        last_review=state.last_review.astimezone(UTC) if state.last_review else None,
    )


def copy_from_fsrs(state: CardState, card: fsrs.Card) -> None:
    state.state = card.state.value
    state.step = card.step
    state.stability = card.stability
    state.difficulty = card.difficulty
    state.due = card.due
    state.last_review = card.last_review


def new_state(card: Card, direction: str, learner_fields: dict, now: datetime | None = None) -> CardState:
    state = CardState(card=card, direction=direction, **learner_fields)
    copy_from_fsrs(state, fsrs.Card(due=now or timezone.now()))
    return state


class StaleRating(Exception):
    """The rating was for a review that has happened already (a replayed or doubled form)."""


def rate(state: CardState, rating: int, expected_reps: int, now: datetime | None = None) -> CardState:
    """Apply one rating (1 Again … 4 Easy). The form's `expected_reps` must match the state's
    review count, so the second of two identical submissions changes nothing."""
    now = now or timezone.now()
    card, _log = _scheduler.review_card(to_fsrs(state), fsrs.Rating(rating), review_datetime=now.astimezone(UTC))
    with transaction.atomic():
        copy_from_fsrs(state, card)
        fields = {f: getattr(state, f) for f in ("state", "step", "stability", "difficulty", "due", "last_review")}
        if state.pk is None:
            if expected_reps != 0:
                raise StaleRating
            state.reps = 1
            try:
                with transaction.atomic():
                    state.save()
            except IntegrityError:
                raise StaleRating from None
        else:
            updated = CardState.objects.filter(pk=state.pk, reps=expected_reps).update(reps=expected_reps + 1, **fields)
            if not updated:
                raise StaleRating
            state.reps = expected_reps + 1
        ReviewLog.objects.create(card_state=state, rating=rating, reps=state.reps, reviewed_at=now)
    return state


def bring_back_missed(*, fact_id: int, learner_fields: dict, now: datetime | None = None) -> int:
    """A wrong quiz answer about a fact makes that fact's cards due now for the learner."""
    now = now or timezone.now()
    cards = list(Card.objects.filter(fact_id=fact_id, deck__is_published=True))
    if not cards:
        return 0
    owner = {"user_id": learner_fields["user_id"]} if learner_fields["user_id"] else {
        "user__isnull": True, "anon_key": learner_fields["anon_key"]}
    existing = CardState.objects.filter(card__in=cards, direction=Direction.FACT, **owner)
    existing.update(due=now)
    have = set(existing.values_list("card_id", flat=True))
    fresh = [new_state(card, Direction.FACT, learner_fields, now) for card in cards if card.pk not in have]
    CardState.objects.bulk_create(fresh, ignore_conflicts=True)
    return len(cards)

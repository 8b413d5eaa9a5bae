"""Studying flashcards: what a learner has due and new in a deck, which card comes next, and what
waits for them after a quiz. The schedule itself is quiz.scheduling's (the fsrs library)."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import ngettext

from . import scheduling
from .models import Card, CardState, Deck, Direction, ReviewLog

# When nothing is due and no new card is left, a card in its learning steps (1 or 10 minutes) that
# falls due within this window is shown early, as Anki does, so a session can end with those cards learnt.
LEARN_AHEAD = timedelta(minutes=20)
LEARNING_STATES = (1, 3)  # fsrs.State.Learning, fsrs.State.Relearning


def directions_for(deck: Deck) -> list[str]:
    """A vocabulary deck is studied either way round, each scheduled separately; fact cards one way."""
    if deck.is_vocabulary:
        return [d for d in Direction.values if d != Direction.FACT]
    return [Direction.FACT]


def start_of_day(now: datetime) -> datetime:
    """Midnight of the learner's day (the site's time zone, UTC) — when the new-card allowance renews."""
    return datetime.combine(timezone.localdate(now), time.min, tzinfo=timezone.get_current_timezone())


@dataclass(frozen=True)
class Progress:
    total: int  # cards in the deck
    seen: int  # cards this learner has a state for in this direction
    due: int
    new_today: int  # first reviews today
    new_per_day: int

    @property
    def unseen(self) -> int:
        return max(0, self.total - self.seen)

    @property
    def new_left_today(self) -> int:
        return max(0, self.new_per_day - self.new_today)

    @property
    def new(self) -> int:
        """New cards that may still be studied today."""
        return min(self.unseen, self.new_left_today)


def progress(decks, learner, now: datetime | None = None) -> dict[tuple[int, str], Progress]:
    """Due and new counts per (deck id, direction), in two queries whatever the number of cards (one
    while the learner has no card of these decks yet). `decks` must be annotated with card_count."""
    now = now or timezone.now()
    seen, first_today = {}, {}
    if learner.is_known:
        deck_ids = [deck.pk for deck in decks]
        states = (
            CardState.objects.filter(learner.rows(), card__deck_id__in=deck_ids)
            .values_list("card__deck_id", "direction")
            .annotate(seen=Count("id"), due=Count("id", filter=Q(due__lte=now)))
            .order_by()
        )
        seen = {(deck_id, direction): (n, due) for deck_id, direction, n, due in states}
    if seen:  # a first review needs a state: a learner new to these decks has none to count
        firsts = (
            ReviewLog.objects.filter(
                learner.rows("card_state__"),
                card_state__card__deck_id__in=deck_ids,
                reps=1,
                reviewed_at__gte=start_of_day(now),
            )
            .values_list("card_state__card__deck_id", "card_state__direction")
            .annotate(n=Count("id"))
            .order_by()
        )
        first_today = {(deck_id, direction): n for deck_id, direction, n in firsts}
    return {
        (deck.pk, direction): Progress(
            total=deck.card_count,
            seen=seen.get((deck.pk, direction), (0, 0))[0],
            due=seen.get((deck.pk, direction), (0, 0))[1],
            new_today=first_today.get((deck.pk, direction), 0),
            new_per_day=deck.new_per_day,
        )
        for deck in decks
        for direction in directions_for(deck)
    }


def next_card(deck: Deck, direction: str, learner, deck_progress: Progress, now: datetime | None = None):
    """The card to study now and the learner's state for it (unsaved for a new card), or None when the
    session is over: due cards first (the longest overdue first), then new cards up to the daily
    allowance, then learning-step cards due within LEARN_AHEAD. `deck_progress` is progress()'s for
    this deck and direction: with nothing seen yet, the learner's states need no query."""
    now = now or timezone.now()
    mine, upcoming = None, None
    if learner.is_known and deck_progress.seen:
        mine = CardState.objects.filter(learner.rows(), card__deck=deck, direction=direction)
        upcoming = (
            mine.filter(Q(due__lte=now) | Q(due__lte=now + LEARN_AHEAD, state__in=LEARNING_STATES))
            .select_related("card__fact")
            .order_by("due", "id")
            .first()
        )
        if upcoming and upcoming.due <= now:
            return upcoming.card, upcoming
    if deck_progress.new:
        cards = Card.objects.filter(deck=deck).select_related("fact").order_by("position", "id")
        if mine is not None:
            cards = cards.exclude(pk__in=mine.values("card_id"))
        card = cards.first()
        if card:
            return card, scheduling.new_state(card, direction, learner.owner_fields(), now)
    if upcoming:
        return upcoming.card, upcoming
    return None


def card_for_learner(deck: Deck, card_id: int, direction: str, learner, now: datetime | None = None):
    """One named card of the deck with the learner's state for it (unsaved when they have none), or None."""
    card = Card.objects.filter(deck=deck, pk=card_id).select_related("fact").first()
    if card is None:
        return None
    state = None
    if learner.is_known:
        state = CardState.objects.filter(learner.rows(), card=card, direction=direction).first()
    return card, state or scheduling.new_state(card, direction, learner.owner_fields(), now)


def state_for_rating(card: Card, direction: str, learner) -> CardState:
    """The learner's own state of the card (never anyone else's), or a new one to be saved by rating it."""
    state = CardState.objects.filter(learner.rows(), card=card, direction=direction).first()
    return state or scheduling.new_state(card, direction, learner.owner_fields())


def session_summary(deck: Deck, direction: str, learner, now: datetime | None = None) -> dict:
    """For the finish screen: how many cards were studied today and when the next one is due."""
    now = now or timezone.now()
    if not learner.is_known:
        return {"studied_today": 0, "next_due": None}
    mine = CardState.objects.filter(learner.rows(), card__deck=deck, direction=direction)
    summary = mine.aggregate(
        studied_today=Count("id", filter=Q(reviews__reviewed_at__gte=start_of_day(now)), distinct=True),
    )
    summary["next_due"] = mine.filter(due__gt=now).aggregate(next_due=Min("due"))["next_due"]
    return summary


def cards_waiting(learner, fact_ids, now: datetime | None = None) -> dict[int, dict]:
    """Per fact: how many of its flashcards are due for the learner now, and in which deck (one query)."""
    now = now or timezone.now()
    fact_ids = [pk for pk in set(fact_ids) if pk]
    if not fact_ids or not learner.is_known:
        return {}
    rows = (
        CardState.objects.filter(
            learner.rows(),
            card__fact_id__in=fact_ids,
            card__deck__is_published=True,
            direction=Direction.FACT,
            due__lte=now,
        )
        .values_list("card__fact_id", "card__deck__slug")
        .annotate(n=Count("id"))
        .order_by()
    )
    waiting = {}
    for fact_id, deck_slug, n in rows:
        entry = waiting.setdefault(fact_id, {"count": 0, "deck_slug": deck_slug})
        entry["count"] += n
    return waiting


def format_interval(delta: timedelta) -> str:
    """A short, translated, pluralised interval: "1 min", "6 min", "3 hours", "8 days", "2 months"."""
    seconds = max(0, delta.total_seconds())
    minutes = round(seconds / 60)
    if minutes < 60:
        count = max(1, minutes)
        return ngettext("%(count)d min", "%(count)d min", count) % {"count": count}
    hours = round(seconds / 3600)
    if hours < 24:
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    days = round(seconds / 86400)
    if days < 31:
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    if days < 365:
        months = round(days / 30.4)
        return ngettext("%(count)d month", "%(count)d months", months) % {"count": months}
    years = max(1, round(days / 365.25))
    return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}

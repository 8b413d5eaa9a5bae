"""quiz.scheduling with a frozen clock: what FSRS does with each rating, and the guards around it."""

from datetime import UTC, datetime, timedelta

import fsrs
import pytest
import time_machine
from django.db import connection
from django.utils import timezone, translation

from quiz import scheduling
from quiz.models import CardState, Deck, Direction, ReviewLog
from quiz.ownership import Learner
from quiz.studying import format_interval
from tests.factories import make_card, make_deck, make_fact, make_user

pytestmark = pytest.mark.django_db

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4


@pytest.fixture
def learner():
    return Learner(user_id=make_user().pk, anon_key="")


@pytest.fixture
def card():
    return make_card(make_deck())


def fresh(card, learner, direction=Direction.FACT):
    return scheduling.new_state(card, direction, learner.owner_fields(), T0)


def reviewed_card(card, learner) -> CardState:
    """A card learnt on T0 (Good, then Good at its 10-minute step): in the Review state, due in days."""
    state = scheduling.rate(fresh(card, learner), GOOD, expected_reps=0, now=T0)
    return scheduling.rate(state, GOOD, expected_reps=1, now=state.due)


def test_new_card_intervals_are_the_fsrs_defaults(card, learner):
    intervals = scheduling.next_intervals(fresh(card, learner), T0)
    assert intervals == {
        AGAIN: timedelta(minutes=1),
        HARD: timedelta(minutes=5, seconds=30),
        GOOD: timedelta(minutes=10),
        EASY: timedelta(days=8),
    }


def test_good_is_not_due_again_before_its_interval(card, learner):
    with time_machine.travel(T0, tick=False):
        state = scheduling.rate(fresh(card, learner), GOOD, expected_reps=0)
    assert state.due == T0 + timedelta(minutes=10)
    learnt_at = state.due
    with time_machine.travel(learnt_at, tick=False):
        state = scheduling.rate(state, GOOD, expected_reps=1)
    state.refresh_from_db()
    interval = state.due - learnt_at
    assert state.state == fsrs.State.Review
    assert interval >= timedelta(days=1)
    mine = CardState.objects.owned_by(learner)
    with time_machine.travel(state.due - timedelta(minutes=1), tick=False):
        assert not mine.due().exists()
    with time_machine.travel(state.due, tick=False):
        assert list(mine.due()) == [state]


def test_again_makes_a_learnt_card_due_within_minutes(card, learner):
    state = reviewed_card(card, learner)
    forgotten_at = state.due + timedelta(days=3)  # reviewed late, and forgotten
    with time_machine.travel(forgotten_at, tick=False):
        state = scheduling.rate(state, AGAIN, expected_reps=2)
    state.refresh_from_db()
    assert state.state == fsrs.State.Relearning
    assert timedelta(0) < state.due - forgotten_at <= timedelta(minutes=10)
    with time_machine.travel(forgotten_at + timedelta(minutes=10), tick=False):
        assert CardState.objects.owned_by(learner).due().get() == state


def test_again_on_a_new_card_brings_it_back_in_a_minute(card, learner):
    state = scheduling.rate(fresh(card, learner), AGAIN, expected_reps=0, now=T0)
    assert state.due == T0 + timedelta(minutes=1)
    assert state.state == fsrs.State.Learning


def test_easy_on_a_new_card_schedules_it_days_ahead(card, learner):
    state = scheduling.rate(fresh(card, learner), EASY, expected_reps=0, now=T0)
    state.refresh_from_db()
    assert state.state == fsrs.State.Review
    # 8 days, fuzzed by the library: a whole number of days from round(uniform(6, 11)).
    assert (state.due - T0).days in range(6, 12)
    assert state.due - T0 == timedelta(days=(state.due - T0).days)


def test_every_rating_is_logged_with_its_review_number(card, learner):
    state = reviewed_card(card, learner)
    logs = list(ReviewLog.objects.filter(card_state=state).order_by("reps").values_list("rating", "reps"))
    assert logs == [(GOOD, 1), (GOOD, 2)]
    assert state.reps == 2


def test_datetimes_are_stored_in_utc(card, learner):
    moscow_noon = datetime(2025, 3, 1, 15, 0, tzinfo=timezone.get_fixed_timezone(180))  # = 12:00 UTC
    with timezone.override("Europe/Moscow"):
        scheduling.rate(fresh(card, learner), GOOD, expected_reps=0, now=moscow_noon)
    with connection.cursor() as cursor:
        cursor.execute("SELECT due, last_review FROM quiz_cardstate")
        due, last_review = cursor.fetchone()
    as_text = [str(value)[:19] for value in (due, last_review)]  # SQLite: text; PostgreSQL: aware UTC
    assert as_text == ["2025-03-01 12:10:00", "2025-03-01 12:00:00"]
    state = CardState.objects.get()
    assert state.due.utcoffset() == timedelta(0)
    assert ReviewLog.objects.get().reviewed_at == T0


def test_replayed_rating_changes_nothing(card, learner):
    state = scheduling.rate(fresh(card, learner), GOOD, expected_reps=0, now=T0)
    with pytest.raises(scheduling.StaleRating):
        scheduling.rate(CardState.objects.get(pk=state.pk), EASY, expected_reps=0, now=T0)
    state.refresh_from_db()
    assert (state.reps, state.due) == (1, T0 + timedelta(minutes=10))
    assert ReviewLog.objects.count() == 1


def test_two_simultaneous_ratings_of_a_card_count_once(card, learner):
    scheduling.rate(fresh(card, learner), GOOD, expected_reps=0, now=T0)
    # Both requests read the state before either wrote it.
    first, second = CardState.objects.get(), CardState.objects.get()
    scheduling.rate(first, GOOD, expected_reps=1, now=T0 + timedelta(minutes=10))
    with pytest.raises(scheduling.StaleRating):
        scheduling.rate(second, AGAIN, expected_reps=1, now=T0 + timedelta(minutes=10))
    state = CardState.objects.get()
    assert state.reps == 2
    assert state.state == fsrs.State.Review
    assert list(ReviewLog.objects.order_by("reps").values_list("rating", flat=True)) == [GOOD, GOOD]


def test_two_simultaneous_first_ratings_count_once(card, learner):
    first, second = fresh(card, learner), fresh(card, learner)
    scheduling.rate(first, GOOD, expected_reps=0, now=T0)
    with pytest.raises(scheduling.StaleRating):
        scheduling.rate(second, EASY, expected_reps=0, now=T0)
    assert second.pk is None
    assert CardState.objects.get().reps == 1
    assert ReviewLog.objects.get().rating == GOOD


def test_first_rating_with_a_review_count_is_refused(card, learner):
    with pytest.raises(scheduling.StaleRating):
        scheduling.rate(fresh(card, learner), GOOD, expected_reps=3, now=T0)
    assert not CardState.objects.exists()


def test_each_direction_has_its_own_state(learner):
    term = make_card(make_deck(kind=Deck.Kind.VOCABULARY))
    scheduling.rate(fresh(term, learner, Direction.EN_RU), EASY, expected_reps=0, now=T0)
    scheduling.rate(fresh(term, learner, Direction.RU_EN), AGAIN, expected_reps=0, now=T0)
    states = dict(CardState.objects.values_list("direction", "due"))
    assert states[Direction.RU_EN] == T0 + timedelta(minutes=1)
    assert states[Direction.EN_RU] >= T0 + timedelta(days=6)


def test_a_missed_fact_makes_its_cards_due_now_for_that_learner_only(learner):
    fact = make_fact()
    deck = make_deck()
    known, unseen = make_card(deck, fact=fact), make_card(deck, fact=fact)
    unrelated = make_card(deck)
    hidden = make_card(make_deck(is_published=False), fact=fact)
    other = Learner(user_id=make_user().pk, anon_key="")
    mine = reviewed_card(known, learner)
    theirs = reviewed_card(known, other)
    later = mine.due
    moment = T0 + timedelta(hours=1)
    assert scheduling.bring_back_missed(fact_ids=[fact.pk], learner=learner, now=moment) == 2
    due = CardState.objects.owned_by(learner).due(moment)
    assert sorted(due.values_list("card_id", flat=True)) == sorted([known.pk, unseen.pk])
    mine.refresh_from_db()
    assert mine.reps == 2  # the review history is kept; only the due date moved
    assert mine.due == moment < later
    theirs.refresh_from_db()
    assert theirs.due > moment
    assert not CardState.objects.filter(card__in=[unrelated, hidden]).exists()


def test_a_missed_fact_does_not_postpone_an_overdue_card(card, learner):
    state = scheduling.rate(fresh(card, learner), AGAIN, expected_reps=0, now=T0)
    card.fact = make_fact()
    card.save()
    scheduling.bring_back_missed(fact_ids=[card.fact_id], learner=learner, now=T0 + timedelta(hours=2))
    state.refresh_from_db()
    assert state.due == T0 + timedelta(minutes=1)


def test_anonymous_learner_states_are_kept_by_key(card):
    anonymous = Learner(user_id=None, anon_key="a" * 32)
    scheduling.rate(fresh(card, anonymous), GOOD, expected_reps=0, now=T0)
    state = CardState.objects.get()
    assert (state.user_id, state.anon_key) == (None, "a" * 32)
    assert CardState.objects.owned_by(anonymous).get() == state


@pytest.mark.parametrize(
    ("delta", "english", "russian"),
    [
        (timedelta(seconds=20), "1 min", "1 мин"),
        (timedelta(minutes=5, seconds=30), "6 min", "6 мин"),
        (timedelta(minutes=10), "10 min", "10 мин"),
        (timedelta(hours=3), "3 hours", "3 ч"),
        (timedelta(days=1), "1 day", "1 дн."),
        (timedelta(days=8), "8 days", "8 дн."),
        (timedelta(days=62), "2 months", "2 мес."),
        (timedelta(days=365), "1 year", "1 г."),
        (timedelta(days=5 * 365), "5 years", "5 лет"),
    ],
)
def test_intervals_read_naturally_in_both_languages(delta, english, russian):
    with translation.override("en"):
        assert format_interval(delta) == english
    with translation.override("ru"):
        assert format_interval(delta) == russian

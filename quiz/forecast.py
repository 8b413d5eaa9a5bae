"""The class's memory forecast: per topic, the share of the class's flashcards its students are
likely to recall today and on a chosen day, from each student's FSRS memory state (the `fsrs`
library's retrievability; quiz.scheduling keeps the states).

"The class's cards" are every (student, card, direction) of the topic's published decks: a fact
card one way, a vocabulary card each way round (quiz.studying.directions_for). A student who never
studied a card counts as not recalling it — unknown, never as remembering.

`summarise` is pure (plain data in, figures out); `class_forecast` loads the rows in four queries
whatever the size of the class.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import fsrs
from django.db import transaction
from django.db.models import Q

from .models import Assignment, Card, CardState, Classroom, Quiz, Topic
from .rounding import whole
from .studying import directions_for

LIKELY = 0.9  # FSRS's default desired retention: at or above it, a card counts as "likely recalled"
_scheduler = fsrs.Scheduler()


@dataclass(frozen=True)
class Memory:
    """The columns of a CardState that retrievability needs."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None


def retrievability(memory: Memory, when: datetime) -> float:
    """The probability of recalling the card at `when` (0 for a card never reviewed)."""
    if memory.last_review is None or not memory.stability:
        return 0.0
    card = fsrs.Card(
        card_id=0,
        state=fsrs.State(memory.state),
        step=memory.step,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=memory.due.astimezone(UTC),
        last_review=memory.last_review.astimezone(UTC),
    )
    return _scheduler.get_card_retrievability(card, when.astimezone(UTC))


@dataclass(frozen=True)
class Figures:
    items: int  # the class's cards: students × cards × directions
    expected: float  # mean recall probability, unknowns counted as 0
    likely: float  # share at or above LIKELY
    unknown: float  # share never studied

    @property
    def expected_percent(self) -> int:
        return whole(100 * self.expected)

    @property
    def likely_percent(self) -> int:
        return whole(100 * self.likely)

    @property
    def unknown_percent(self) -> int:
        return whole(100 * self.unknown)


def summarise(memories: Iterable[Memory], items: int, when: datetime) -> Figures:
    """Figures over `items` (student, card, direction) triples, of which `memories` were studied."""
    if items == 0:
        return Figures(0, 0.0, 0.0, 0.0)
    values = [retrievability(m, when) for m in memories]
    return Figures(items, sum(values) / items, sum(v >= LIKELY for v in values) / items, (items - len(values)) / items)


@dataclass
class TopicForecast:
    topic: Topic
    cards: int  # the topic's cards (one per direction)
    now: Figures
    then: Figures


def class_forecast(classroom: Classroom, now: datetime, then: datetime) -> list[TopicForecast]:
    """The forecast of each topic that has flashcards, in the topics' order."""
    students = list(classroom.memberships.values_list("student_id", flat=True))
    cards = Card.objects.filter(deck__is_published=True).filter(Q(fact__isnull=False) | Q(deck__topic__isnull=False))
    per_topic: dict[int, set[tuple[int, str]]] = defaultdict(set)
    for card in cards.select_related("deck", "fact").only("id", "deck__kind", "deck__topic_id", "fact__topic_id"):
        topic_id = card.fact.topic_id if card.fact_id else card.deck.topic_id
        per_topic[topic_id].update((card.pk, direction) for direction in directions_for(card.deck))
    states = CardState.objects.filter(
        user_id__in=students, card_id__in={pk for keys in per_topic.values() for pk, _d in keys}
    )
    by_key: dict[tuple[int, str], list[Memory]] = defaultdict(list)
    fields = ("card_id", "direction", "state", "step", "stability", "difficulty", "due", "last_review")
    for card_id, direction, *memory in states.values_list(*fields):
        by_key[card_id, direction].append(Memory(*memory))
    result = []
    for topic in Topic.objects.filter(pk__in=per_topic).order_by("position", "id"):
        keys = per_topic[topic.pk]
        memories = [m for key in keys for m in by_key.get(key, [])]
        items = len(keys) * len(students)
        result.append(
            TopicForecast(topic, len(keys), summarise(memories, items, now), summarise(memories, items, then))
        )
    return result


REVIEW_QUESTIONS = 10  # drawn at random from the topic for each attempt


def review_quiz(topic: Topic) -> Quiz:
    """The topic's review quiz (made once, named in every language): questions drawn from the topic."""
    from django.utils import translation
    from django.utils.translation import gettext

    from . import languages

    slug = f"review-{topic.slug}"[:50]
    quiz = Quiz.objects.filter(slug=slug).first()
    if quiz is not None:
        return quiz
    fields = {}
    for code in languages.codes():
        with translation.override(code):
            title = getattr(topic, f"title_{code}") or topic.title
            fields[f"title_{code}"] = gettext("Review: %(topic)s") % {"topic": title}
            fields[f"description_{code}"] = gettext("Questions drawn at random from the topic, to refresh it.")
    quiz = Quiz.objects.create(slug=slug, draw_count=REVIEW_QUESTIONS, feedback=Quiz.Feedback.IMMEDIATE, **fields)
    quiz.topics.set([topic])
    return quiz


def assign_review(*, classroom: Classroom, topic: Topic, due_at: datetime) -> Assignment:
    """Assign the topic's review quiz to the class, due at `due_at` (moved when it was assigned already)."""
    with transaction.atomic():
        quiz = review_quiz(topic)
        assignment, created = Assignment.objects.get_or_create(
            classroom=classroom, quiz=quiz, defaults={"due_at": due_at}
        )
        if not created and assignment.due_at != due_at:
            assignment.due_at = due_at
            assignment.save(update_fields=["due_at"])
    return assignment

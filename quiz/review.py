"""What a learner sees after answering and at the end: their answer beside the correct one, as the
question's kind shows it (quiz.kinds); the verdict and its points; the question map of an open
attempt; the result page's summary and the mistakes to learn from."""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.db.models import Prefetch
from django.utils.formats import get_format
from django.utils.translation import ngettext, pgettext

from .models import Attempt, Choice, Question, Response
from .ownership import Learner
from .studying import cards_waiting
from .taking import shown_choices

RIGHT, PARTIAL, WRONG, UNANSWERED = "right", "partial", "wrong", "unanswered"


def review_of(question: Question, choices, response: Response | None) -> dict:
    return question.kind_handler.review(question, choices, response.answer if response else {})


def outcome(response: Response | None) -> str:
    """right / partial / wrong / unanswered: what a verdict and a result tile show."""
    if response is None:
        return UNANSWERED
    if response.is_correct:
        return RIGHT
    return PARTIAL if response.points > 0 else WRONG


def points_phrase(score: float, total: float) -> str:
    """The points as words: "1 point out of 1", "2 points out of 3", «5 баллов из 10», «0,67 балла из 1».

    The plural follows the points earned (Russian agrees the noun with the number before it). A
    fractional number takes its own message: English says "0.5 points", Russian «0,5 балла», which
    no integer plural rule gives. Numbers are written the language's way (floatformat localises)."""
    score = round(float(score), 2)
    numbers = {"score": short_number(score), "total": short_number(total)}
    if score.is_integer():
        return ngettext("%(score)s point out of %(total)s", "%(score)s points out of %(total)s", int(score)) % numbers
    return pgettext("a fractional number of points", "%(score)s points out of %(total)s") % numbers


def short_number(value, places: int = 2) -> str:
    """At most `places` decimals, no trailing zeros, the language's decimal mark: 1961, 2.5, «0,67»
    (floatformat would write 2.50, and a stored "1961.0" as it is). Empty for what is not a number."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ""
    if not number.is_finite():
        return ""
    text = f"{round(number, places):.{places}f}".rstrip("0").rstrip(".") if places else f"{round(number):d}"
    return text.replace(".", get_format("DECIMAL_SEPARATOR"))


def iso_duration(delta: timedelta | None) -> str:
    """The machine-readable form for <time datetime="…">: PT4M12S."""
    seconds = max(0, int(delta.total_seconds())) if delta else 0
    return f"PT{seconds // 60}M{seconds % 60}S"


@dataclass(frozen=True)
class MapTile:
    number: int
    status: str  # "answered", "skipped" (passed over: a later question was reached) or "todo"
    current: bool
    url: str
    label: str  # what a screen reader says for it (the icon is hidden from it)

    @property
    def icon(self) -> str:
        return {"answered": "●", "skipped": "○"}.get(self.status, "")


def question_map(attempt: Attempt, answered_ids: set[int], current: int, urls: list[str]) -> list[MapTile]:
    """One tile per question of an open attempt (`urls`: each question's address, in order). A
    question is "skipped" when it has no answer and the learner has gone past it (a later one is
    current or answered); "todo" when not reached yet. Only answered or not: the map never tells
    right from wrong, so it leaks nothing in a quiz whose feedback waits for the end."""
    said = {
        "answered": pgettext("question map", "answered"),
        "skipped": pgettext("question map", "skipped"),
        "todo": pgettext("question map", "not answered yet"),
    }
    this_one = pgettext("question map", "this question")
    furthest = current
    for number, question_id in enumerate(attempt.question_ids, start=1):
        if question_id in answered_ids:
            furthest = max(furthest, number)
    tiles = []
    for (number, question_id), url in zip(enumerate(attempt.question_ids, start=1), urls, strict=True):
        status = _tile_status(question_id in answered_ids, number < furthest)
        label = f"{said[status]}, {this_one}" if number == current else said[status]
        tiles.append(MapTile(number, status, number == current, url, label))
    return tiles


def _tile_status(answered: bool, passed_over: bool) -> str:
    if answered:
        return "answered"
    return "skipped" if passed_over else "todo"


def first_unanswered(attempt: Attempt, answered_ids: set[int], after: int = 0) -> int | None:
    """The first unanswered question after `after` (wrapping round to the start), or None."""
    numbers = list(range(after + 1, attempt.question_total + 1)) + list(range(1, after + 1))
    return next((n for n in numbers if attempt.question_id_at(n) not in answered_ids), None)


@dataclass
class ResultItem:
    number: int
    question: Question
    response: Response | None
    review: dict
    waiting: dict | None  # flashcards of this question's fact due now: {"count", "deck_slug"}

    @property
    def outcome(self) -> str:
        return outcome(self.response)

    @property
    def is_mistake(self) -> bool:
        return self.outcome != RIGHT


@dataclass
class ResultSummary:
    items: list[ResultItem]
    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self):
        self.counts = {key: 0 for key in (RIGHT, PARTIAL, WRONG, UNANSWERED)}
        for item in self.items:
            self.counts[item.outcome] += 1

    @property
    def mistakes(self) -> list[ResultItem]:
        return [item for item in self.items if item.is_mistake]


def result_of(attempt: Attempt) -> ResultSummary:
    """The review of a finished attempt, question by question in the order asked, with the choices
    in the order the learner saw them and the flashcards each mistake's fact has due. A fixed number
    of queries, whatever the quiz's size (tests/test_result_page.py)."""
    questions = (
        Question.objects.filter(pk__in=attempt.question_ids)
        .select_related("fact")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("position", "id")))
    )
    by_id = {q.pk: q for q in questions}
    responses = {r.question_id: r for r in attempt.responses.all()}
    # Flashcards a wrong answer made due (quiz.scheduling.bring_back_missed), per fact: one query.
    waiting = cards_waiting(Learner.owning(attempt), [q.fact_id for q in by_id.values()])
    items = []
    for number, question_id in enumerate(attempt.question_ids, start=1):
        question = by_id.get(question_id)
        if question is None:  # deleted since; the other questions keep their numbers
            continue
        response = responses.get(question_id)
        review = review_of(question, shown_choices(attempt, question), response)
        items.append(ResultItem(number, question, response, review, waiting.get(question.fact_id)))
    return ResultSummary(items)


def decks_to_study(items: list[ResultItem]) -> dict[str, int]:
    """Deck slug → how many of its flashcards a wrong answer made due (each fact counted once)."""
    seen, decks = set(), {}
    for item in items:
        if item.waiting and item.is_mistake and item.question.fact_id not in seen:
            seen.add(item.question.fact_id)
            decks[item.waiting["deck_slug"]] = decks.get(item.waiting["deck_slug"], 0) + item.waiting["count"]
    return decks

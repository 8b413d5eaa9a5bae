"""Question statistics as Moodle's quiz statistics report computes them, from plain data: no
database, no request (quiz.reports loads the rows).

- Facility: the average score on the question, 0 to 1 (for 0/1 questions, the share answered right).
- Discrimination index: the Pearson correlation between the score on the question and the score on
  the rest of the test (the attempt's total without this question, as a share of the rest's maximum),
  over the attempts that answered it. Near 1: the students who did well overall got it right; near 0
  or below: it does not tell strong students from weak ones, often because it is ambiguous or keyed wrong.
- The commonest wrong answers: the wrong choices (or numbers, or typed answers) picked most often.

Every figure is given over all answers and split by the language the question was shown in, so a
translation that makes a question easier or harder stands out.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from math import sqrt

from . import kinds, languages

COMMON_WRONG = 3  # wrong answers listed per question and language
LOW_FACILITY = 0.2  # below: too hard, or the key is wrong
HIGH_FACILITY = 0.95  # above: too easy to tell anyone apart
LOW_DISCRIMINATION = 0.1
# With fewer answers a figure is mostly noise (at 10 answers a correlation still wanders by ±0.3),
# so it raises no flag; the figure is shown all the same.
MIN_RESPONSES = 10
# Facility differing this much between the languages points at the translation, provided chance
# alone is unlikely to explain it (a two-proportion z-test, |z| ≥ 2.58: with 160 questions, 1.96 would
# flag about eight translations by chance) and each side has 5 answers.
LANGUAGE_GAP = 0.25
GAP_Z = 2.58
GAP_MIN_RESPONSES = 5

HARD, EASY, WEAK, GAP = "hard", "easy", "weak", "gap"


@dataclass(frozen=True)
class Answer:
    """One response in a finished attempt."""

    attempt_id: int
    question_id: int
    points: float  # 0 to 1
    language: str
    wrong: tuple = ()  # what it picked that is wrong: choice ids, or the number typed


@dataclass(frozen=True)
class Stats:
    responses: int
    facility: float | None
    discrimination: float | None
    top_wrong: object | None  # a choice id or a number
    top_wrong_count: int
    flags: tuple[str, ...]
    # The few commonest wrong answers with their counts, commonest first: for a typed question the
    # misspellings and near misses teachers want to see, in the language they were typed in.
    common_wrong: tuple[tuple[object, int], ...] = ()


@dataclass(frozen=True)
class QuestionStats:
    question_id: int
    overall: Stats
    by_language: dict[str, Stats]
    flags: tuple[str, ...]  # the overall flags, each language's, and GAP


def pearson(xs: list[float], ys: list[float]) -> float | None:
    """The correlation coefficient, or None when either side does not vary (it is undefined then)."""
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx < 1e-12 or syy < 1e-12:
        return None
    return sxy / sqrt(sxx * syy)


def rest_of_test(answer: Answer, totals: Mapping[int, tuple[float, float]]) -> float | None:
    """The attempt's score without this question, as a share of the rest's maximum (0 to 1).
    Attempts of different lengths (random draws) stay comparable that way."""
    score, max_score = totals[answer.attempt_id]
    if max_score <= 1:
        return None
    return (score - answer.points) / (max_score - 1)


@dataclass(frozen=True)
class Sums:
    """What a group's figures are computed from; sums add up, so the database can compute them per
    question and language (quiz.reports) and the overall group is the sum of the languages'.
    x is the score on the question, y the rest of the test (only for answers that have one)."""

    n: int = 0
    points: float = 0.0
    pairs: int = 0
    x: float = 0.0
    y: float = 0.0
    xy: float = 0.0
    xx: float = 0.0
    yy: float = 0.0

    def __add__(self, other: "Sums") -> "Sums":
        return Sums(*(a + b for a, b in zip(self.astuple(), other.astuple(), strict=True)))

    def astuple(self) -> tuple:
        return (self.n, self.points, self.pairs, self.x, self.y, self.xy, self.xx, self.yy)

    @classmethod
    def of(cls, answers: list[Answer], totals: Mapping[int, tuple[float, float]]) -> "Sums":
        pairs = [(a.points, rest) for a in answers if (rest := rest_of_test(a, totals)) is not None]
        return cls(
            n=len(answers),
            points=sum(a.points for a in answers),
            pairs=len(pairs),
            x=sum(x for x, _y in pairs),
            y=sum(y for _x, y in pairs),
            xy=sum(x * y for x, y in pairs),
            xx=sum(x * x for x, _y in pairs),
            yy=sum(y * y for _x, y in pairs),
        )

    @property
    def discrimination(self) -> float | None:
        """Pearson's r from the sums; None when either side does not vary. The spreads are
        differences of large sums, so "does not vary" allows for rounding relative to their size."""
        n = self.pairs
        if n < 2:
            return None
        sxx = self.xx - self.x * self.x / n
        syy = self.yy - self.y * self.y / n
        sxy = self.xy - self.x * self.y / n
        if sxx <= 1e-12 + 1e-9 * self.xx or syy <= 1e-12 + 1e-9 * self.yy:
            return None
        return max(-1.0, min(1.0, sxy / sqrt(sxx * syy)))


def group_stats(
    answers: list[Answer], totals: Mapping[int, tuple[float, float]], min_responses: int = MIN_RESPONSES
) -> Stats:
    wrong = Counter(pick for a in answers for pick in a.wrong)
    return stats_from_sums(Sums.of(answers, totals), tuple(wrong.most_common(COMMON_WRONG)), min_responses)


def stats_from_sums(sums: Sums, common: tuple = (), min_responses: int = MIN_RESPONSES) -> Stats:
    """A group's figures and flags; `common` is its commonest wrong answers with their counts."""
    n = sums.n
    if not n:
        return Stats(0, None, None, None, 0, ())
    facility = sums.points / n
    discrimination = sums.discrimination
    top_wrong, top_count = common[0] if common else (None, 0)
    flags = []
    if n >= min_responses:
        if facility < LOW_FACILITY:
            flags.append(HARD)
        if facility > HIGH_FACILITY:
            flags.append(EASY)
        if discrimination is not None and discrimination < LOW_DISCRIMINATION:
            flags.append(WEAK)
    return Stats(n, facility, discrimination, top_wrong, top_count, tuple(flags), common)


def question_stats(
    question_id: int,
    by_language: Mapping[str, Sums],
    codes: tuple[str, ...] | None = None,
    common: Mapping[str, tuple] | None = None,
    min_responses: int = MIN_RESPONSES,
) -> QuestionStats:
    """One question's figures from its sums per language answered in (the overall group is their
    total, answers in a language the site no longer has included); `common` maps "all" and each
    language code to its commonest wrong answers."""
    codes = codes or tuple(languages.codes())
    common = common or {}
    total = sum(by_language.values(), Sums())
    overall = stats_from_sums(total, common.get("all", ()), min_responses)
    split = {
        lang: stats_from_sums(by_language.get(lang, Sums()), common.get(lang, ()), min_responses) for lang in codes
    }
    flags = list(overall.flags)
    for stats in split.values():
        flags += [flag for flag in stats.flags if flag not in flags]
    if language_gap(list(split.values())):
        flags.append(GAP)
    return QuestionStats(question_id, overall, split, tuple(flags))


def most_common(counts: Mapping) -> tuple[tuple[object, int], ...]:
    """The COMMON_WRONG largest counts, ties in the order first met (as Counter.most_common)."""
    return tuple(Counter(counts).most_common(COMMON_WRONG))


def analyse(
    answers: Iterable[Answer],
    totals: Mapping[int, tuple[float, float]],
    codes: tuple[str, ...] | None = None,
    min_responses: int = MIN_RESPONSES,
) -> list[QuestionStats]:
    """Statistics per question, in the order the questions first appear in `answers`, split by the
    language answered in (`codes`, default: every language of the site).

    `totals` maps each attempt id to (score, maximum score) of the whole attempt.
    """
    codes = codes or tuple(languages.codes())
    by_question: dict[int, list[Answer]] = defaultdict(list)
    for answer in answers:
        by_question[answer.question_id].append(answer)
    result = []
    for question_id, group in by_question.items():
        sums = {lang: Sums.of([a for a in group if a.language == lang], totals) for lang in {a.language for a in group}}
        common = {"all": _common(group), **{lang: _common([a for a in group if a.language == lang]) for lang in codes}}
        result.append(question_stats(question_id, sums, codes, common, min_responses))
    return result


def _common(answers: list[Answer]) -> tuple:
    return tuple(Counter(pick for a in answers for pick in a.wrong).most_common(COMMON_WRONG))


def language_gap(groups: list[Stats]) -> bool:
    """True when the facility of the easiest and the hardest language differ by LANGUAGE_GAP or more
    and by more than chance explains (z-test of two proportions; scores between 0 and 1 vary no
    more than right/wrong answers do, so the test errs on the side of silence)."""
    groups = sorted((g for g in groups if g.responses >= GAP_MIN_RESPONSES), key=lambda g: g.facility)
    if len(groups) < 2:
        return False
    low, high = groups[0], groups[-1]
    gap = high.facility - low.facility
    pooled = (low.facility * low.responses + high.facility * high.responses) / (low.responses + high.responses)
    spread = sqrt(pooled * (1 - pooled) * (1 / low.responses + 1 / high.responses))
    return gap >= LANGUAGE_GAP and spread > 0 and gap / spread >= GAP_Z


def wrong_picks(kind: str, answer: dict, correct_ids: Iterable[int], is_correct: bool) -> tuple:
    """What an answer picked that is wrong, in a form that can be counted across answers."""
    return kinds.get(kind).wrong_picks(answer, correct_ids, is_correct)

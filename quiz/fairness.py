"""Is a question equally hard in every language for students of equal ability? Differential item
functioning (DIF) by the Mantel–Haenszel procedure, as ETS screens its tests (Holland & Thayer 1988;
Zwick, "A review of ETS differential item functioning assessment procedures", ETS RR-12-08).

Pure arithmetic on plain data: no database, no request (quiz.workspace loads the rows).

- The reference group answered in the first language of the site (English), the focal group in
  another (Russian). Students are matched by their score on the whole attempt, in bands of
  SCORE_BANDS (attempts of different lengths stay comparable as percentages).
- In each band k, a 2×2 table: reference right A, wrong B; focal right C, wrong D; N in all.
  The common odds ratio α = Σ(A·D/N) / Σ(B·C/N); ETS's delta scale Δ = −2.35·ln α. Negative Δ: the
  question is harder in the focal language for students who score alike.
- Its standard error by Robins, Breslow and Greenland (1986); the MH chi-square with the continuity
  correction tests α = 1.
- ETS categories: A (negligible) when |Δ| < 1 or the chi-square is not significant at 5 %; C (large)
  when |Δ| ≥ 1.5 and |Δ| is significantly above 1 (one-sided 5 %); B (moderate) otherwise.
- Below MIN_PER_GROUP answers in either language nothing is claimed (category None).
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from math import erfc, exp, log, sqrt

SCORE_BANDS = 10  # the matching bands: the attempt's percentage, in tenths
MIN_PER_GROUP = 20  # answers in each language before anything is claimed
DELTA_SCALE = -2.35  # ETS delta per unit of log odds ratio
Z_05_ONE_SIDED = 1.644854
A, B, C = "A", "B", "C"


@dataclass(frozen=True)
class ItemAnswer:
    attempt_id: int
    question_id: int
    language: str
    correct: bool


@dataclass(frozen=True)
class Table:
    """One band's 2×2 table."""

    ref_right: int = 0
    ref_wrong: int = 0
    focal_right: int = 0
    focal_wrong: int = 0

    @property
    def total(self) -> int:
        return self.ref_right + self.ref_wrong + self.focal_right + self.focal_wrong


@dataclass(frozen=True)
class Dif:
    question_id: int
    reference: str
    focal: str
    n_reference: int
    n_focal: int
    odds_ratio: float | None
    delta: float | None
    delta_se: float | None
    chi2: float | None
    p_value: float | None
    category: str | None  # A, B, C; None: too few answers, or no band where both groups differ

    @property
    def flagged(self) -> bool:
        return self.category in (B, C)

    @property
    def harder_in(self) -> str | None:
        """The language the question is harder in, when flagged."""
        if not self.flagged:
            return None
        return self.focal if self.delta < 0 else self.reference


def band(score: float, max_score: float, bands: int = SCORE_BANDS) -> int:
    """The matching band of an attempt's score: 0 … bands (a perfect score is a band of its own)."""
    return int(bands * score / max_score) if max_score else 0


def mantel_haenszel(tables: Iterable[Table]) -> dict | None:
    """The MH common odds ratio, its log's RBG standard error and the corrected MH chi-square, or
    None when no band has both groups or the ratio is 0 or infinite."""
    tables = [t for t in tables if t.total > 1 and t.ref_right + t.ref_wrong and t.focal_right + t.focal_wrong]
    if not tables:
        return None
    r = s = 0.0  # Σ A·D/N, Σ B·C/N
    pr = ps_qr = qs = 0.0  # the RBG sums
    a_sum = expected = variance = 0.0
    for t in tables:
        a, b, c, d, n = t.ref_right, t.ref_wrong, t.focal_right, t.focal_wrong, t.total
        rk, sk = a * d / n, b * c / n
        pk, qk = (a + d) / n, (b + c) / n
        r, s = r + rk, s + sk
        pr, ps_qr, qs = pr + pk * rk, ps_qr + pk * sk + qk * rk, qs + qk * sk
        n_ref, n_focal, right, wrong = a + b, c + d, a + c, b + d
        a_sum += a
        expected += n_ref * right / n
        variance += n_ref * n_focal * right * wrong / (n * n * (n - 1))
    if r == 0 or s == 0:
        return None
    log_or = log(r / s)
    se = sqrt(pr / (2 * r * r) + ps_qr / (2 * r * s) + qs / (2 * s * s))
    chi2 = max(0.0, abs(a_sum - expected) - 0.5) ** 2 / variance if variance > 0 else 0.0
    return {
        "odds_ratio": exp(log_or),
        "log_odds_ratio": log_or,
        "log_se": se,
        "chi2": chi2,
        "p_value": erfc(sqrt(chi2 / 2)),
    }


def ets_category(delta: float, delta_se: float, p_value: float) -> str:
    size = abs(delta)
    if size < 1 or p_value >= 0.05:
        return A
    if size >= 1.5 and (size - 1) / delta_se > Z_05_ONE_SIDED:
        return C
    return B


def analyse(
    answers: Iterable[ItemAnswer],
    totals: Mapping[int, tuple[float, float]],
    reference: str,
    focal: str,
    min_per_group: int = MIN_PER_GROUP,
) -> list[Dif]:
    """DIF of every question answered in both languages, in the order the questions first appear.
    `totals` maps an attempt id to (score, maximum score) of the whole attempt."""
    cells: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0, 0]))
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for answer in answers:
        if answer.language not in (reference, focal) or answer.attempt_id not in totals:
            continue
        focal_side = answer.language == focal
        k = band(*totals[answer.attempt_id])
        cells[answer.question_id][k][2 * focal_side + (not answer.correct)] += 1
        counts[answer.question_id][focal_side] += 1
    results = []
    for question_id, by_band in cells.items():
        n_ref, n_focal = counts[question_id]
        figures = None
        if n_ref >= min_per_group and n_focal >= min_per_group:
            figures = mantel_haenszel(Table(*cell) for cell in by_band.values())
        if figures is None:
            results.append(Dif(question_id, reference, focal, n_ref, n_focal, None, None, None, None, None, None))
            continue
        delta = DELTA_SCALE * figures["log_odds_ratio"]
        delta_se = abs(DELTA_SCALE) * figures["log_se"]
        category = ets_category(delta, delta_se, figures["p_value"])
        results.append(
            Dif(
                question_id,
                reference,
                focal,
                n_ref,
                n_focal,
                figures["odds_ratio"],
                delta,
                delta_se,
                figures["chi2"],
                figures["p_value"],
                category,
            )
        )
    return results

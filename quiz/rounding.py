"""Whole numbers as people read them: halves round up (2.5 points → 3, 62.5 % → 63 %), not Python's
round-half-to-even, which would show a child 2 points for 2.5. Used wherever a score or share is
shown as a whole number."""

from decimal import ROUND_HALF_UP, Decimal


def whole(value: float) -> int:
    return int(Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent(score: float | None, max_score: float | None) -> int | None:
    """The share as a whole percentage; None when there is nothing to divide by."""
    if score is None or not max_score:
        return None
    return whole(100 * score / max_score)

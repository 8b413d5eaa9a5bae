"""Grading, with no database and no request: plain data in, points out.

An answer is a dict: {"choices": [ids]} for single, multiple and true_false; {"number": "1975"} for
number; {"order": [ids, first to last]} for order. Points run from 0 to 1 per question.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import combinations


@dataclass(frozen=True)
class Key:
    """What a question's correct answer is: its kind, its choices and, for numbers, the target."""

    kind: str
    correct_ids: frozenset[int] = frozenset()
    positions: dict[int, int] | None = None  # choice id → correct place, for order questions
    number: Decimal | None = None
    tolerance: Decimal = Decimal(0)


@dataclass(frozen=True)
class Grade:
    points: float
    is_correct: bool


def grade(key: Key, answer: dict) -> Grade:
    if key.kind in ("single", "true_false"):
        return _grade_single(key, answer.get("choices", []))
    if key.kind == "multiple":
        return _grade_multiple(key, answer.get("choices", []))
    if key.kind == "number":
        return _grade_number(key, answer.get("number"))
    if key.kind == "order":
        return _grade_order(key, answer.get("order", []))
    raise ValueError(f"unknown question kind {key.kind!r}")


def _grade_single(key: Key, chosen: list[int]) -> Grade:
    right = len(chosen) == 1 and chosen[0] in key.correct_ids
    return Grade(1.0 if right else 0.0, right)


def _grade_multiple(key: Key, chosen: list[int]) -> Grade:
    """Each correct choice ticked earns a share; each wrong one ticked takes a share back."""
    picked = set(chosen)
    hits = len(picked & key.correct_ids)
    misses = len(picked - key.correct_ids)
    points = max(0.0, (hits - misses) / len(key.correct_ids)) if key.correct_ids else 0.0
    return Grade(round(points, 4), picked == key.correct_ids)


def _grade_number(key: Key, value) -> Grade:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return Grade(0.0, False)
    if not number.is_finite() or key.number is None:
        return Grade(0.0, False)
    right = abs(number - key.number) <= key.tolerance
    return Grade(1.0 if right else 0.0, right)


def _grade_order(key: Key, order: list[int]) -> Grade:
    """Partial credit: the share of pairs of items that stand in the right order."""
    positions = key.positions or {}
    if sorted(order) != sorted(positions):
        return Grade(0.0, False)
    pairs = list(combinations(order, 2))
    if not pairs:
        return Grade(1.0, True)
    right = sum(1 for first, second in pairs if positions[first] < positions[second])
    points = right / len(pairs)
    return Grade(round(points, 4), right == len(pairs))

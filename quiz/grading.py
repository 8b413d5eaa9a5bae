"""Grading, with no database and no request: plain data in, points out.

Each kind grades its own answers (quiz.kinds); this is the one entry point. An answer is a dict:
{"choices": [ids]} for single, multiple and true_false; {"number": "1975"} for number; {"order":
[ids, first to last]} for order. Points run from 0 to 1 per question.
"""

from . import kinds
from .kinds import Grade, Key

__all__ = ["Grade", "Key", "grade"]


def grade(key: Key, answer: dict) -> Grade:
    try:
        kind = kinds.get(key.kind)
    except KeyError:
        raise ValueError(f"unknown question kind {key.kind!r}") from None
    return kind.grade(key, answer)

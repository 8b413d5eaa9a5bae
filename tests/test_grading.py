"""Grading is pure: plain keys and answers in, points out — no database."""

from decimal import Decimal

import pytest

from quiz.grading import Key, grade


def test_single_right_and_wrong():
    key = Key(kind="single", correct_ids=frozenset({2}))
    assert grade(key, {"choices": [2]}).points == 1.0
    assert grade(key, {"choices": [2]}).is_correct is True
    assert grade(key, {"choices": [3]}).points == 0.0
    assert grade(key, {"choices": []}).is_correct is False


def test_single_with_two_choices_ticked_is_wrong():
    assert grade(Key(kind="single", correct_ids=frozenset({2})), {"choices": [2, 3]}).points == 0.0


def test_true_false_grades_like_single():
    key = Key(kind="true_false", correct_ids=frozenset({10}))
    assert grade(key, {"choices": [10]}).is_correct is True
    assert grade(key, {"choices": [11]}).is_correct is False


@pytest.mark.parametrize(
    ("chosen", "points", "correct"),
    [
        ([1, 2, 3], 1.0, True),  # all three right ones
        ([1, 2], 0.6667, False),  # two of three
        ([1, 2, 3, 4], 0.6667, False),  # all right ones and a wrong one: one share taken back
        ([1, 4], 0.0, False),  # one right, one wrong
        ([4], 0.0, False),  # never below zero
        ([], 0.0, False),
    ],
)
def test_multiple_gives_shares_and_takes_back_for_wrong_ticks(chosen, points, correct):
    key = Key(kind="multiple", correct_ids=frozenset({1, 2, 3}))
    result = grade(key, {"choices": chosen})
    assert result.points == points
    assert result.is_correct is correct


@pytest.mark.parametrize(
    ("given", "correct"),
    [
        ("1975", True),
        ("1975.0", True),
        ("1974", False),
        ("1976", False),
        ("abc", False),
        (None, False),
        ("NaN", False),
        ("Infinity", False),
    ],
)
def test_number_exact(given, correct):
    key = Key(kind="number", number=Decimal("1975"), tolerance=Decimal("0"))
    assert grade(key, {"number": given}).is_correct is correct


def test_number_within_tolerance():
    key = Key(kind="number", number=Decimal("34"), tolerance=Decimal("4"))
    assert grade(key, {"number": "30"}).is_correct is True
    assert grade(key, {"number": "38"}).is_correct is True
    assert grade(key, {"number": "29.9"}).is_correct is False
    assert grade(key, {"number": "38.01"}).points == 0.0


def test_order_all_right():
    key = Key(kind="order", positions={7: 1, 8: 2, 9: 3, 10: 4})
    assert grade(key, {"order": [7, 8, 9, 10]}).points == 1.0
    assert grade(key, {"order": [7, 8, 9, 10]}).is_correct is True


def test_order_partial_credit_is_share_of_ordered_pairs():
    key = Key(kind="order", positions={7: 1, 8: 2, 9: 3, 10: 4})
    # Swapping the last two breaks one of the six pairs.
    assert grade(key, {"order": [7, 8, 10, 9]}).points == round(5 / 6, 4)
    # Fully reversed: no pair is right.
    assert grade(key, {"order": [10, 9, 8, 7]}).points == 0.0
    assert grade(key, {"order": [7, 8, 10, 9]}).is_correct is False


def test_order_with_foreign_or_missing_items_scores_nothing():
    key = Key(kind="order", positions={7: 1, 8: 2, 9: 3})
    assert grade(key, {"order": [7, 8]}).points == 0.0
    assert grade(key, {"order": [7, 8, 99]}).points == 0.0
    assert grade(key, {"order": [7, 7, 8]}).points == 0.0


def test_unknown_kind_is_an_error():
    with pytest.raises(ValueError, match="unknown question kind"):
        grade(Key(kind="essay"), {})

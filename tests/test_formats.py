"""Dates, numbers and plurals as each language writes them, on the pages students see."""

import datetime

import pytest
from django.utils import translation
from django.utils.formats import date_format

from quiz.review import short_number
from tests.factories import make_classroom, make_fact, make_question, make_quiz, make_user

HANDOVER = datetime.date(1963, 9, 20)  # Kennedy's speech at the UN


@pytest.mark.parametrize(("lang", "expected"), [("en", "20 September 1963"), ("ru", "20 сентября 1963 г.")])
def test_dates_read_day_month_year(lang, expected):
    with translation.override(lang):
        assert date_format(HANDOVER, "DATE_FORMAT") == expected
        assert "Sept." not in date_format(datetime.datetime(1963, 9, 20, 11, 30), "DATETIME_FORMAT")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Assigned to your class “7A”, due 7 December 2026, 12:00 (UTC)</li>"),
        ("ru", "Задано вашему классу «7A», срок: 7 декабря 2026 г., 12:00 (UTC)</li>"),
    ],
)
def test_a_due_date_ends_its_line_without_a_second_full_stop(client, lang, expected):
    student = make_user()
    quiz = make_quiz([make_question()])
    make_classroom(
        name="7A", students=[student], quizzes=[quiz], due_at=datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC)
    )
    client.force_login(student)
    page = client.get(f"/{lang}/quizzes/{quiz.slug}/").content.decode()
    assert expected in page
    assert "г.." not in page and "2026." not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "· 20 September 1963</time>"), ("ru", "· 20 сентября 1963 г.</time>")]
)
def test_the_fact_under_an_answer_carries_its_date(client, lang, expected):
    question = make_question(fact=make_fact(happened_on=HANDOVER))
    client.post(f"/{lang}/quizzes/{make_quiz([question]).slug}/")
    from quiz.models import Attempt

    attempt = Attempt.objects.get()
    client.post(f"/{lang}/attempts/{attempt.public_id}/finish/")
    page = client.get(f"/{lang}/attempts/{attempt.public_id}/result/").content.decode()
    assert '<time datetime="1963-09-20">' + expected.split("· ")[1] in page
    assert "г.." not in page


@pytest.mark.parametrize(
    ("value", "en", "ru"),
    [
        ("1961.0", "1961", "1961"),
        ("34.500", "34.5", "34,5"),
        (0.6667, "0.67", "0,67"),
        (10, "10", "10"),
        ("not a number", "", ""),
        (None, "", ""),
        ("NaN", "", ""),
    ],
)
def test_short_numbers_drop_trailing_zeros_and_use_the_decimal_mark(value, en, ru):
    with translation.override("en"):
        assert short_number(value) == en
    with translation.override("ru"):
        assert short_number(value) == ru


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "expected"), [("en", "2.5/5"), ("ru", "2,5/5")])
def test_my_progress_writes_a_fractional_score_the_languages_way(client, lang, expected):
    from tests.factories import make_attempt

    user = make_user()
    make_attempt(make_quiz([make_question() for _ in range(5)]), user=user, score=2.5)
    client.force_login(user)
    page = client.get(f"/{lang}/progress/").content.decode()
    assert f'<span class="cell-note">{expected}</span>' in page
    assert "2,50" not in page and "2.50" not in page

"""The timeline tells the mission in dated facts, grouped by period, in both languages."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quiz.models import Fact, Question
from tests.factories import make_fact, make_question, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def facts():
    topic = make_topic()
    dates = ["1975-07-17", "1963-09-20", "1995-06-29", "1975-07-15", "1974-12-02", "1972-05-24"]
    return [make_fact(topic, happened_on=day, title_en=f"Event of {day}", title_ru=f"Событие {day}") for day in dates]


def test_facts_appear_in_date_order_under_their_periods(client, facts):
    page = client.get("/en/timeline/").content.decode()
    positions = [
        page.index(f"Event of {day}")
        for day in ["1963-09-20", "1972-05-24", "1974-12-02", "1975-07-15", "1975-07-17", "1995-06-29"]
    ]
    assert positions == sorted(positions)
    headings = re.findall(r'<h2 id="chapter-(\w+)">', page)
    assert headings == ["road", "preparation", "flight", "after"]
    assert "17 July 1975" in page


def test_russian_timeline_uses_genitive_months(client, facts):
    page = client.get("/ru/timeline/").content.decode()
    assert "17 июля 1975 г." in page
    assert "20 сентября 1963 г." in page
    assert "Событие 1975-07-17" in page
    assert "Путь к сотрудничеству, 1963–1972" in page


def test_undated_facts_are_left_out(client, facts):
    make_fact(facts[0].topic, title_en="Timeless detail", happened_on=None)
    assert "Timeless detail" not in client.get("/en/timeline/").content.decode()


def test_fact_links_to_its_practice_questions(client, facts):
    fact = facts[0]
    make_question(fact=fact)
    make_question(fact=fact)
    page = client.get("/en/timeline/").content.decode()
    assert f'action="/en/facts/{fact.slug}/practice/"' in page
    assert "Practise 2 questions about this" in page


def test_practice_starts_an_attempt_of_that_facts_questions(client, facts):
    fact = facts[0]
    questions = [make_question(fact=fact), make_question(fact=fact), make_question(fact=facts[1])]
    response = client.post(f"/en/facts/{fact.slug}/practice/")
    from quiz.models import Attempt

    attempt = Attempt.objects.get()
    assert response["Location"] == f"/en/attempts/{attempt.public_id}/q/1/"
    assert sorted(attempt.question_ids) == sorted(q.pk for q in questions[:2])


def test_practice_of_a_fact_without_questions_is_404(client, facts):
    assert client.post(f"/en/facts/{facts[0].slug}/practice/").status_code == 404
    assert client.post("/en/facts/no-such-fact/practice/").status_code == 404


def test_timeline_query_count_does_not_grow_with_facts(client):
    topic = make_topic()
    make_fact(topic, happened_on=datetime.date(1975, 7, 17))
    with CaptureQueriesContext(connection) as few:
        client.get("/en/timeline/")
    for day in range(1, 29):
        fact = make_fact(topic, happened_on=datetime.date(1975, 2, day))
        make_question(fact=fact)
    with CaptureQueriesContext(connection) as many:
        client.get("/en/timeline/")
    assert len(few) == len(many) <= 10
    assert Fact.objects.count() == 29 and Question.objects.count() == 28

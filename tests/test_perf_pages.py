"""The timeline's content is rendered once per language and taken from the cache after that
(quiz.page_cache): the same page as before, each visitor's own CSRF token in its forms, and any
edit of what it shows seen on the next view."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from quiz.models import Attempt
from tests.factories import make_card, make_deck, make_fact, make_question, make_topic

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def fact():
    fact = make_fact(make_topic(), happened_on="1975-07-17", title_en="The handshake", title_ru="Рукопожатие")
    make_question(fact=fact)
    make_card(make_deck(), fact=fact)
    return fact


def queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        html = client.get(url).content.decode()
    return len(captured), html


def test_second_view_reads_no_content_and_shows_the_same_page(fact):
    first_queries, first = queries(Client(), "/en/timeline/")
    second_queries, second = queries(Client(), "/en/timeline/")
    # The facts, their questions, their cards and the topic filter's topics: all in the cached content.
    assert (first_queries, second_queries) == (4, 0)
    assert TOKEN.sub("", first) == TOKEN.sub("", second)
    assert "The handshake" in second and "Practise 1 question about this" in second and "Study 1 flashcard" in second
    assert "<!--timeline-content-->" not in first + second


def test_a_topics_part_of_the_timeline_is_not_served_from_the_whole_timelines_cache(fact):
    Client().get("/en/timeline/")  # fills the cache with the whole timeline
    other = make_topic(slug="other-topic", title_en="Something else")
    make_fact(topic=other, title_en="Another fact", happened_on=fact.happened_on)
    page_cache_forgotten = Client().get("/en/timeline/").content.decode()
    assert "Another fact" in page_cache_forgotten  # a new fact forgets the cached content
    only_other = Client().get("/en/timeline/?topic=other-topic").content.decode()
    assert "Another fact" in only_other and "The handshake" not in only_other


def test_each_visitor_gets_their_own_working_token(fact):
    Client().get("/en/timeline/")  # fills the cache
    visitor = Client(enforce_csrf_checks=True)
    html = visitor.get("/en/timeline/").content.decode()
    tokens = set(TOKEN.findall(html))
    assert len(tokens) == 1 and "\x00" not in html  # the layout's forms and the content's carry one token
    response = visitor.post(f"/en/facts/{fact.slug}/practice/", {"csrfmiddlewaretoken": tokens.pop()})
    assert response.status_code == 302 and Attempt.objects.count() == 1


def test_languages_are_cached_apart_and_edits_show_at_once(fact):
    client = Client()
    assert "The handshake" in client.get("/en/timeline/").content.decode()
    assert "Рукопожатие" in client.get("/ru/timeline/").content.decode()
    fact.title_en, fact.title_ru = "Handshake in orbit", "Рукопожатие на орбите"
    fact.save()
    assert "Handshake in orbit" in client.get("/en/timeline/").content.decode()
    assert "Рукопожатие на орбите" in client.get("/ru/timeline/").content.decode()
    make_fact(fact.topic, happened_on="1975-07-15", title_en="Launch day", title_ru="День запуска")
    assert "Launch day" in client.get("/en/timeline/").content.decode()


def test_cached_timeline_stays_private_for_a_known_learner(fact):
    from quiz.ownership import SESSION_KEY

    Client().get("/en/timeline/")  # fills the cache
    learner = Client()
    session = learner.session
    session[SESSION_KEY] = "cd" * 16
    session.save()
    response = learner.get("/en/timeline/")
    assert response["Cache-Control"] == "private, no-store"  # the layout names the learner's pages
    assert "Cache-Control" not in Client().get("/en/timeline/")  # a new visitor's copy may be kept

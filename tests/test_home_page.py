"""The home page: its quizzes and topics are rendered once per language and kept in quiz.page_cache;
the learner's own part (open quiz, cards due, daily goal, assignments) is read on every view."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quiz.models import CardState, Direction
from tests.factories import (
    make_attempt,
    make_classroom,
    make_deck,
    make_question,
    make_quiz,
    make_topic,
    make_user,
)

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def build_content(size: int) -> list:
    """`size` topics, each with a published question, a quiz drawing from it and a deck."""
    quizzes = []
    for _ in range(size):
        topic = make_topic()
        quiz = make_quiz([make_question(topic=topic)])
        quiz.topics.add(topic)
        make_deck(cards=1, topic=topic)
        quizzes.append(quiz)
    return quizzes


def busy_student(quiz):
    """A signed-in student with a quiz left open, two cards due, a finished quiz and an assignment."""
    student = make_user()
    make_attempt(quiz, user=student, score=1, finished_at=timezone.now() - datetime.timedelta(seconds=1))
    make_attempt(quiz, user=student, finished_at=False)
    deck = make_deck(cards=2)
    for card in deck.cards.all():
        CardState.objects.create(user=student, card=card, direction=Direction.FACT, due=timezone.now())
    make_classroom(students=[student], quizzes=[quiz], due_at=timezone.now() + datetime.timedelta(days=2))
    return student


def get(client, url="/en/") -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), TOKEN.sub("", response.content.decode())


def home_costs(size: int) -> tuple[int, int, int]:
    """Queries of a first view (fills the cache), an anonymous view and a busy student's view."""
    quizzes = build_content(size)
    client = Client()
    client.force_login(busy_student(quizzes[0]))
    first, _html = get(Client())
    anonymous, _html = get(Client())
    student, html = get(client)
    assert "2 cards due today" in html and "Your assignments" in html
    return first, anonymous, student


def test_home_costs_the_same_queries_for_2_and_12_topics_and_quizzes():
    small = home_costs(2)
    large = home_costs(12)
    assert small == large
    # The cached view reads no content; the student's adds the session, the user, the open quiz,
    # the cards due, the goals, the study history and the assignments.
    assert large == (3, 0, 7)  # were (3, 3, 10) before the cache


def test_the_cached_content_is_the_page_as_rendered_without_the_cache():
    build_content(3)
    _queries, first = get(Client())
    _queries, cached = get(Client())
    assert first == cached
    assert "Quiz: Quiz" in cached and "On the timeline" not in cached  # no dated facts yet


def test_languages_are_cached_apart():
    quiz = build_content(1)[0]
    english = get(Client(), "/en/")[1]
    russian = get(Client(), "/ru/")[1]
    assert quiz.title_en in english and quiz.title_ru not in english
    assert quiz.title_ru in russian and quiz.title_en not in russian
    assert get(Client(), "/ru/")[1] == russian and get(Client(), "/en/")[1] == english


def test_publishing_a_quiz_shows_it_in_both_languages():
    build_content(1)
    hidden = make_quiz([make_question()], is_published=False, title_en="Docking day", title_ru="День стыковки")
    assert "Docking day" not in get(Client(), "/en/")[1] and "День стыковки" not in get(Client(), "/ru/")[1]
    hidden.is_published = True
    hidden.save()
    assert "Docking day" in get(Client(), "/en/")[1]
    assert "День стыковки" in get(Client(), "/ru/")[1]


def test_editing_a_topic_or_a_quizs_topics_or_questions_shows_at_once():
    quiz = build_content(1)[0]
    topic = quiz.topics.get()
    get(Client())  # fills the cache
    topic.title_en = "Cold War rivals"
    topic.save()
    assert "Cold War rivals" in get(Client())[1]
    other = make_topic(title_en="The crews")
    get(Client())
    quiz.topics.add(other)  # no model saved: the m2m signal forgets the page
    assert f"Quiz: {quiz.title_en}</a></li>" in _topic_card(get(Client())[1], "The crews")
    question = make_question(topic=topic)
    assert "1 question</span>" in get(Client())[1]
    quiz.questions.add(question, through_defaults={"position": 2})
    assert "2 questions</span>" in get(Client())[1]


def _topic_card(html: str, title: str) -> str:
    """A topic's card, from its title to the end of its list of links."""
    start = html.index(f'<h3 class="card-title">{title}</h3>')
    return html[start : html.index("</ul>", start)]


def test_each_learner_sees_only_their_own_part_over_the_shared_content():
    quiz = build_content(2)[0]
    busy = Client()
    busy.force_login(busy_student(quiz))
    newcomer = Client()
    newcomer.force_login(make_user())
    busy_html = get(busy)[1]  # fills the cache while signed in as the busy student
    newcomer_html = get(newcomer)[1]
    assert "Continue your quiz" in busy_html and "2 cards due today" in busy_html
    assert 'id="assignments-heading"' in busy_html and "Done for today." in busy_html
    assert "Continue your quiz" not in newcomer_html and "cards due today" not in newcomer_html
    assert 'id="assignments-heading"' not in newcomer_html and "0 of 10 flashcards, or one quiz" in newcomer_html
    assert "Take a quiz, or read the story first" in newcomer_html
    assert quiz.title_en in newcomer_html  # the shared content, from the cache

"""The class memory forecast (quiz/forecast.py): FSRS retrievability per topic, never-studied cards
counted as unknown, and turning it into a review assignment."""

import datetime

import fsrs
import pytest
from pytest_django.asserts import assertContains

from quiz import forecast
from quiz.models import Assignment, CardState, Direction, Quiz
from tests.factories import make_card, make_classroom, make_deck, make_fact, make_question, make_teacher, make_user

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


def reviewed_state(card, user, days_ago: float, rating=fsrs.Rating.Good) -> CardState:
    """A card reviewed once, `days_ago` days before NOW, through the fsrs library itself."""
    when = NOW - datetime.timedelta(days=days_ago)
    scheduled, _log = fsrs.Scheduler(enable_fuzzing=False).review_card(fsrs.Card(card_id=1, due=when), rating, when)
    return CardState.objects.create(
        card=card,
        user=user,
        direction=Direction.FACT,
        state=int(scheduled.state),
        step=scheduled.step,
        stability=scheduled.stability,
        difficulty=scheduled.difficulty,
        due=scheduled.due,
        last_review=scheduled.last_review,
        reps=1,
    )


def test_retrievability_is_the_libraries_and_falls_with_time():
    card = fsrs.Card(card_id=1, due=NOW)
    reviewed, _log = fsrs.Scheduler().review_card(card, fsrs.Rating.Good, NOW)
    memory = forecast.Memory(
        int(reviewed.state), reviewed.step, reviewed.stability, reviewed.difficulty, reviewed.due, reviewed.last_review
    )
    later = NOW + datetime.timedelta(days=5)
    assert forecast.retrievability(memory, later) == pytest.approx(
        fsrs.Scheduler().get_card_retrievability(reviewed, later)
    )
    assert forecast.retrievability(memory, NOW) > forecast.retrievability(memory, later) > 0
    assert forecast.retrievability(forecast.Memory(1, 0, None, None, NOW, None), NOW) == 0


def test_never_studied_counts_as_unknown_not_remembered():
    memory = forecast.Memory(2, None, 30.0, 5.0, NOW, NOW)  # just reviewed: recall ≈ 1
    figures = forecast.summarise([memory], items=4, when=NOW)
    assert figures.unknown == 0.75
    assert figures.expected == pytest.approx(0.25, abs=0.01)  # one card of four, not 100 %
    assert figures.likely == 0.25


@pytest.fixture
def klass():
    teacher = make_teacher()
    anna, boris = make_user(), make_user()
    classroom = make_classroom(teacher, students=[anna, boris], name="7Б")
    fact = make_fact()
    make_question(fact=fact)
    deck = make_deck(topic=fact.topic)
    cards = [make_card(deck, fact=fact) for _ in range(2)]
    return {"teacher": teacher, "classroom": classroom, "topic": fact.topic, "cards": cards, "anna": anna}


def test_class_forecast_per_topic_today_and_later(klass):
    reviewed_state(klass["cards"][0], klass["anna"], days_ago=1)
    (row,) = forecast.class_forecast(klass["classroom"], NOW, NOW + datetime.timedelta(days=30))
    assert row.topic == klass["topic"] and row.cards == 2
    assert row.now.items == 4 and row.now.unknown == 0.75
    assert 0 < row.then.expected < row.now.expected <= 0.25


def test_forecast_page_in_both_languages(client, klass):
    reviewed_state(klass["cards"][0], klass["anna"], days_ago=1)
    client.force_login(klass["teacher"])
    url = f"/en/teach/classes/{klass['classroom'].pk}/forecast/"
    page = client.get(url, {"on": (datetime.date.today() + datetime.timedelta(days=10)).isoformat()})
    assertContains(page, "Memory forecast: 7Б")
    assertContains(page, "75%")  # never studied
    ru = client.get(f"/ru/teach/classes/{klass['classroom'].pk}/forecast/")
    assertContains(ru, "Прогноз памяти: 7Б")
    assertContains(
        client.get(url, {"on": "1999-01-01"}), "Choose a day from today to a year from now.", status_code=400
    )


def test_another_teacher_gets_404(client, klass):
    client.force_login(make_teacher())
    assert client.get(f"/en/teach/classes/{klass['classroom'].pk}/forecast/").status_code == 404
    response = client.post(
        f"/en/teach/classes/{klass['classroom'].pk}/forecast/assign/",
        {"topic": klass["topic"].pk, "due_date": "2030-01-10"},
    )
    assert response.status_code == 404 and not Assignment.objects.exists()


def test_turning_the_forecast_into_a_review_assignment(client, klass):
    client.force_login(klass["teacher"])
    url = f"/ru/teach/classes/{klass['classroom'].pk}/forecast/assign/"
    response = client.post(url, {"topic": klass["topic"].pk, "due_date": "2030-01-10"}, follow=True)
    quiz = Quiz.objects.get(slug=f"review-{klass['topic'].slug}")
    assert (quiz.title_en, quiz.title_ru) == (
        f"Review: {klass['topic'].title_en}",
        f"Повторение: {klass['topic'].title_ru}",
    )
    assert list(quiz.topics.all()) == [klass["topic"]] and quiz.draw_count == forecast.REVIEW_QUESTIONS
    assignment = Assignment.objects.get()
    assert (assignment.classroom, assignment.quiz) == (klass["classroom"], quiz)
    assert (
        assignment.due_at == datetime.datetime(2030, 1, 10, 20, 59, tzinfo=datetime.UTC)
        or klass["classroom"].time_zone == "UTC"
    )
    assertContains(response, "повторить")
    # Again, another day: the same assignment moves, no second quiz.
    client.post(url, {"topic": klass["topic"].pk, "due_date": "2030-01-12"})
    assert Quiz.objects.filter(slug__startswith="review-").count() == 1
    assert Assignment.objects.get().due_at.date() == datetime.date(2030, 1, 12)


def test_a_topic_without_questions_cannot_be_assigned(client, klass):
    empty = make_deck(topic=make_fact().topic)
    client.force_login(klass["teacher"])
    response = client.post(
        f"/en/teach/classes/{klass['classroom'].pk}/forecast/assign/",
        {"topic": empty.topic_id, "due_date": "2030-01-10"},
    )
    assertContains(response, "That topic has no questions to review.", status_code=400)

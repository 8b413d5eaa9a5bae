"""Tampered answers: a clear message in the learner's language or a 404, never a 500, nothing stored."""

import pytest
import time_machine
from django.test import Client

from quiz.models import Attempt, Question, Response
from tests.factories import answer_post, choice_tokens, correct_post, make_question, make_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def single():
    return make_question(Question.Kind.SINGLE)


def start(client, quiz, lang="en") -> Attempt:
    client.post(f"/{lang}/quizzes/{quiz.slug}/")
    return Attempt.objects.latest("started_at")


def post(client, attempt, data, lang="en", number=1):
    return client.post(f"/{lang}/attempts/{attempt.public_id}/q/{number}/", data)


@pytest.mark.parametrize(
    ("lang", "data", "message"),
    [
        ("en", {}, "Choose an answer."),
        ("ru", {}, "Выберите ответ."),
        ("en", {"choice": "999999"}, "That answer is not one of this question&#x27;s choices."),
        ("ru", {"choice": "999999"}, "Такого варианта у этого вопроса нет."),
        ("en", {"choice": "abc"}, "That answer is not one of this question&#x27;s choices."),
    ],
)
def test_bad_single_answer_shows_the_question_again(client, single, lang, data, message):
    attempt = start(client, make_quiz([single]), lang)
    response = post(client, attempt, data, lang)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Response.objects.count() == 0


def test_choice_of_another_question_is_refused(client, single):
    other = make_question(Question.Kind.SINGLE)
    attempt = start(client, make_quiz([single]))
    foreign = other.choices.get(is_correct=True)
    response = post(client, attempt, {"choice": choice_tokens(other, attempt)[foreign.pk]})
    assert response.status_code == 400
    assert "not one of this question" in response.content.decode()
    assert Response.objects.count() == 0


@pytest.mark.parametrize(
    ("lang", "value", "message"),
    [
        ("en", "nineteen seventy-five", "Type a number, for example 1975."),
        ("ru", "тысяча", "Введите число, например 1975."),
        ("en", "1e999999", "Ensure that there are no more than 12 digits in total."),
        ("en", "", "Type a number."),
    ],
)
def test_text_where_a_number_belongs(client, lang, value, message):
    question = make_question(Question.Kind.NUMBER)
    attempt = start(client, make_quiz([question]), lang)
    response = post(client, attempt, {"number": value}, lang)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Response.objects.count() == 0


def test_russian_decimal_comma_is_accepted(client):
    question = make_question(Question.Kind.NUMBER, number_answer="34.5", number_tolerance="0")
    attempt = start(client, make_quiz([question]), "ru")
    assert post(client, attempt, {"number": "34,5"}, "ru").status_code == 302
    assert Response.objects.get().is_correct is True


def test_order_with_the_same_place_twice_is_refused(client):
    question = make_question(Question.Kind.ORDER)
    attempt = start(client, make_quiz([question]))
    data = {f"place_{token}": 1 for token in choice_tokens(question, attempt).values()}
    response = post(client, attempt, data)
    assert response.status_code == 400
    assert "Give each item a different place" in response.content.decode()
    assert Response.objects.count() == 0


def test_order_with_a_place_out_of_range_is_refused(client):
    question = make_question(Question.Kind.ORDER)
    attempt = start(client, make_quiz([question]))
    data = {f"place_{token}": n for n, token in enumerate(choice_tokens(question, attempt).values(), start=7)}
    assert post(client, attempt, data).status_code == 400
    assert Response.objects.count() == 0


def test_answering_twice_keeps_the_first_answer(client, single):
    attempt = start(client, make_quiz([single]))
    wrong = single.choices.filter(is_correct=False).first()
    post(client, attempt, answer_post(single, attempt, [wrong]))
    second = post(client, attempt, correct_post(single, attempt))
    assert second.status_code == 409
    assert "You have already answered this question." in second.content.decode()
    assert Response.objects.get().is_correct is False


def test_post_to_a_finished_attempt_changes_nothing(client, single):
    attempt = start(client, make_quiz([single]))
    client.post(f"/en/attempts/{attempt.public_id}/finish/")
    response = post(client, attempt, correct_post(single, attempt))
    assert response.status_code == 409
    assert "This attempt is finished" in response.content.decode()
    assert Response.objects.count() == 0


def test_post_to_a_finished_attempt_in_russian(client, single):
    attempt = start(client, make_quiz([single]), "ru")
    client.post(f"/ru/attempts/{attempt.public_id}/finish/")
    response = post(client, attempt, correct_post(single, attempt), "ru")
    assert "Эта попытка завершена" in response.content.decode()


def test_someone_elses_attempt_is_404(client, single):
    attempt = start(client, make_quiz([single]))
    stranger = Client()
    assert stranger.get(f"/en/attempts/{attempt.public_id}/q/1/").status_code == 404
    assert post(stranger, attempt, correct_post(single, attempt)).status_code == 404
    assert stranger.post(f"/en/attempts/{attempt.public_id}/finish/").status_code == 404
    assert stranger.get(f"/en/attempts/{attempt.public_id}/result/").status_code == 404
    assert Response.objects.count() == 0
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_unknown_attempt_and_question_numbers_are_404(client, single):
    attempt = start(client, make_quiz([single]))
    assert client.get("/en/attempts/00000000-0000-0000-0000-000000000000/q/1/").status_code == 404
    assert client.get(f"/en/attempts/{attempt.public_id}/q/2/").status_code == 404
    assert client.get(f"/en/attempts/{attempt.public_id}/q/0/").status_code == 404
    assert client.get("/en/attempts/not-a-uuid/q/1/").status_code == 404


def test_finish_needs_post(client, single):
    """A GET only asks "finish anyway?"; only a POST finishes (a prefetching browser finishes nothing)."""
    attempt = start(client, make_quiz([single]))
    assert client.get(f"/en/attempts/{attempt.public_id}/finish/").status_code == 200
    assert client.put(f"/en/attempts/{attempt.public_id}/finish/").status_code == 405
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_answer_after_the_time_limit_is_not_counted(client, single):
    quiz = make_quiz([single, make_question(Question.Kind.TRUE_FALSE)], time_limit_minutes=5)
    with time_machine.travel("2026-01-01 09:00:00Z", tick=False):
        attempt = start(client, quiz)
    with time_machine.travel("2026-01-01 09:04:00Z", tick=False):
        assert post(client, attempt, correct_post(single, attempt)).status_code == 302
    with time_machine.travel("2026-01-01 09:05:01Z", tick=False):
        second = Question.objects.get(pk=attempt.question_ids[1])
        late = post(client, attempt, correct_post(second, attempt), number=2)
    assert late.status_code == 302  # time is up: the attempt is closed and the result shown
    assert Response.objects.count() == 1
    attempt.refresh_from_db()
    assert attempt.score == 1.0
    assert attempt.submitted_at is not None


def test_attempts_allowed_is_enforced(client, single):
    quiz = make_quiz([single], attempts_allowed=1)
    start(client, quiz)
    again = client.post(f"/en/quizzes/{quiz.slug}/", follow=True)
    assert "You have used all the attempts this quiz allows." in again.content.decode()
    assert Attempt.objects.count() == 1

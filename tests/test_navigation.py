"""Moving around an open attempt: the question map, jumping to any question, the first unanswered
one, finishing with questions left (and its confirmation), and numbers that are not questions."""

import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from quiz.models import Attempt, Question
from quiz.review import first_unanswered, question_map
from quiz.views.quizzes import question_urls
from tests.factories import correct_post, make_question, make_quiz, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions():
    return [make_question() for _ in range(5)]


def start(client, quiz, lang="en") -> Attempt:
    client.post(f"/{lang}/quizzes/{quiz.slug}/")
    return Attempt.objects.filter(quiz=quiz).latest("started_at")


def answer(client, attempt, number, lang="en"):
    question = Question.objects.get(pk=attempt.question_ids[number - 1])
    return client.post(f"/{lang}/attempts/{attempt.public_id}/q/{number}/", correct_post(question, attempt))


def tiles(html: str) -> list[tuple[str, str, bool, str]]:
    """(number, status, is current, words for a screen reader) of each tile of the question map."""
    found = re.findall(
        r'<a class="qtile qtile-(\w+)" href="[^"]+/q/(\d+)/"( aria-current="step")?>.*?'
        r'<span class="visually-hidden">([^<]*)</span></a>',
        html,
    )
    return [(number, status, bool(current), words) for status, number, current, words in found]


def test_the_map_shows_answered_skipped_and_current_in_words(client, questions):
    attempt = start(client, make_quiz(questions))
    answer(client, attempt, 2)
    answer(client, attempt, 3)
    html = client.get(f"/en/attempts/{attempt.public_id}/q/4/").content.decode()
    assert tiles(html) == [
        ("1", "skipped", False, "skipped"),
        ("2", "answered", False, "answered"),
        ("3", "answered", False, "answered"),
        ("4", "todo", True, "not answered yet, this question"),
        ("5", "todo", False, "not answered yet"),
    ]
    assert "2 of 5 answered" in html
    assert f'href="/en/attempts/{attempt.public_id}/q/1/">Go to the first unanswered (question 1)</a>' in html
    ru = client.get(f"/ru/attempts/{attempt.public_id}/q/4/").content.decode()
    assert [t[3] for t in tiles(ru)][:4] == ["пропущен", "есть ответ", "есть ответ", "ответа пока нет, этот вопрос"]
    assert "Отвечено: 2 из 5" in ru


def test_the_map_rules_without_the_web():
    attempt = Attempt(question_ids=[10, 20, 30, 40])
    urls = ["/q/1/", "/q/2/", "/q/3/", "/q/4/"]
    assert [t.url for t in question_map(attempt, set(), 1, urls)] == urls
    assert [t.status for t in question_map(attempt, {30}, 1, urls)] == ["skipped", "skipped", "answered", "todo"]
    assert [t.status for t in question_map(attempt, set(), 1, urls)] == ["todo"] * 4
    assert [t.current for t in question_map(attempt, set(), 2, urls)] == [False, True, False, False]
    assert first_unanswered(attempt, {10, 20}) == 3
    assert first_unanswered(attempt, {30, 40}, after=3) == 1  # wraps round to the start
    assert first_unanswered(attempt, {10, 20, 30, 40}) is None


def test_every_questions_address_is_what_reverse_gives(client, questions):
    attempt = start(client, make_quiz(questions))
    for lang in ("en", "ru"):
        with translation.override(lang):
            expected = [reverse("quiz:question", args=[attempt.public_id, n]) for n in range(1, 6)]
            assert question_urls(attempt) == expected


def test_any_question_can_be_opened_and_answered_in_any_order(client, questions):
    attempt = start(client, make_quiz(questions))
    for number in (5, 1, 3):
        assert answer(client, attempt, number).status_code == 302
    assert set(attempt.responses.values_list("question_id", flat=True)) == {
        attempt.question_ids[0],
        attempt.question_ids[2],
        attempt.question_ids[4],
    }
    html = client.get(f"/en/attempts/{attempt.public_id}/q/2/").content.decode()
    assert 'class="answer-form"' in html


def test_feedback_at_the_end_goes_on_to_the_next_unanswered_question(client, questions):
    attempt = start(client, make_quiz(questions, feedback="end"))
    answer(client, attempt, 3)
    assert answer(client, attempt, 2)["Location"] == f"/en/attempts/{attempt.public_id}/q/4/"  # 3 is done
    answer(client, attempt, 4)
    assert answer(client, attempt, 5)["Location"] == f"/en/attempts/{attempt.public_id}/q/1/"  # wraps
    assert answer(client, attempt, 1)["Location"] == f"/en/attempts/{attempt.public_id}/q/1/"  # all done


def test_finishing_with_questions_left_asks_first(client, questions):
    attempt = start(client, make_quiz(questions))
    answer(client, attempt, 1)
    answer(client, attempt, 2)
    html = client.get(f"/en/attempts/{attempt.public_id}/q/2/").content.decode()
    assert (
        f'<a class="button button-secondary" href="/en/attempts/{attempt.public_id}/finish/">Finish the quiz</a>'
        in html
    )
    confirm = client.get(f"/en/attempts/{attempt.public_id}/finish/")
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert '<h1 id="finish-title">3 questions unanswered — finish anyway?</h1>' in page
    assert f'href="/en/attempts/{attempt.public_id}/q/3/">Go to the first unanswered (question 3)</a>' in page
    attempt.refresh_from_db()
    assert attempt.submitted_at is None  # asking finishes nothing
    done = client.post(f"/en/attempts/{attempt.public_id}/finish/")
    assert done["Location"] == f"/en/attempts/{attempt.public_id}/result/"
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.score == 2.0


@pytest.mark.parametrize(
    ("answered", "heading"),
    [
        (4, "1 вопрос без ответа — всё равно завершить?"),
        (3, "2 вопроса без ответа — всё равно завершить?"),
        (0, "5 вопросов без ответа — всё равно завершить?"),
    ],
)
def test_the_confirmation_counts_the_questions_left_in_russian(client, questions, answered, heading):
    attempt = start(client, make_quiz(questions), "ru")
    for number in range(1, answered + 1):
        answer(client, attempt, number, "ru")
    page = client.get(f"/ru/attempts/{attempt.public_id}/finish/").content.decode()
    assert f'<h1 id="finish-title">{heading}</h1>' in page
    assert "Всё равно завершить" in page


def test_with_every_question_answered_the_bar_finishes_at_once(client, questions):
    attempt = start(client, make_quiz(questions))
    for number in range(1, 6):
        answer(client, attempt, number)
    html = client.get(f"/en/attempts/{attempt.public_id}/q/5/").content.decode()
    assert "Finish the quiz" not in html and "Go to the first unanswered" not in html
    assert "See your result</button>" in html
    page = client.get(f"/en/attempts/{attempt.public_id}/finish/").content.decode()
    assert "Every question is answered. Finish the quiz?" in page


def test_the_confirmation_of_a_finished_or_timed_out_attempt_leads_to_the_result(client, questions):
    attempt = start(client, make_quiz(questions))
    client.post(f"/en/attempts/{attempt.public_id}/finish/")
    assert client.get(f"/en/attempts/{attempt.public_id}/finish/")["Location"] == (
        f"/en/attempts/{attempt.public_id}/result/"
    )
    with time_machine.travel("2026-01-01 09:00:00Z", tick=False):
        timed = start(client, make_quiz(questions, time_limit_minutes=5))
    with time_machine.travel("2026-01-01 09:06:00Z", tick=False):
        response = client.get(f"/en/attempts/{timed.public_id}/finish/")
    assert response["Location"] == f"/en/attempts/{timed.public_id}/result/"
    timed.refresh_from_db()
    assert timed.is_finished


def test_jumping_after_the_time_limit_finishes_the_attempt(client, questions):
    with time_machine.travel("2026-01-01 09:00:00Z", tick=False):
        attempt = start(client, make_quiz(questions, time_limit_minutes=5))
        answer(client, attempt, 1)
    with time_machine.travel("2026-01-01 09:05:30Z", tick=False):
        response = client.get(f"/en/attempts/{attempt.public_id}/q/4/", follow=True)
    assert response.redirect_chain[-1][0] == f"/en/attempts/{attempt.public_id}/result/"
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.score == 1.0


def test_a_finished_attempt_has_no_map_and_leads_back_to_the_result(client, questions):
    attempt = start(client, make_quiz(questions))
    answer(client, attempt, 1)
    client.post(f"/en/attempts/{attempt.public_id}/finish/")
    html = client.get(f"/en/attempts/{attempt.public_id}/q/1/").content.decode()
    assert 'id="question-map"' not in html
    assert f'<a class="button" href="/en/attempts/{attempt.public_id}/result/">Back to your result</a>' in html


@pytest.mark.parametrize("number", ["0", "6", "99", "99999999999999999999999999", "-1", "1.5", "x"])
def test_a_question_number_that_is_not_in_the_attempt_is_404(client, questions, number):
    attempt = start(client, make_quiz(questions))
    for method in ("get", "post"):
        assert getattr(client, method)(f"/en/attempts/{attempt.public_id}/q/{number}/").status_code == 404
    assert not attempt.responses.exists()


def test_someone_elses_attempt_cannot_be_finished_or_reviewed(client, questions):
    attempt = start(client, make_quiz(questions))
    stranger = type(client)()
    stranger.force_login(make_user())
    for url in ("finish/", "result/", "q/1/"):
        assert stranger.get(f"/en/attempts/{attempt.public_id}/{url}").status_code == 404
    assert stranger.post(f"/en/attempts/{attempt.public_id}/finish/").status_code == 404
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


@pytest.mark.parametrize("query", ["all=1", "all=yes", "all=", "all=%00", "all=1&all=0", "all[]=1"])
def test_any_result_filter_is_a_page_never_an_error(client, questions, query):
    attempt = start(client, make_quiz(questions))
    client.post(f"/en/attempts/{attempt.public_id}/finish/")
    assert client.get(f"/en/attempts/{attempt.public_id}/result/?{query}").status_code == 200

"""The quiz loop through the test client: start, answer each kind, feedback, finish, result."""

import re

import pytest
from django.urls import reverse, translate_url
from django.utils import translation

from quiz.context_processors import in_language
from quiz.models import Attempt, Question, Response
from tests.factories import FIRST_KINDS as KINDS
from tests.factories import answer_post, correct_post, make_fact, make_question, make_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz():
    fact = make_fact(
        title_en="The docking",
        title_ru="Стыковка",
        body_en="They docked on 17 July.",
        body_ru="Стыковка состоялась 17 июля.",
    )
    return make_quiz([make_question(kind, fact=fact) for kind in KINDS])


def url(name, attempt, *args):
    with translation.override("en"):
        return reverse(f"quiz:{name}", args=[attempt.public_id, *args])


def start(client, quiz, lang="en") -> Attempt:
    response = client.post(f"/{lang}/quizzes/{quiz.slug}/")
    attempt = Attempt.objects.latest("started_at")
    assert response.status_code == 302
    assert response["Location"] == f"/{lang}/attempts/{attempt.public_id}/q/1/"
    return attempt


def test_whole_quiz_in_english_scores_every_kind(client, quiz):
    attempt = start(client, quiz)
    for number, question_id in enumerate(attempt.question_ids, start=1):
        question = Question.objects.get(pk=question_id)
        page = client.get(f"/en/attempts/{attempt.public_id}/q/{number}/")
        assert f"Question {number} of 5" in page.content.decode()
        answered = client.post(f"/en/attempts/{attempt.public_id}/q/{number}/", correct_post(question, attempt))
        assert answered.status_code == 302
        feedback = client.get(answered["Location"]).content.decode()
        assert "Your answer is correct" in feedback
        assert question.explanation_en in feedback
        assert "The docking" in feedback  # the fact the question comes from
    done = client.post(f"/en/attempts/{attempt.public_id}/finish/")
    assert done["Location"] == f"/en/attempts/{attempt.public_id}/result/"
    attempt.refresh_from_db()
    assert attempt.score == 5.0
    assert attempt.max_score == 5.0
    assert attempt.submitted_at is not None
    result = client.get(done["Location"]).content.decode()
    assert "100%" in result
    assert "5 points out of 5" in result
    assert "Every answer, explained" in result  # no mistakes: every answer is listed


def test_quiz_in_russian_shows_russian_progress_and_text(client, quiz):
    attempt = start(client, quiz, lang="ru")
    question = Question.objects.get(pk=attempt.question_ids[0])
    page = client.get(f"/ru/attempts/{attempt.public_id}/q/1/").content.decode()
    assert "Вопрос 1 из 5" in page
    assert question.text_ru in page
    assert question.text_en not in page


def test_wrong_answer_feedback_explains_and_shows_the_right_choice(client):
    question = make_question(Question.Kind.SINGLE)
    quiz = make_quiz([question])
    attempt = start(client, quiz)
    wrong = question.choices.get(is_correct=False, position=2)
    client.post(f"/en/attempts/{attempt.public_id}/q/1/", answer_post(question, attempt, [wrong]))
    page = client.get(f"/en/attempts/{attempt.public_id}/q/1/").content.decode()
    assert "Your answer is incorrect" in page and "0 points out of 1" in page
    assert "Baikonur" in page and "your answer" in page
    response = Response.objects.get(attempt=attempt)
    assert response.is_correct is False
    assert response.points == 0.0
    assert response.language == "en"


def test_question_page_never_reveals_the_correct_choice(client, quiz):
    attempt = start(client, quiz)
    for number in range(1, 6):
        page = client.get(f"/en/attempts/{attempt.public_id}/q/{number}/").content.decode()
        page = page[page.index("<article") : page.index("</article>")]
        page = re.sub(r"<h1.*?</h1>", "", page, flags=re.S)  # the factory's text counts questions: "Question 1975 …"
        assert "correct" not in page.lower()
        assert "1975" not in page  # the number answer
        assert "is-right" not in page


def test_order_question_is_not_shown_in_its_correct_order(client):
    question = make_question(Question.Kind.ORDER)
    attempt = start(client, make_quiz([question]))
    shown = attempt.choice_order[str(question.pk)]
    assert shown != list(question.choices.order_by("position").values_list("pk", flat=True))


def test_switching_language_mid_quiz_keeps_the_attempt_and_answers(client, quiz):
    attempt = start(client, quiz, lang="ru")
    first = Question.objects.get(pk=attempt.question_ids[0])
    client.post(f"/ru/attempts/{attempt.public_id}/q/1/", correct_post(first, attempt))
    page = client.get(f"/ru/attempts/{attempt.public_id}/q/2/").content.decode()
    assert f'name="next" value="/en/attempts/{attempt.public_id}/q/2/"' in page  # the switcher's English form
    switched = client.post("/i18n/setlang/", {"language": "en", "next": f"/en/attempts/{attempt.public_id}/q/2/"})
    assert switched["Location"] == f"/en/attempts/{attempt.public_id}/q/2/"
    page = client.get(switched["Location"]).content.decode()
    assert "Question 2 of 5" in page
    second = Question.objects.get(pk=attempt.question_ids[1])
    assert second.text_en in page
    client.post(f"/en/attempts/{attempt.public_id}/q/2/", correct_post(second, attempt))
    assert list(attempt.responses.order_by("answered_at").values_list("language", flat=True)) == ["ru", "en"]
    back = client.get(f"/en/attempts/{attempt.public_id}/q/1/").content.decode()
    assert "Your answer is correct" in back  # the Russian answer is still there, now reviewed in English


def test_language_switcher_links_to_the_same_page(client, quiz):
    attempt = start(client, quiz)
    page = client.get(f"/en/attempts/{attempt.public_id}/q/3/").content.decode()
    assert f'hreflang="ru" href="http://testserver/ru/attempts/{attempt.public_id}/q/3/"' in page
    assert f'name="next" value="/ru/attempts/{attempt.public_id}/q/3/"' in page


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_switchers_addresses_are_what_translate_url_gives(rf, quiz, lang):
    attempt = Attempt(public_id="0b0b0b0b-0b0b-0b0b-0b0b-0b0b0b0b0b0b", question_ids=[1])
    with translation.override(lang):
        paths = [
            reverse("quiz:home"),
            reverse("quiz:quiz_detail", args=[quiz.slug]) + "?x=1&y=%D0%B4",
            reverse("quiz:question", args=[attempt.public_id, 1]),
            reverse("quiz:deck_list"),
            reverse("admin:index"),
        ]
        for path in paths:  # as in a request for the page: its language active
            request = rf.get(path)
            request.LANGUAGE_CODE = lang
            for code in ("en", "ru"):
                assert in_language(path, request, code) == translate_url(path, code)
    request = rf.get("/nowhere/")
    request.LANGUAGE_CODE = lang
    assert in_language("/nowhere/", request, "ru") == "/nowhere/"  # no prefix: left as translate_url leaves it


def test_first_visit_follows_accept_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9")["Location"] == "/ru/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB")["Location"] == "/en/"


def test_finish_twice_counts_once(client, quiz):
    attempt = start(client, quiz)
    client.post(
        f"/en/attempts/{attempt.public_id}/q/1/",
        correct_post(Question.objects.get(pk=attempt.question_ids[0]), attempt),
    )
    client.post(f"/en/attempts/{attempt.public_id}/finish/")
    attempt.refresh_from_db()
    first_finish = attempt.submitted_at
    second = client.post(f"/en/attempts/{attempt.public_id}/finish/", follow=True)
    attempt.refresh_from_db()
    assert attempt.submitted_at == first_finish
    assert attempt.score == 1.0
    assert "This attempt was already finished." in second.content.decode()


def test_unanswered_questions_score_nothing_and_are_reviewed(client, quiz):
    attempt = start(client, quiz)
    client.post(f"/en/attempts/{attempt.public_id}/finish/")
    result = client.get(f"/en/attempts/{attempt.public_id}/result/").content.decode()
    attempt.refresh_from_db()
    assert attempt.score == 0.0
    assert result.count('<li class="review-item review-unanswered"') == 5
    assert "0 points out of 5" in result


def test_result_of_unfinished_attempt_leads_back_to_the_questions(client, quiz):
    attempt = start(client, quiz)
    response = client.get(f"/en/attempts/{attempt.public_id}/result/")
    assert response["Location"] == f"/en/attempts/{attempt.public_id}/q/1/"


def test_feedback_at_the_end_hides_the_verdict_until_the_result(client):
    question = make_question(Question.Kind.SINGLE)
    other = make_question(Question.Kind.TRUE_FALSE)
    quiz = make_quiz([question, other], feedback="end")
    attempt = start(client, quiz)
    answered = client.post(f"/en/attempts/{attempt.public_id}/q/1/", correct_post(question, attempt))
    assert answered["Location"] == f"/en/attempts/{attempt.public_id}/q/2/"
    page = client.get(f"/en/attempts/{attempt.public_id}/q/1/").content.decode()
    assert "Your answer is saved" in page
    assert "Your answer is correct" not in page and "points out of" not in page and question.explanation_en not in page


def test_unknown_quiz_is_404(client):
    assert client.get("/en/quizzes/no-such-quiz/").status_code == 404
    assert client.post("/en/quizzes/no-such-quiz/").status_code == 404


def test_unpublished_quiz_is_404(client):
    quiz = make_quiz([make_question()], is_published=False)
    assert client.get(f"/en/quizzes/{quiz.slug}/").status_code == 404

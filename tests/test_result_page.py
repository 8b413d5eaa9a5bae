"""The result page teaches: the score first, a tile per question, only the mistakes by default with
the right answer and the explanation, the flashcards to study now, "try again", and the choices in
the order the student saw them."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quiz.models import Attempt, Question
from tests.factories import answer_post, correct_post, make_card, make_deck, make_fact, make_question, make_quiz

pytestmark = pytest.mark.django_db


def start(client, quiz, lang="en") -> Attempt:
    client.post(f"/{lang}/quizzes/{quiz.slug}/")
    return Attempt.objects.filter(quiz=quiz).latest("started_at")


def wrong_post(question, attempt) -> dict:
    return answer_post(question, attempt, [question.choices.filter(is_correct=False).first()])


def take(client, quiz, right=(), wrong=(), lang="en") -> Attempt:
    """An attempt with the questions numbered in `right` answered right and those in `wrong` wrong,
    the rest unanswered; finished."""
    attempt = start(client, quiz, lang)
    for number in (*right, *wrong):
        question = Question.objects.get(pk=attempt.question_ids[number - 1])
        data = correct_post(question, attempt) if number in right else wrong_post(question, attempt)
        client.post(f"/{lang}/attempts/{attempt.public_id}/q/{number}/", data)
    client.post(f"/{lang}/attempts/{attempt.public_id}/finish/")
    attempt.refresh_from_db()
    return attempt


def result(client, attempt, lang="en", query="") -> str:
    return client.get(f"/{lang}/attempts/{attempt.public_id}/result/{query}").content.decode()


def text(html: str, css_class: str) -> str:
    found = re.search(rf'<p class="{css_class}"[^>]*>(.*?)</p>', html, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", found).split())


@pytest.fixture
def five():
    return make_quiz([make_question() for _ in range(5)], pass_mark=60)


def test_the_summary_leads_with_score_percentage_pass_mark_and_time(client, five):
    with time_machine.travel("2026-03-05 10:00:00Z", tick=False) as clock:
        attempt = start(client, five)
        for number in (1, 2, 3):
            question = Question.objects.get(pk=attempt.question_ids[number - 1])
            client.post(f"/en/attempts/{attempt.public_id}/q/{number}/", correct_post(question, attempt))
        clock.shift(timedelta(minutes=4, seconds=12))
        client.post(f"/en/attempts/{attempt.public_id}/finish/")
        html = result(client, attempt)
        ru = result(client, attempt, "ru")
    assert text(html, "score-points") == "3 points out of 5"
    assert '<p class="score-big">60%</p>' in html
    assert text(html, "score-verdict") == "✓ Passed (the pass mark is 60%)"  # at the mark is a pass
    assert text(html, "score-time muted") == "Time taken: 4:12 · 5 March 2026"
    assert '<time datetime="PT4M12S">' in html
    assert text(ru, "score-points") == "3 балла из 5"
    assert text(ru, "score-time muted") == "Затрачено времени: 4:12 · 5 марта 2026 г."
    assert html.index('class="score-card') < html.index('class="result-tiles"') < html.index('class="result-review"')


def test_below_the_pass_mark_is_not_passed_yet(client, five):
    attempt = take(client, five, right=(1, 2), wrong=(3,))
    html = result(client, attempt)
    assert text(html, "score-points") == "2 points out of 5"
    assert text(html, "score-verdict") == "✗ Not passed yet: the pass mark is 60%"
    assert "score-fail" in html


def tile_list(html: str) -> list[tuple[str, str, str]]:
    return re.findall(
        r'<a class="qtile rtile rtile-(\w+)" href="([^"]*)"><span class="qtile-number">(\d+)</span>', html
    )


def test_a_tile_per_question_links_to_its_review(client, five):
    attempt = take(client, five, right=(1, 4), wrong=(2,))
    html = result(client, attempt)
    assert tile_list(html) == [
        ("right", "?all=1#q1", "1"),
        ("wrong", "#q2", "2"),
        ("unanswered", "#q3", "3"),
        ("right", "?all=1#q4", "4"),
        ("unanswered", "#q5", "5"),
    ]  # a right answer is hidden while only the mistakes show: its link shows every answer
    assert text(html, "tiles-legend") == "✓ Correct: 2 ✗ Incorrect: 1 – Not answered: 2"
    assert re.findall(r'<span class="visually-hidden">([^<]+)</span></a>', html)[:3] == [
        "correct",
        "incorrect",
        "not answered",
    ]
    everything = result(client, attempt, query="?all=1")
    assert [href for _, href, _ in tile_list(everything)] == [f"#q{n}" for n in range(1, 6)]


def test_only_the_mistakes_show_by_default_each_with_the_answer_and_why(client, five):
    attempt = take(client, five, right=(1, 4), wrong=(2,))
    html = result(client, attempt)
    assert re.findall(r'<li class="review-item review-(\w+)" id="q(\d+)">', html) == [
        ("wrong", "2"),
        ("unanswered", "3"),
        ("unanswered", "5"),
    ]
    assert "3 mistakes to learn from" in html
    assert '<a href="?all=1">Show all 5 answers</a>' in html
    wrong = Question.objects.get(pk=attempt.question_ids[1])
    item = html[html.index('id="q2"') : html.index('id="q3"')]
    assert "<details" not in item  # open, not folded away
    assert wrong.explanation_en in item and "Your answer is incorrect" in item
    assert re.search(r'<span class="tag tag-right">correct answer</span>\s*Baikonur', item)
    everything = result(client, attempt, query="?all=1")
    assert len(re.findall(r'<li class="review-item', everything)) == 5
    assert '<a href="?">Show only my mistakes</a>' in everything
    right = everything[everything.index('id="q1"') : everything.index('id="q2"')]
    assert '<details class="review-details">' in right  # a right answer folds its explanation


def test_with_no_mistakes_every_answer_is_shown(client, five):
    attempt = take(client, five, right=(1, 2, 3, 4, 5))
    html = result(client, attempt)
    assert "Every answer, explained" in html and "No mistakes: every answer is correct." in html
    assert len(re.findall(r'<li class="review-item review-right"', html)) == 5


@pytest.mark.parametrize(
    ("mistakes", "heading"),
    [
        ((1,), "1 ошибка — разберём её"),
        ((1, 2), "2 ошибки — разберём их"),
        ((1, 2, 3, 4, 5), "5 ошибок — разберём их"),
    ],
)
def test_the_mistakes_heading_in_russian_plurals(client, five, mistakes, heading):
    right = tuple(n for n in range(1, 6) if n not in mistakes)
    attempt = take(client, five, right=right, wrong=mistakes, lang="ru")
    assert f'<h2 id="review-title">{heading}</h2>' in result(client, attempt, "ru")


def test_flashcards_a_wrong_answer_made_due_are_one_button_away(client):
    fact, other = make_fact(), make_fact()
    deck = make_deck(title_en="The mission", title_ru="Полёт")
    make_card(deck, fact=fact), make_card(deck, fact=fact), make_card(deck, fact=other)
    quiz = make_quiz([make_question(fact=fact), make_question(fact=other), make_question(fact=fact)])
    attempt = take(client, quiz, right=(2,), wrong=(1, 3))
    html = result(client, attempt)
    study = f"/en/decks/{deck.slug}/study/fact/"
    assert f'<a class="button" href="{study}">Study the 2 flashcards about your mistakes now</a>' in html
    ru = result(client, attempt, "ru")
    assert "Повторить сейчас 2 карточки по вашим ошибкам" in ru


def test_cards_in_several_decks_make_one_button_and_a_folded_list(client):
    facts = [make_fact() for _ in range(3)]
    small, big, other = (
        make_deck(title_en=t, title_ru=r)
        for t, r in [("Crews", "Экипажи"), ("Flight", "Полёт"), ("Legacy", "Наследие")]
    )
    make_card(small, fact=facts[0]), make_card(big, fact=facts[1]), make_card(big, fact=facts[1])
    make_card(other, fact=facts[2])
    attempt = take(client, make_quiz([make_question(fact=f) for f in facts]), wrong=(1, 2, 3))
    html = result(client, attempt)
    assert html.count('class="button" href="/en/decks/') == 1  # the deck with most cards waiting
    assert f'<a class="button" href="/en/decks/{big.slug}/study/fact/">Study 2 flashcards now: Flight</a>' in html
    folded = html[html.index('<details class="more-decks">') :]
    assert "Your mistakes brought back cards in 2 more decks" in folded
    assert "Crews: 1 card" in folded and "Legacy: 1 card" in folded
    assert "Ошибки вернули карточки ещё в 2 колоды" in result(client, attempt, "ru")


def test_try_again_while_attempts_remain_and_only_then(client):
    quiz = make_quiz([make_question()], attempts_allowed=2)
    first = take(client, quiz, right=(1,))
    html = result(client, first)
    assert re.search(rf'<form method="post" action="/en/quizzes/{quiz.slug}/">.*?Try again</button>', html, re.S)
    client.post(f"/en/quizzes/{quiz.slug}/")  # the second and last attempt
    assert "Try again" not in result(client, first)


def test_try_again_starts_a_new_attempt_at_once(client, five):
    attempt = take(client, five, right=(1,))
    response = client.post(f"/en/quizzes/{five.slug}/")
    latest = Attempt.objects.latest("started_at")
    assert latest.pk != attempt.pk and response["Location"] == f"/en/attempts/{latest.public_id}/q/1/"


def test_a_practice_attempt_offers_no_try_again(client):
    fact = make_fact()
    make_question(fact=fact)
    client.post(f"/en/facts/{fact.slug}/practice/")
    attempt = Attempt.objects.get()
    client.post(f"/en/attempts/{attempt.public_id}/finish/")
    html = result(client, attempt)
    assert "Try again" not in html and "All quizzes" in html


def test_the_review_lists_choices_in_the_order_the_student_saw_them(client):
    question = make_question()
    quiz = make_quiz([question], shuffle_choices=True)
    attempt = start(client, quiz)
    shown = list(reversed(question.choices.order_by("position").values_list("pk", flat=True)))
    attempt.choice_order = {str(question.pk): shown}
    attempt.save()
    page = client.get(f"/en/attempts/{attempt.public_id}/q/1/").content.decode()
    expected = [question.choices.get(pk=pk).text_en for pk in shown]
    assert re.findall(r"<span>(Baikonur|Plesetsk|Kapustin Yar)</span>", page) == expected
    client.post(f"/en/attempts/{attempt.public_id}/q/1/", wrong_post(question, attempt))
    client.post(f"/en/attempts/{attempt.public_id}/finish/")
    html = result(client, attempt)
    review = html[html.index('class="review"') :]
    assert re.findall(r"(Baikonur|Plesetsk|Kapustin Yar)</li>", review) == expected


def result_queries(client, size: int) -> int:
    fact = make_fact()
    deck = make_deck()
    make_card(deck, fact=fact)
    quiz = make_quiz([make_question(fact=fact) for _ in range(size)], attempts_allowed=5)
    attempt = take(client, quiz, right=tuple(range(1, size, 2)), wrong=tuple(range(2, size, 2)))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/en/attempts/{attempt.public_id}/result/")
    assert response.status_code == 200
    return len(queries)


def test_the_result_page_costs_the_same_for_5_and_50_questions(client):
    small, large = result_queries(client, 5), result_queries(client, 50)
    assert small == large <= 10

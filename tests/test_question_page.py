"""The question page after answering: the verdict first, with its points, worded apart from the
options; the way on; numbers in the page's language; the page's weight."""

import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from quiz.models import Attempt, Question
from quiz.review import points_phrase
from tests.factories import answer_post, correct_post, make_question, make_quiz

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "quiz" / "static" / "quiz"
VERDICTS = {
    "en": ["Your answer is correct", "Your answer is partly correct", "Your answer is incorrect", "Not answered"],
    "ru": ["Ваш ответ правильный", "Ваш ответ правильный лишь отчасти", "Ваш ответ неправильный", "Ответа нет"],
}


def start(client, quiz, lang="en") -> Attempt:
    client.post(f"/{lang}/quizzes/{quiz.slug}/")
    return Attempt.objects.filter(quiz=quiz).latest("started_at")


def page(client, attempt, number, lang="en") -> str:
    return client.get(f"/{lang}/attempts/{attempt.public_id}/q/{number}/").content.decode()


def main(html: str) -> str:
    return html[html.index('<main id="main"') : html.index("</main>")]


def verdict_text(html: str) -> str:
    section = re.search(r'<section id="verdict".*?</section>', html, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", section).split())


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_verdict_comes_first_in_the_page_and_takes_the_focus(client, lang):
    question = make_question()
    attempt = start(client, make_quiz([question, make_question()]), lang)
    client.post(f"/{lang}/attempts/{attempt.public_id}/q/1/", correct_post(question, attempt))
    html = main(page(client, attempt, 1, lang))
    first = re.search(r"<(section|article|form|h1|p)\b[^>]*>", html[html.index(">") + 1 :]).group(0)
    assert first.startswith('<section id="verdict"')
    assert 'tabindex="-1"' in first and "autofocus" in first and "verdict-right" in first
    expected = {"en": "✓ Your answer is correct 1 point out of 1", "ru": "✓ Ваш ответ правильный 1 балл из 1"}
    assert verdict_text(html) == expected[lang]
    assert html.index('id="verdict"') < html.index('class="question-text"') < html.index(question.explanation)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_wrong_answer_says_so_with_its_points_and_shows_the_right_one(client, lang):
    question = make_question()
    attempt = start(client, make_quiz([question]), lang)
    client.post(
        f"/{lang}/attempts/{attempt.public_id}/q/1/", answer_post(question, attempt, [question.choices.get(position=2)])
    )
    html = page(client, attempt, 1, lang)
    expected = {"en": "✗ Your answer is incorrect 0 points out of 1", "ru": "✗ Ваш ответ неправильный 0 баллов из 1"}
    assert verdict_text(html) == expected[lang]
    assert "verdict-wrong" in html
    right = question.choices.get(is_correct=True)
    assert re.search(
        r'class="is-right">\s*<span class="tag tag-right">[^<]+</span>\s*' + getattr(right, f"text_{lang}"), html
    )


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_partly_right_order_answer_shows_its_share_of_the_point(client, lang):
    question = make_question(Question.Kind.ORDER)
    attempt = start(client, make_quiz([question]), lang)
    first, second, third = question.choices.order_by("position")
    # Two of three pairs in order: the first two swapped.
    client.post(
        f"/{lang}/attempts/{attempt.public_id}/q/1/",
        question.kind_handler.form_data({"order": [second.pk, first.pk, third.pk]}, attempt.token_scope),
    )
    assert attempt.responses.get().points == pytest.approx(0.6667)
    expected = {
        "en": "◐ Your answer is partly correct 0.67 points out of 1",
        "ru": "◐ Ваш ответ правильный лишь отчасти 0,67 балла из 1",
    }
    assert verdict_text(page(client, attempt, 1, lang)) == expected[lang]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_no_verdict_reads_like_a_true_or_false_option(client, lang):
    """The issue's riddle: «Верно» above the options «Верно / Неверно». The verdict words and the
    option labels share no phrase, whichever answer is right and whichever was given."""
    question = make_question(Question.Kind.TRUE_FALSE)
    with translation.override(lang):
        options = [c.text for c in question.choices.order_by("position")]
    for verdict in VERDICTS[lang]:
        for option in options:
            assert option.lower() not in verdict.lower() and verdict.lower() != option.lower()
    for choice in question.choices.all():
        attempt = start(client, make_quiz([question]), lang)
        client.post(f"/{lang}/attempts/{attempt.public_id}/q/1/", answer_post(question, attempt, [choice]))
        shown = verdict_text(page(client, attempt, 1, lang)).lower()
        assert not any(option.lower() in shown for option in options)


def test_the_shipped_true_false_options_differ_from_the_verdicts(client):
    from django.core.management import call_command

    call_command("load_content", verbosity=0)
    labels = set()
    for question in Question.objects.filter(kind=Question.Kind.TRUE_FALSE).prefetch_related("choices"):
        for choice in question.choices.all():
            labels |= {choice.text_en.lower(), choice.text_ru.lower()}
    assert labels == {"true", "false", "да, верно", "нет, неверно"}
    for verdict in VERDICTS["en"] + VERDICTS["ru"]:
        assert not any(label in verdict.lower() for label in labels), verdict


def test_the_way_on_is_in_the_bar_next_unanswered_then_the_result(client):
    questions = [make_question() for _ in range(3)]
    attempt = start(client, make_quiz(questions))
    url = f"/en/attempts/{attempt.public_id}"
    client.post(f"{url}/q/2/", correct_post(questions[1], attempt))
    html = page(client, attempt, 2)
    assert re.search(rf'<a class="button go-on" href="{url}/q/3/" rel="next">Next question', html)
    client.post(f"{url}/q/3/", correct_post(questions[2], attempt))
    html = page(client, attempt, 3)  # question 1 was skipped: the way on goes back to it
    assert re.search(rf'<a class="button go-on" href="{url}/q/1/" rel="next">Question 1: not answered yet', html)
    client.post(f"{url}/q/1/", correct_post(questions[0], attempt))
    html = page(client, attempt, 1)
    assert re.search(rf'<form method="post" action="{url}/finish/">.*?See your result</button>', html, re.S)


def test_the_answer_form_offers_skip_and_a_hint_for_keys_left_to_javascript(client):
    questions = [make_question(), make_question(Question.Kind.NUMBER)]
    attempt = start(client, make_quiz(questions))
    html = page(client, attempt, 1)
    assert '<p class="key-hint" hidden>' in html  # shown by question.js only where keys are in use
    assert "<kbd>1</kbd>–<kbd>9</kbd> choose an answer" in html
    assert re.search(rf'href="/en/attempts/{attempt.public_id}/q/2/">Skip for now</a>', html)
    assert "<kbd>1</kbd>" not in page(client, attempt, 2)  # a number: only Enter
    assert "question.js" in html and "taking.css" in html


def test_numbers_follow_the_language_and_a_year_is_never_a_decimal(client):
    question = make_question(Question.Kind.NUMBER, number_answer="34.5", number_tolerance="0.5")
    attempt = start(client, make_quiz([question]), "ru")
    client.post(f"/ru/attempts/{attempt.public_id}/q/1/", {"number": "1961,0"})
    html = page(client, attempt, 1, "ru")
    assert "<strong>1961</strong>" in html and "1961.0" not in html and "1961,0" not in html
    assert "<strong>34,5</strong>" in html and "± 0,5" in html
    assert "<strong>34.5</strong>" in page(client, attempt, 1, "en")


def test_an_untouched_order_question_is_no_answer(client):
    question = make_question(Question.Kind.ORDER)
    attempt = start(client, make_quiz([question]))
    html = page(client, attempt, 1)
    assert not re.search(r'value="\d+" selected', html[html.index('class="order-list"') :])
    response = client.post(f"/en/attempts/{attempt.public_id}/q/1/", {})
    assert response.status_code == 400
    assert "Give every item a place." in response.content.decode()
    assert not attempt.responses.exists()


def test_feedback_at_the_end_shows_no_verdict_and_the_map_no_right_or_wrong(client):
    questions = [make_question(), make_question()]
    attempt = start(client, make_quiz(questions, feedback="end"))
    client.post(
        f"/en/attempts/{attempt.public_id}/q/1/",
        answer_post(questions[0], attempt, [questions[0].choices.get(position=2)]),
    )
    html = page(client, attempt, 1)
    assert 'id="verdict"' in html and "Your answer is saved" in html
    assert "Your answer is" not in html.replace("Your answer is saved", "")
    assert "points out of" not in html and "is-wrong" not in html and "rtile" not in html
    assert 'class="qtile qtile-answered"' in html


@pytest.mark.parametrize(
    ("points", "total", "en", "ru"),
    [
        (0, 1, "0 points out of 1", "0 баллов из 1"),
        (1, 1, "1 point out of 1", "1 балл из 1"),
        (2, 5, "2 points out of 5", "2 балла из 5"),
        (5, 10, "5 points out of 10", "5 баллов из 10"),
        (11, 30, "11 points out of 30", "11 баллов из 30"),
        (21, 30, "21 points out of 30", "21 балл из 30"),
        (22, 30, "22 points out of 30", "22 балла из 30"),
        (2.5, 5, "2.5 points out of 5", "2,5 балла из 5"),
        (6.9999, 10, "7 points out of 10", "7 баллов из 10"),
    ],
)
def test_points_have_the_right_plural_and_decimal_mark(points, total, en, ru):
    with translation.override("en"):
        assert points_phrase(points, total) == en
    with translation.override("ru"):
        assert points_phrase(points, total) == ru


def test_the_question_page_stays_within_its_weight_budget(client):
    """≤ 30 KB of HTML, CSS and JavaScript after compression (DESIGN.md), with a long question."""
    question = make_question(Question.Kind.ORDER, text_en="Put these in order. " * 20)
    attempt = start(client, make_quiz([question] + [make_question() for _ in range(29)]))
    html = client.get(f"/en/attempts/{attempt.public_id}/q/1/").content
    assets = [
        re.sub(rb"^/static/", b"", m) for m in re.findall(rb'(?:href|src)="(/static/quiz/[^"]+\.(?:css|js))"', html)
    ]
    assert {a.decode() for a in assets} >= {"quiz/site.css", "quiz/site.js", "quiz/taking.css", "quiz/question.js"}
    total = len(gzip.compress(html)) + sum(
        len(gzip.compress((STATIC.parent / a.decode()).read_bytes())) for a in assets
    )
    assert total <= 30 * 1024, total

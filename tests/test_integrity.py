"""A score means what it says: nothing on a question page tells the right answer, an untouched order
question is no answer, feedback at the end stays hidden until the end (flashcards and practice too),
and a teacher's edit to an answer key is never cached stale."""

import random
import re
import statistics
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from pytest_django.asserts import assertContains

from quiz import content_cache, grading
from quiz.models import Attempt, Card, CardState, Deck, Fact, Question, Quiz, Response, Topic
from quiz.taking import _choice_order, grading_key
from tests.factories import (
    answer_post,
    choice_tokens,
    correct_post,
    make_card,
    make_deck,
    make_fact,
    make_question,
    make_quiz,
)

pytestmark = pytest.mark.django_db
CONTENT = Path(__file__).resolve().parent.parent / "fixtures" / "content"
VALUE = re.compile(r'<input type="(?:radio|checkbox)" name="choices?" value="([^"]+)"')
PLACE = re.compile(r'<select name="place_([^"]+)"')
PAIR = re.compile(r'<select name="pair_([0-9a-f]+)"')
OPTION = re.compile(r'<option value="([0-9a-f]+)"')


def start(client, quiz, lang="en") -> Attempt:
    client.post(f"/{lang}/quizzes/{quiz.slug}/")
    return Attempt.objects.latest("started_at")


def page(client, attempt, number=1, lang="en") -> str:
    return client.get(f"/{lang}/attempts/{attempt.public_id}/q/{number}/").content.decode()


# --- Nothing on the page names a choice by its id -------------------------------------------------


@pytest.mark.parametrize(
    "kind", [Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.TRUE_FALSE, Question.Kind.ORDER]
)
def test_a_question_page_names_choices_by_tokens_not_ids(client, kind):
    question = make_question(kind)
    attempt = start(client, make_quiz([question]))
    html = page(client, attempt)
    shown = VALUE.findall(html) or PLACE.findall(html)
    tokens = choice_tokens(question, attempt)
    assert sorted(shown) == sorted(tokens.values())
    for pk in tokens:
        if kind == Question.Kind.ORDER:  # option values there are places 1…n
            assert f'name="place_{pk}"' not in html
        else:
            assert f'value="{pk}"' not in html


def test_tokens_differ_between_attempts_and_agree_between_languages(client):
    question = make_question(Question.Kind.SINGLE)
    quiz = make_quiz([question])
    first = start(client, quiz)
    english, russian = VALUE.findall(page(client, first)), VALUE.findall(page(client, first, lang="ru"))
    assert english == russian  # an unsent choice survives a language switch (site.js keeps it by value)
    client.post(f"/en/attempts/{first.public_id}/finish/")
    second = start(client, quiz)
    assert set(VALUE.findall(page(client, second))).isdisjoint(english)


def test_a_choice_id_posted_as_the_answer_is_refused(client):
    question = make_question(Question.Kind.SINGLE)
    attempt = start(client, make_quiz([question]))
    right = question.choices.get(is_correct=True)
    response = client.post(f"/en/attempts/{attempt.public_id}/q/1/", {"choice": right.pk})
    assert response.status_code == 400
    assertContains(response, "not one of this question", status_code=400)
    assert Response.objects.count() == 0


# --- Order questions ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_an_untouched_order_question_is_not_an_answer(client, lang):
    question = make_question(Question.Kind.ORDER)
    attempt = start(client, make_quiz([question]), lang)
    html = page(client, attempt, lang=lang)
    assert not re.search(r'<option value="\d+" selected', html)  # every select starts on the empty "—"
    untouched = {f"place_{token}": "" for token in PLACE.findall(html)}
    response = client.post(f"/{lang}/attempts/{attempt.public_id}/q/1/", untouched)
    assert response.status_code == 400
    assertContains(
        response, "Give every item a place." if lang == "en" else "Укажите место для каждого пункта", status_code=400
    )
    assert Response.objects.count() == 0


@pytest.mark.parametrize("size", [2, 3, 5])
def test_an_order_question_is_never_shown_in_the_correct_order(size):
    question = make_question(Question.Kind.ORDER)
    question.choices.all().delete()
    for position in range(1, size + 1):
        question.choices.create(text_en=f"Event {position}", text_ru=f"Событие {position}", position=position)
    question = Question.objects.prefetch_related("choices").get(pk=question.pk)
    correct = [c.pk for c in question.choices.all()]
    shown = {
        tuple(_choice_order([question], shuffle=False, rng=random.Random(seed))[str(question.pk)])
        for seed in range(300)
    }
    assert tuple(correct) not in shown
    assert len(shown) == (1 if size == 2 else len(shown))  # with two items, only the reverse remains
    assert len(shown) > 1 or size == 2


# --- A bot that reads only the HTML scores no better than chance on the shipped bank --------------


@pytest.fixture(scope="module")
def shipped_bank(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("loaddata", *sorted(str(p) for p in CONTENT.glob("*.json")), verbosity=0)
        yield
        for model in (Attempt, Card, Deck, Quiz, Question, Fact, Topic):
            model.objects.all().delete()


def _bot_run(client, shuffle: bool) -> dict[str, list[float]]:
    """Every choice question of the bank on its page; the points each strategy would earn."""
    # Number and typed questions show nothing to pick from.
    blind = (Question.Kind.NUMBER, Question.Kind.TYPED)
    questions = list(Question.objects.published().exclude(kind__in=blind).prefetch_related("choices"))
    quiz = make_quiz(questions, shuffle_choices=shuffle)
    attempt = start(client, quiz)
    earned = {
        "single: smallest token": [],
        "single: first shown": [],
        "single: chance": [],
        "multiple: smallest token": [],
        "multiple: first shown": [],
        "multiple: chance": [],
        "order: tokens sorted": [],
        "order: as shown": [],
        "matching: tokens sorted": [],
        "matching: as shown": [],
        "matching: chance": [],
    }
    for number, question_id in enumerate(attempt.question_ids, start=1):
        question = next(q for q in questions if q.pk == question_id)
        by_token = {token: pk for pk, token in choice_tokens(question, attempt).items()}
        html = page(client, attempt, number)
        key = grading_key(question, list(question.choices.all()))
        if question.kind == Question.Kind.ORDER:
            shown = PLACE.findall(html)
            for name, tokens in (("order: tokens sorted", sorted(shown)), ("order: as shown", shown)):
                earned[name].append(grading.grade(key, {"order": [by_token[t] for t in tokens]}).points)
            continue
        if question.kind == Question.Kind.MATCHING:
            lefts, rights = PAIR.findall(html), list(dict.fromkeys(OPTION.findall(html)))
            right_of = {token: pk for pk, token in choice_tokens(question, f"{attempt.token_scope}:match").items()}
            for name, pairs in (
                ("matching: tokens sorted", zip(sorted(lefts), sorted(rights), strict=True)),
                ("matching: as shown", zip(lefts, rights, strict=True)),
            ):
                answer = {"pairs": {str(by_token[left]): right_of[right] for left, right in pairs}}
                earned[name].append(grading.grade(key, answer).points)
            earned["matching: chance"].append(1 / len(lefts))
            continue
        shown = VALUE.findall(html)
        group = "multiple" if question.kind == Question.Kind.MULTIPLE else "single"
        for name, token in ((f"{group}: smallest token", min(shown)), (f"{group}: first shown", shown[0])):
            earned[name].append(1.0 if by_token[token] in key.correct_ids else 0.0)
        earned[f"{group}: chance"].append(len(key.correct_ids) / len(shown))
    return earned


def _no_better_than_chance(hits: list[float], chance: list[float]) -> bool:
    """The bot's hit rate stays within 3.3 standard errors of what blind guessing expects
    (a false alarm about once in two thousand runs; the id-reading bot of issue 11 scored 74 % against 33 %)."""
    expected = statistics.mean(chance)
    spread = (sum(p * (1 - p) for p in chance) ** 0.5) / len(chance)
    return statistics.mean(hits) <= expected + 3.3 * spread


@pytest.mark.parametrize("shuffle", [True, False])
def test_a_bot_reading_the_html_scores_no_better_than_chance(client, shipped_bank, shuffle):
    earned = _bot_run(client, shuffle)
    for group in ("single", "multiple"):
        for strategy in ("smallest token", "first shown"):
            hits = earned[f"{group}: {strategy}"]
            assert _no_better_than_chance(hits, earned[f"{group}: chance"]), (group, strategy, statistics.mean(hits))
    # Order: a random order earns half the pairs on average; the order shown is never the right one.
    assert 1.0 not in earned["order: as shown"]
    for name in ("order: tokens sorted", "order: as shown"):
        points = earned[name]
        assert statistics.mean(points) <= 0.5 + 3.3 * (0.3 / len(points) ** 0.5), (name, statistics.mean(points))
    # Matching: a blind pairing gets one pair right on average, a share of 1/n.
    for name in ("matching: tokens sorted", "matching: as shown"):
        assert _no_better_than_chance(earned[name], earned["matching: chance"]), (name, statistics.mean(earned[name]))


# --- Feedback at the end stays hidden until the end ----------------------------------------------


def _exam_with_cards(**quiz_fields):
    fact = make_fact()
    make_card(make_deck(), fact=fact)
    question = make_question(Question.Kind.SINGLE, fact=fact)
    other = make_question(Question.Kind.SINGLE)
    return fact, question, make_quiz([question, other], **{"feedback": Quiz.Feedback.END, **quiz_fields})


def test_a_wrong_answer_in_an_end_feedback_quiz_brings_cards_back_only_at_the_end(client):
    fact, question, quiz = _exam_with_cards()
    attempt = start(client, quiz)
    wrong = question.choices.filter(is_correct=False).first()
    number = attempt.question_ids.index(question.pk) + 1
    client.post(f"/en/attempts/{attempt.public_id}/q/{number}/", answer_post(question, attempt, [wrong]))
    assert Response.objects.get().is_correct is False
    assert not CardState.objects.exists()  # the deck's "due" count would have said "wrong"
    client.post(f"/en/attempts/{attempt.public_id}/finish/")
    assert list(CardState.objects.values_list("card__fact", flat=True)) == [fact.pk]


def test_a_wrong_answer_with_immediate_feedback_brings_cards_back_at_once(client):
    fact, question, quiz = _exam_with_cards()
    quiz.feedback = Quiz.Feedback.IMMEDIATE
    quiz.save()
    attempt = start(client, quiz)
    wrong = question.choices.filter(is_correct=False).first()
    number = attempt.question_ids.index(question.pk) + 1
    client.post(f"/en/attempts/{attempt.public_id}/q/{number}/", answer_post(question, attempt, [wrong]))
    assert list(CardState.objects.values_list("card__fact", flat=True)) == [fact.pk]


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "You can practise this fact once you have finished the test you have started"),
        ("ru", "Потренироваться на этом факте можно будет, когда вы закончите начатый тест"),
    ],
)
@pytest.mark.parametrize("quiz_fields", [{}, {"feedback": Quiz.Feedback.IMMEDIATE, "time_limit_minutes": 20}])
def test_practice_of_a_fact_in_an_unfinished_exam_is_refused(client, lang, message, quiz_fields):
    fact, _question, quiz = _exam_with_cards(**quiz_fields)
    attempt = start(client, quiz)
    response = client.post(f"/{lang}/facts/{fact.slug}/practice/", follow=True)
    assertContains(response, message)
    assert Attempt.objects.count() == 1
    client.post(f"/en/attempts/{attempt.public_id}/finish/")
    client.post(f"/{lang}/facts/{fact.slug}/practice/")
    assert Attempt.objects.count() == 2  # once the exam is over, practice is open again


def test_practice_is_open_beside_an_immediate_feedback_quiz_without_a_time_limit(client):
    fact, _question, quiz = _exam_with_cards(time_limit_minutes=None)
    quiz.feedback = Quiz.Feedback.IMMEDIATE
    quiz.save()
    start(client, quiz)
    client.post(f"/en/facts/{fact.slug}/practice/")
    assert Attempt.objects.filter(quiz__is_practice=True).count() == 1


# --- A teacher's edit is never cached stale ----------------------------------------------------


def test_an_answer_key_cached_by_a_request_before_the_commit_is_forgotten_on_commit(
    client, django_capture_on_commit_callbacks
):
    question = make_question(Question.Kind.SINGLE)
    attempt = start(client, make_quiz([question]))
    content_cache.question_with_choices(question.pk)
    old = cache.get(content_cache._key(question.pk))
    old_right = question.choices.get(is_correct=True)
    new_right = question.choices.exclude(pk=old_right.pk).first()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        old_right.is_correct, new_right.is_correct = False, True
        old_right.save()
        new_right.save()
        # A student's request on another connection, before the COMMIT, reads and caches the old key.
        cache.set(content_cache._key(question.pk), old, 3600)
    client.post(f"/en/attempts/{attempt.public_id}/q/1/", correct_post(question, attempt))
    assert Response.objects.get().is_correct is True

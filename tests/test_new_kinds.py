"""The typed-answer, matching and diagram kinds, end to end through the question page, in both
languages: what is accepted, what earns partial credit, what a tampered form gets."""

import re

import pytest
from pytest_django.asserts import assertContains

from quiz import grading
from quiz.kinds import typed
from quiz.models import Attempt, Choice, Question, Response
from tests.factories import choice_tokens, correct_post, make_question, make_quiz, make_user

pytestmark = pytest.mark.django_db


def start(client, question, lang="en") -> Attempt:
    client.post(f"/{lang}/quizzes/{make_quiz([question]).slug}/")
    return Attempt.objects.latest("started_at")


def answer(client, attempt, data, lang="en"):
    return client.post(f"/{lang}/attempts/{attempt.public_id}/q/1/", data)


def feedback(client, attempt, lang="en") -> str:
    return client.get(f"/{lang}/attempts/{attempt.public_id}/q/1/").content.decode()


# --- Typed answers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ru", "Leonov"),
        ("en", "Леонов"),
        ("en", "леонова"),
        ("ru", "  LEONOV!  "),
        ("en", "alexei-leonov"),
        ("ru", "Алексей  Леонов."),
    ],
)
def test_a_typed_answer_is_accepted_in_either_language_whatever_the_page(client, lang, text):
    attempt = start(client, make_question(Question.Kind.TYPED), lang)
    assert answer(client, attempt, {"text": text}, lang).status_code == 302
    assert Response.objects.get().is_correct is True
    assert "note the spelling" not in feedback(client, attempt)


def test_yo_is_folded_but_shown():
    key = grading.Key(kind="typed", correct_ids=frozenset({1}), accepted=((1, ("Korolev", "Королёв")),))
    assert typed.match(key, "королев") == (1, False)
    assert typed.match(key, "КОРОЛЁВ") == (1, False)


@pytest.mark.parametrize(
    ("lang", "note"),
    [("en", "Accepted — note the spelling: Leonov"), ("ru", "Засчитано, но обратите внимание на написание: Леонов")],
)
def test_one_small_typo_in_a_longer_answer_is_forgiven_with_a_note(client, lang, note):
    attempt = start(client, make_question(Question.Kind.TYPED), lang)
    answer(client, attempt, {"text": "Alexei Leonof"}, lang)
    assert Response.objects.get().is_correct is True
    assertContains(client.get(f"/{lang}/attempts/{attempt.public_id}/q/1/"), note)


@pytest.mark.parametrize("text", ["Leonv", "Leo", "Gagarin", "Alexei Lenonf"])
def test_short_answers_need_exact_spelling_and_two_typos_are_wrong(client, text):
    attempt = start(client, make_question(Question.Kind.TYPED))
    answer(client, attempt, {"text": text})
    assert Response.objects.get().is_correct is False
    assertContains(client.get(f"/en/attempts/{attempt.public_id}/q/1/"), "Correct answer:")


@pytest.mark.parametrize(
    ("lang", "data", "message"),
    [
        ("en", {"text": ""}, "Type your answer."),
        ("ru", {"text": "   "}, "Введите ответ."),
        ("ru", {"text": "x" * 201}, "Ответ слишком длинный: не больше 200 символов."),
    ],
)
def test_an_empty_or_huge_typed_answer_is_refused(client, lang, data, message):
    attempt = start(client, make_question(Question.Kind.TYPED), lang)
    response = answer(client, attempt, data, lang)
    assertContains(response, message, status_code=400)
    assert Response.objects.count() == 0


def test_statistics_count_typed_wrong_answers_folded():
    kind = Question.Kind.TYPED
    from quiz.item_analysis import wrong_picks

    assert wrong_picks(kind, {"text": "Гагарин"}, [], False) == ("гагарин",)
    assert wrong_picks(kind, {"text": "Leonov"}, [], True) == ()


def test_statistics_list_the_commonest_wrong_typed_answers_per_language():
    from quiz import reports
    from quiz.ownership import Learner
    from quiz.taking import finish_attempt, record_answer, start_attempt

    question = make_question(Question.Kind.TYPED)
    quiz = make_quiz([question])
    typed_answers = [
        ("en", "Komarov"),
        ("en", "KOMAROV."),
        ("en", "Gagarin"),
        ("en", "Titov"),
        ("en", "Leonov"),
        ("ru", "Гагарин"),
        ("ru", "Гагарин"),
        ("ru", "Титов"),
        ("ru", "Быковский"),
        ("ru", "Попов"),
    ]
    for lang, text in typed_answers:
        attempt = start_attempt(quiz=quiz, learner=Learner(user_id=make_user().pk, anon_key=""))
        choices = list(question.choices.all())
        record_answer(attempt=attempt, question=question, choices=choices, answer={"text": text}, language=lang)
        finish_attempt(attempt)
    [row] = reports.statistics_rows(Attempt.objects.all())
    # Folded: "Komarov" and "KOMAROV." are one answer; the right "Leonov" is not listed; three at most.
    assert row.top_wrong["en"] == "komarov (2); gagarin (1); titov (1)"
    assert row.top_wrong["ru"] == "гагарин (2); титов (1); быковский (1)"
    assert set(row.top_wrong["all"].split("; ")[:2]) == {"komarov (2)", "гагарин (2)"}


# --- Matching -------------------------------------------------------------------------------------


def pairs_post(question, attempt, mapping) -> dict:
    """mapping: left choice → the choice whose match is picked for it."""
    return question.kind_handler.form_data(
        {"pairs": {str(left.pk): right.pk for left, right in mapping.items()}}, attempt.token_scope
    )


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_fully_right_matching_earns_the_point(client, lang):
    question = make_question(Question.Kind.MATCHING)
    attempt = start(client, question, lang)
    assert answer(client, attempt, correct_post(question, attempt), lang).status_code == 302
    assert (Response.objects.get().points, Response.objects.get().is_correct) == (1.0, True)


def test_one_swapped_pair_of_three_earns_a_third(client):
    question = make_question(Question.Kind.MATCHING)
    first, second, third = question.choices.order_by("position")
    attempt = start(client, question)
    answer(client, attempt, pairs_post(question, attempt, {first: second, second: first, third: third}))
    response = Response.objects.get()
    assert (response.points, response.is_correct) == (0.3333, False)
    page = feedback(client, attempt)
    assert "you matched it with Soyuz commander" in page and "Your answer is partly correct" in page


def test_the_right_side_is_named_apart_from_the_left(client):
    question = make_question(Question.Kind.MATCHING)
    attempt = start(client, question)
    html = feedback(client, attempt)
    left = set(re.findall(r'name="pair_([0-9a-f]+)"', html))
    right = set(re.findall(r'<option value="([0-9a-f]+)"', html))
    assert left == set(choice_tokens(question, attempt).values())
    assert len(right) == 3 and left.isdisjoint(right)


@pytest.mark.parametrize(
    ("lang", "message"),
    [("en", "Use each item on the right once."), ("ru", "Каждый пункт справа можно выбрать только один раз.")],
)
def test_the_same_match_twice_is_refused(client, lang, message):
    question = make_question(Question.Kind.MATCHING)
    first, second, third = question.choices.order_by("position")
    attempt = start(client, question, lang)
    response = answer(client, attempt, pairs_post(question, attempt, {first: first, second: first, third: third}), lang)
    assertContains(response, message, status_code=400)
    assert Response.objects.count() == 0


def test_an_untouched_matching_is_not_an_answer(client):
    question = make_question(Question.Kind.MATCHING)
    attempt = start(client, question)
    untouched = {f"pair_{token}": "" for token in choice_tokens(question, attempt).values()}
    assertContains(answer(client, attempt, untouched), "Match every item.", status_code=400)


def test_a_matching_question_needs_a_match_for_every_item():
    question = make_question(Question.Kind.MATCHING)
    choices = list(question.choices.all())
    choices[1].match_en = ""
    assert question.check_choices(choices) == ["Give every item its match, in every language."]
    choices[1].match_en, choices[2].match_ru = "Soyuz commander", ""
    assert question.check_choices(choices) == ["Give every item its match, in every language."]


# --- Diagram --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_diagram_question_shows_the_picture_and_its_parts_as_choices(client, lang):
    question = make_question(Question.Kind.DIAGRAM)
    attempt = start(client, question, lang)
    html = feedback(client, attempt, lang)
    assert 'data-region="docking-module"' in html and "<svg" in html
    assert ("Стыковочный модуль" if lang == "ru" else "Docking module") in html
    tokens = choice_tokens(question, attempt)
    assert sorted(re.findall(r'name="choice" value="([0-9a-f]+)"', html)) == sorted(tokens.values())
    assert answer(client, attempt, correct_post(question, attempt), lang).status_code == 302
    assert Response.objects.get().is_correct is True
    assert "is-right" in feedback(client, attempt, lang)


def test_a_diagram_question_checks_its_picture_and_parts():
    question = make_question(Question.Kind.DIAGRAM)
    choices = list(question.choices.all())
    assert question.check_choices(choices) == []
    choices[0].region = "launch-pad"
    assert "Each choice names a part of the picture" in question.check_choices(choices)[0]
    choices[0].region = choices[1].region
    assert question.check_choices(choices) == ["Each part of the picture can be a choice only once."]
    question.diagram = ""
    assert question.check_choices(choices) == ["Choose the picture this question is asked on."]


def test_every_diagram_has_a_picture_with_every_named_part():
    from django.template.loader import render_to_string

    from quiz.diagrams import DIAGRAMS

    for diagram in DIAGRAMS.values():
        svg = render_to_string(diagram.template, {"marks": {}})
        assert sorted(re.findall(r'data-region="([\w-]+)"', svg)) == sorted(diagram.regions), diagram.name


def test_choice_defaults_keep_old_kinds_unaffected():
    assert Choice(text_en="x").match == "" and Choice(text_en="x").region == ""

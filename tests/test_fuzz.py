"""Property tests: whatever body is posted to the answer and rating endpoints — wrong types, huge
numbers, unicode, missing and repeated fields, undecodable bytes — the answer is never a 5xx, and a
body that is refused changes nothing that is stored."""

from collections import Counter
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz import grading
from quiz.models import Attempt, CardState, Direction, Question, Response, ReviewLog
from quiz.taking import grading_key
from tests.factories import FIRST_KINDS as KINDS
from tests.factories import choice_tokens, make_card, make_deck, make_fact, make_question, make_quiz

pytestmark = pytest.mark.django_db

EXAMPLES = 500
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

tricky_text = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "1975",
        " 1975 ",
        "1975.0001",
        "1,975",
        "1_975",
        "１９７５",
        "٣",
        "1e999999",
        "-1e-999999",
        "NaN",
        "-Infinity",
        "inf",
        "0x7B",
        "None",
        "null",
        "true",
        "[]",
        "{}",
        "' OR 1=1 --",
        "<script>",
        "\x00",
        "\ud7ff",
        "😀",
        "Рукопожатие",
        "9" * 400,
        "%",
        "%ZZ",
        "&",
        "=",
    ]
)
huge_numbers = st.integers(min_value=-(10**40), max_value=10**40).map(str)
floats = st.floats(allow_nan=True, allow_infinity=True).map(repr)
values = st.one_of(tricky_text, huge_numbers, floats, st.text(max_size=40), st.booleans().map(str))


def form_bodies(field_names: list[str], good_values: list[str]):
    """Lists of (field, value) pairs: known fields and strangers, sometimes repeated, sometimes missing."""
    names = st.one_of(st.sampled_from(field_names), st.text(max_size=12))
    value = st.one_of(st.sampled_from(good_values), values)
    return st.lists(st.tuples(names, value), max_size=8)


def mutated(valid: dict[str, list[str]], field_names: list[str]):
    """A valid body, then a few edits: a field dropped, repeated or given a strange value."""
    edits = st.lists(
        st.tuples(st.sampled_from(["drop", "repeat", "replace"]), st.sampled_from(field_names), values), max_size=3
    )

    def apply(edit_list):
        body = {name: list(vals) for name, vals in valid.items()}
        for op, name, value in edit_list:
            if op == "drop":
                body.pop(name, None)
            elif op == "repeat":
                body.setdefault(name, []).append(value)
            else:
                body[name] = [value]
        return [(name, value) for name, vals in body.items() for value in vals]

    return edits.map(apply)


def raw_bodies():
    """Bodies no form would send: raw bytes under any content type."""
    return st.tuples(
        st.binary(max_size=300),
        st.sampled_from(
            [
                "application/x-www-form-urlencoded",
                "application/json",
                "text/plain",
                "multipart/form-data; boundary=xyz",
                "multipart/form-data",
                "application/octet-stream",
            ]
        ),
    )


def post(client, url, body):
    if isinstance(body, tuple):
        data, content_type = body
    else:
        data, content_type = urlencode(body).encode("utf-8", "surrogatepass"), "application/x-www-form-urlencoded"
    return client.generic("POST", url, data, content_type=content_type)


def test_answer_endpoint_never_fails_and_stores_nothing_from_a_refused_body(client):
    fact = make_fact()
    quiz = make_quiz([make_question(kind, fact=fact) for kind in KINDS])
    client.post(f"/en/quizzes/{quiz.slug}/")
    attempt = Attempt.objects.get()
    questions = [Question.objects.prefetch_related("choices").get(pk=pk) for pk in attempt.question_ids]
    choice_ids = [token for q in questions for token in choice_tokens(q, attempt).values()]
    fields = ["choice", "choices", "number", "csrfmiddlewaretoken"] + [f"place_{pk}" for pk in choice_ids]
    good = choice_ids + ["1", "2", "3", "1975"]
    seen = Counter()

    def valid_answer(question) -> st.SearchStrategy:
        ids = list(choice_tokens(question, attempt).values())
        if question.kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE):
            return st.sampled_from(ids).map(lambda pk: {"choice": [pk]})
        if question.kind == Question.Kind.MULTIPLE:
            return st.lists(st.sampled_from(ids), min_size=1, unique=True).map(lambda picked: {"choices": picked})
        if question.kind == Question.Kind.NUMBER:
            return st.integers(min_value=1900, max_value=2000).map(lambda year: {"number": [str(year)]})
        return st.permutations(range(1, len(ids) + 1)).map(
            lambda places: {f"place_{pk}": [str(place)] for pk, place in zip(ids, places, strict=True)}
        )

    @FUZZ
    @given(
        number=st.integers(min_value=0, max_value=len(questions) + 1),
        lang=st.sampled_from(["en", "ru"]),
        data=st.data(),
    )
    def check(number, lang, data):
        nearly_valid = (
            valid_answer(questions[number - 1]).flatmap(lambda valid: mutated(valid, fields))
            if 1 <= number <= len(questions)
            else st.nothing()
        )
        body = data.draw(st.one_of(nearly_valid, form_bodies(fields, good), raw_bodies()))
        url = f"/{lang}/attempts/{attempt.public_id}/q/{number}/"
        before = Response.objects.count()
        response = post(client, url, body)
        seen[response.status_code] += 1
        assert response.status_code < 500
        stored = list(Response.objects.filter(attempt=attempt))
        if response.status_code == 302:
            # Accepted: exactly one response, for this question, graded as grading says.
            [new] = stored
            question = questions[number - 1]
            assert new.question_id == question.pk
            fresh = grading.grade(grading_key(question, list(question.choices.all())), new.answer)
            assert (new.points, new.is_correct) == (fresh.points, fresh.is_correct)
            new.delete()  # answerable again for the next example
        else:
            assert response.status_code in (400, 404, 405, 409)
            assert len(stored) == before == 0
        fresh_attempt = Attempt.objects.get(pk=attempt.pk)
        assert (fresh_attempt.submitted_at, fresh_attempt.score) == (None, 0.0)

    check()
    assert sum(seen.values()) >= EXAMPLES
    assert seen[302] and seen[400] and seen[404], seen  # valid, invalid and out-of-range bodies all came up


def test_rating_endpoint_never_fails_and_stores_nothing_from_a_refused_body(client):
    deck = make_deck()
    cards = [make_card(deck, fact=make_fact()) for _n in range(3)]
    other = make_card(make_deck())
    url = f"/en/decks/{deck.slug}/study/{Direction.FACT}/"
    assert client.get(url).status_code == 200
    fields = ["card", "direction", "reps", "rating", "csrfmiddlewaretoken"]
    good = [str(c.pk) for c in cards] + [str(other.pk), Direction.FACT, Direction.EN_RU, "0", "1", "2", "3", "4", "5"]
    seen = Counter()

    def stored():
        return (
            list(CardState.objects.order_by("pk").values_list("pk", "reps", "due", "stability")),
            ReviewLog.objects.count(),
        )

    valid_rating = st.fixed_dictionaries(
        {
            "card": st.sampled_from([str(c.pk) for c in cards]).map(lambda pk: [pk]),
            "direction": st.just([Direction.FACT]),
            "reps": st.integers(min_value=0, max_value=3).map(lambda n: [str(n)]),
            "rating": st.integers(min_value=1, max_value=4).map(lambda n: [str(n)]),
        }
    )

    @FUZZ
    @given(
        body=st.one_of(
            valid_rating.flatmap(lambda valid: mutated(valid, fields)), form_bodies(fields, good), raw_bodies()
        )
    )
    def check(body):
        states_before, logs_before = stored()
        response = post(client, url, body)
        seen[response.status_code] += 1
        assert response.status_code < 500
        states_after, logs_after = stored()
        if response.status_code == 302:
            # Accepted: one more review, on a card of this deck, and that card's review count went up by one.
            assert logs_after == logs_before + 1
            log = ReviewLog.objects.select_related("card_state").latest("id")
            assert log.card_state.card.deck_id == deck.pk
            assert log.reps == log.card_state.reps
        else:
            assert response.status_code in (400, 404, 405, 409)
            assert (states_after, logs_after) == (states_before, logs_before)

    check()
    assert sum(seen.values()) >= EXAMPLES
    assert seen[302] and seen[400] and seen[409], seen  # accepted, refused and stale ratings all came up

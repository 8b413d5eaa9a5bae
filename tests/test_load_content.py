"""load_content: the bank loads and updates in place, retired items are unpublished, and what
teachers add gets ids the shipped bank never uses."""

import pytest
from django.core.management import call_command

from quiz.management.commands.load_content import FIRST_LOCAL_ID
from quiz.models import Attempt, Card, Deck, Fact, Question, Quiz, Topic
from tests.factories import make_question

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _empty_content():
    yield
    for model in (Attempt, Card, Deck, Quiz, Question, Fact, Topic):
        model.objects.all().delete()


def test_teacher_content_gets_ids_outside_the_shipped_range():
    call_command("load_content", verbosity=0)
    question = make_question(topic=Topic.objects.first())
    assert question.pk >= FIRST_LOCAL_ID
    assert question.choices.order_by("pk").first().pk >= FIRST_LOCAL_ID


def test_loading_again_changes_nothing_and_keeps_local_content():
    call_command("load_content", verbosity=0)
    local = make_question(topic=Topic.objects.first(), text_en="A teacher's own question?")
    counts = (Question.objects.count(), Fact.objects.count(), Card.objects.count())
    call_command("load_content", verbosity=0)
    assert (Question.objects.count(), Fact.objects.count(), Card.objects.count()) == counts
    local.refresh_from_db()
    assert local.text_en == "A teacher's own question?"
    assert local.is_published is True


def test_a_question_dropped_from_the_bank_is_unpublished_not_deleted():
    call_command("load_content", verbosity=0)
    make_question(topic=Topic.objects.first(), id=7999)  # as if an older bank had shipped it
    call_command("load_content", verbosity=0)
    assert Question.objects.get(pk=7999).is_published is False


def test_a_card_dropped_from_the_bank_is_deleted_and_teachers_cards_stay():
    from tests.factories import make_card

    call_command("load_content", verbosity=0)
    deck = Deck.objects.first()
    make_card(deck, id=7999)  # as if an older bank had shipped it (the merged duplicate 7006, say)
    local = make_card(deck)
    call_command("load_content", verbosity=0)
    assert not Card.objects.filter(pk=7999).exists()
    assert Card.objects.filter(pk=local.pk).exists() and local.pk >= FIRST_LOCAL_ID


def test_loading_again_moves_choices_in_place():
    """A site that loaded an older bank, where choices sat in other positions, gets the new positions
    on the same rows: stored answers refer to choice ids."""
    import json

    from quiz.management.commands.load_content import CONTENT
    from quiz.models import Choice

    shipped = {
        obj["pk"]: obj["fields"]["position"]
        for path in CONTENT.glob("*.json")
        for obj in json.loads(path.read_text(encoding="utf-8"))
        if obj["model"] == "quiz.choice"
    }
    call_command("load_content", verbosity=0)
    correct = Choice.objects.filter(question__kind=Question.Kind.SINGLE, is_correct=True).exclude(position=1)
    moved = list(correct.values_list("pk", flat=True))
    assert moved
    correct.update(position=1)  # as the older bank had it
    call_command("load_content", verbosity=0)
    assert dict(Choice.objects.filter(pk__lt=FIRST_LOCAL_ID).values_list("pk", "position")) == shipped
    assert all(shipped[pk] != 1 for pk in moved)

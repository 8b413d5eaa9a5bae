"""The shipped content bank: loads on an empty database, complete in both languages, valid, big enough."""

from pathlib import Path

import pytest
from django.core.management import call_command

from quiz.content_checks import build_report, correct_position_problems, person_problems
from quiz.models import Attempt, Card, Choice, Deck, Fact, Question, Quiz, Topic
from tests.factories import make_question, make_topic

pytestmark = pytest.mark.django_db
CONTENT = Path(__file__).resolve().parent.parent / "fixtures" / "content"


@pytest.fixture(scope="module")
def bank(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("loaddata", *sorted(str(p) for p in CONTENT.glob("*.json")), verbosity=0)
        yield build_report()
        # Not flush: that would also empty the permissions and the Teachers group other tests rely on.
        for model in (Attempt, Card, Deck, Quiz, Question, Fact, Topic):
            model.objects.all().delete()


def test_the_bank_has_no_problems(bank):
    assert bank.problems == []


def test_counts_meet_the_minimums(bank):
    counts = bank.counts
    assert counts["topics"] >= 8
    assert counts["facts"] >= 60
    assert counts["questions"] >= 120
    assert counts["quizzes"] >= 6
    assert counts["cards"] >= 80
    assert counts["vocabulary"] >= 50
    assert min(counts["by_topic"].values()) >= 10
    assert counts["by_kind"]["multiple"] >= 15
    assert counts["by_kind"]["true_false"] >= 15
    assert counts["by_kind"]["number"] >= 10
    assert counts["by_kind"]["order"] >= 10
    assert counts["by_kind"]["single"] == max(counts["by_kind"].values())
    assert all(counts["by_difficulty"][level] >= counts["questions"] // 5 for level in (1, 2, 3))


def test_explanations_have_two_sentences_or_more(bank):
    import re

    for question in Question.objects.all():
        for text in (question.explanation_en, question.explanation_ru):
            assert len(re.findall(r"[.!?…](\s|$)", text.strip())) >= 2, question.pk


def test_every_published_quiz_can_be_started(bank):
    for quiz in Quiz.objects.published():
        assert len(quiz.draw_question_ids()) >= 5, quiz.slug


def test_correct_answers_are_spread_over_the_positions(bank):
    published = list(Question.objects.filter(is_published=True).prefetch_related("choices"))
    assert correct_position_problems(published) == []
    for kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        correct = Choice.objects.filter(question__is_published=True, question__kind=kind, is_correct=True)
        first = correct.filter(position=1).count()
        assert first * 100 <= 40 * correct.count(), kind


def test_true_false_choices_keep_true_first(bank):
    for choice in Choice.objects.filter(question__kind=Question.Kind.TRUE_FALSE):
        assert (choice.position, choice.text_en, choice.text_ru) in {
            (1, "True", "Да, верно"),
            (2, "False", "Нет, неверно"),
        }


def test_correct_answers_piled_in_position_one_are_reported():
    topic = make_topic()
    # make_question puts the correct choice first; moving one of five to position 2 leaves 80 % in position 1.
    singles = [make_question(topic=topic) for _ in range(5)]
    singles[0].choices.filter(position=2).update(position=9)
    singles[0].choices.filter(position=1).update(position=2)
    # Multiple: correct at 1, 2 and 4 (a third each), so this kind passes while the singles fail.
    multiples = [make_question(Question.Kind.MULTIPLE, topic=topic) for _ in range(3)]
    questions = Question.objects.filter(pk__in=[q.pk for q in singles + multiples]).prefetch_related("choices")
    assert correct_position_problems(questions) == [
        "single questions: position 1 holds 4 of 5 correct answers (80 %), more than 40 %; "
        "spread them over the positions"
    ]


def test_a_kind_at_exactly_forty_percent_passes():
    topic = make_topic()
    singles = [make_question(topic=topic) for _ in range(5)]
    for question, position in zip(singles[2:], (2, 3, 3), strict=True):
        question.choices.filter(is_correct=True).update(position=position)
    questions = Question.objects.filter(pk__in=[q.pk for q in singles]).prefetch_related("choices")
    assert correct_position_problems(questions) == []
    singles[2].choices.filter(is_correct=True).update(position=1)
    assert correct_position_problems(questions.all())[0].startswith("single questions: position 1 holds 3 of 5")


def test_no_person_is_the_subject_of_more_than_five_questions():
    topic = make_topic()
    for n in range(6):
        make_question(topic=topic, text_en=f"What did Leonov do in {1960 + n}?")
    make_question(topic=topic, text_en="Whom did Stafford greet, and Leonov answer?")  # two people: not counted
    questions = Question.objects.filter(topic=topic).prefetch_related("choices")
    assert person_problems(questions) == ["6 questions are about Leonov: at most 5; ask about what happened, not who"]
    questions.filter(text_en__contains="1965").update(text_en="What happened in 1965?")
    assert person_problems(questions.all()) == []


def test_loading_twice_updates_in_place(bank):
    before = Question.objects.count()
    call_command("loaddata", str(CONTENT / "02-crews.json"), verbosity=0)
    assert Question.objects.count() == before


def test_content_report_command_passes(bank, capsys):
    call_command("content_report")
    assert "The content bank is complete and valid." in capsys.readouterr().out

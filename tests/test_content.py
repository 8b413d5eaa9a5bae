"""The shipped content bank: loads on an empty database, complete in both languages, valid, big enough."""

from pathlib import Path

import pytest
from django.core.management import call_command

from quiz.content_checks import build_report
from quiz.models import Attempt, Card, Deck, Fact, Question, Quiz, Topic

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


def test_loading_twice_updates_in_place(bank):
    before = Question.objects.count()
    call_command("loaddata", str(CONTENT / "02-crews.json"), verbosity=0)
    assert Question.objects.count() == before


def test_content_report_command_passes(bank, capsys):
    call_command("content_report")
    assert "The content bank is complete and valid." in capsys.readouterr().out

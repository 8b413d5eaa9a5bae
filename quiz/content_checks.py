"""Checks of the content bank, shared by `manage.py content_report` and the tests."""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch

from . import languages
from .models import Card, Choice, Deck, Fact, Question, Quiz, Topic

# Above this share of a kind's correct answers in one position, a learner scores by guessing that position.
MAX_CORRECT_PERCENT = 40
# A bank about five people is easily a bank of trivia about them: at most this many questions are
# about any one person — the only person a question names, in its English text or its one correct
# answer (a question naming two, the handshake's, is about what they did together).
MAX_PER_PERSON = 5
PEOPLE = (
    "Stafford",
    "Leonov",
    "Slayton",
    "Kubasov",
    "Brand",
    "Kennedy",
    "Syromyatnikov",
    "Bushuyev",
    "Siddiqi",
    "Odom",
    "Krasnyak",
    "Nixon",
    "Brezhnev",
    "Kosygin",
    "Lunney",
)


@dataclass
class Report:
    counts: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _label(obj) -> str:
    return f"{obj._meta.model_name} {obj.pk}"


def missing_translations() -> list[str]:
    """Required translated fields left empty, in any language (modeltranslation's registry says which)."""
    problems = []
    for model, fields in languages.translated_fields().items():
        for obj in model.objects.all():
            for name, required_in in fields.items():
                for code in required_in:
                    if not (getattr(obj, f"{name}_{code}") or "").strip():
                        problems.append(f"{_label(obj)}: {name}_{code} is empty")
    return problems


def question_problems(questions) -> list[str]:
    problems = []
    texts = {
        code: Counter((getattr(q, f"text_{code}") or "").strip().lower() for q in questions)
        for code in languages.codes()
    }
    for q in questions:
        problems += [f"question {q.pk}: {p}" for p in q.check_choices(list(q.choices.all()))]
        if q.fact_id is None:
            problems.append(f"question {q.pk}: no fact link")
        if q.kind == Question.Kind.NUMBER and q.number_answer is None:
            problems.append(f"question {q.pk}: no correct number")
        for code in languages.codes():
            text = (getattr(q, f"text_{code}") or "").strip().lower()
            if text and texts[code][text] > 1:
                problems.append(f"question {q.pk}: duplicate text_{code}")
    return problems


def correct_position_problems(questions) -> list[str]:
    """Where single- and multiple-choice questions keep their correct answers, each kind counted on its own:
    no position may hold more than MAX_CORRECT_PERCENT % of them."""
    problems = []
    for kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.DIAGRAM):
        positions = Counter(c.position for q in questions if q.kind == kind for c in q.choices.all() if c.is_correct)
        total = positions.total()
        for position, count in sorted(positions.items()):
            if count * 100 > MAX_CORRECT_PERCENT * total:
                problems.append(
                    f"{kind} questions: position {position} holds {count} of {total} correct answers "
                    f"({count * 100 // total} %), more than {MAX_CORRECT_PERCENT} %; spread them over the positions"
                )
    return problems


def person_problems(questions) -> list[str]:
    """People who are the subject of more than MAX_PER_PERSON questions."""
    counts = Counter()
    for q in questions:
        answers = [c.text_en or "" for c in q.choices.all() if c.is_correct]
        about = " ".join([q.text_en or "", *(answers if len(answers) == 1 else [])])
        about = re.sub(r"\b(Kennedy|Johnson) Space Center\b", "", about)  # places, not people
        named = [name for name in PEOPLE if re.search(rf"\b{name}\b", about)]
        if len(named) == 1:
            counts[named[0]] += 1
    return [
        f"{count} questions are about {name}: at most {MAX_PER_PERSON}; ask about what happened, not who"
        for name, count in sorted(counts.items())
        if count > MAX_PER_PERSON
    ]


def build_report() -> Report:
    questions = list(
        Question.objects.select_related("topic").prefetch_related(Prefetch("choices", queryset=Choice.objects.all()))
    )
    published = [q for q in questions if q.is_published]
    report = Report()
    report.counts = {
        "topics": Topic.objects.count(),
        "facts": Fact.objects.count(),
        "questions": len(published),
        "quizzes": Quiz.objects.published().count(),
        "cards": Card.objects.filter(deck__kind=Deck.Kind.FACTS).count(),
        "vocabulary": Card.objects.filter(deck__kind=Deck.Kind.VOCABULARY).count(),
        "by_topic": Counter(q.topic.slug for q in published),
        "by_kind": Counter(q.kind for q in published),
        "by_difficulty": Counter(q.difficulty for q in published),
    }
    report.problems = (
        missing_translations()
        + question_problems(questions)
        + correct_position_problems(published)
        + person_problems(published)
    )
    return report

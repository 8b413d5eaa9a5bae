"""A quiz laid out for paper: its questions in one language or two side by side, with space to
answer, and the answer key. Plain data for quiz/templates/quiz/teach/print.html; no PDF library:
the browser prints the page (or saves it as PDF) with the print stylesheet."""

import random

from django.db.models import Prefetch
from django.utils import translation

from . import languages
from .models import Choice, Question, Quiz

K = Question.Kind
WRITE_IN = {K.NUMBER, K.TYPED}  # answered on a line, not by ticking


def sample_question_ids(quiz: Quiz) -> list[int]:
    """The fixed list; for a quiz that draws at random, one draw, the same on every print of it."""
    return quiz.draw_question_ids(random.Random(f"print:{quiz.pk}"))


def printable(quiz: Quiz, codes: list[str]) -> list[dict]:
    """Each question with its version in every language of `codes`, and its correct answer in each."""
    ids = sample_question_ids(quiz)
    choices = Prefetch("choices", queryset=Choice.objects.order_by("position", "id"))
    by_id = {q.pk: q for q in Question.objects.filter(pk__in=ids).prefetch_related(choices)}
    items = []
    for number, question in enumerate((by_id[pk] for pk in ids if pk in by_id), start=1):
        shown = _as_printed(question)
        versions, key = [], []
        for code in codes:
            with translation.override(code):
                versions.append(_version(question, shown, code))
                key.append({"code": code, "answer": question.kind_handler.describe(question, shown, None)[1]})
        if len({entry["answer"] for entry in key}) == 1:
            key = key[:1]  # a number or a name the same in every language: once
        items.append(
            {
                "number": number,
                "question": question,
                "versions": versions,
                "key": key,
                "write_in": question.kind in WRITE_IN,
            }
        )
    return items


def _as_printed(question: Question) -> list[Choice]:
    choices = list(question.choices.all())
    if question.kind == K.ORDER:  # never in the right order on paper either
        rng = random.Random(question.pk)
        while len(choices) > 1 and [c.position for c in choices] == sorted(c.position for c in choices):
            rng.shuffle(choices)
    return choices


def _version(question: Question, choices: list[Choice], code: str) -> dict:
    texts = [choice.text for choice in choices] if question.kind not in WRITE_IN else []
    matches = sorted(choice.match for choice in choices) if question.kind == K.MATCHING else []
    return {
        "code": code,
        "name": languages.local_name(code),
        "text": question.text,
        "choices": texts,
        "matches": matches,
    }

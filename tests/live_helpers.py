"""Builders for live-game tests."""

import random

from quiz.live import services
from quiz.models import LiveGame, Question
from quiz.tokens import choice_token

from .factories import make_question, make_quiz, make_teacher


def make_game(kinds=(Question.Kind.SINGLE, Question.Kind.MULTIPLE), host=None, **settings) -> LiveGame:
    quiz = make_quiz([make_question(kind) for kind in kinds])
    return services.create_game(quiz=quiz, host=host or make_teacher(), rng=random.Random(7), **settings)


def fields_for(game: LiveGame, index: int, right: bool = True) -> dict:
    """What a phone sends for question `index`: right, or wrong."""
    question = Question.objects.get(pk=game.question_ids[index])
    choices = list(question.choices.all())
    kind = question.kind_handler
    if right:
        answer = kind.correct_answer(kind.key(question, choices))
    elif question.kind == Question.Kind.NUMBER:
        answer = {"number": "1812"}
    elif question.kind == Question.Kind.ORDER:
        answer = {"order": [c.pk for c in reversed(sorted(choices, key=lambda c: c.position))]}
    else:
        answer = {"choices": [next(c.pk for c in choices if not c.is_correct)]}
    data = kind.form_data(answer, game.token_scope)
    return {key: value if isinstance(value, list) else str(value) for key, value in data.items()}


def token(game, choice) -> str:
    return choice_token(game.token_scope, choice.pk)

"""Small builders for test data, both languages set explicitly."""

import itertools
from decimal import Decimal

from django.contrib.auth import get_user_model

from quiz.models import Choice, Fact, Question, Quiz, QuizQuestion, Topic

_seq = itertools.count(1)


def make_topic(**fields) -> Topic:
    n = next(_seq)
    defaults = {"slug": f"topic-{n}", "title_en": f"Topic {n}", "title_ru": f"Тема {n}",
                "description_en": "About it.", "description_ru": "Об этом.", "position": n}
    return Topic.objects.create(**{**defaults, **fields})


def make_fact(topic=None, **fields) -> Fact:
    n = next(_seq)
    defaults = {"slug": f"fact-{n}", "title_en": f"Fact {n}", "title_ru": f"Факт {n}",
                "body_en": "Something happened.", "body_ru": "Кое-что произошло.", "source": "NASA SP-4209"}
    return Fact.objects.create(topic=topic or make_topic(), **{**defaults, **fields})


CHOICES = {
    Question.Kind.SINGLE: [("Baikonur", "Байконур", True), ("Plesetsk", "Плесецк", False),
                           ("Kapustin Yar", "Капустин Яр", False)],
    Question.Kind.MULTIPLE: [("Stafford", "Стаффорд", True), ("Brand", "Бранд", True),
                             ("Armstrong", "Армстронг", False), ("Slayton", "Слейтон", True)],
    Question.Kind.TRUE_FALSE: [("True", "Верно", True), ("False", "Неверно", False)],
    Question.Kind.ORDER: [("Kennedy's proposal", "Предложение Кеннеди", False),
                          ("Apollo 11", "«Аполлон-11»", False), ("The handshake", "Рукопожатие", False)],
    Question.Kind.NUMBER: [],
}


def make_question(kind=Question.Kind.SINGLE, topic=None, fact=None, **fields) -> Question:
    n = next(_seq)
    topic = topic or (fact.topic if fact else make_topic())
    defaults = {"text_en": f"Question {n} in English?", "text_ru": f"Вопрос {n} по-русски?",
                "explanation_en": "Because. It is so.", "explanation_ru": "Потому что. Так и есть.",
                "difficulty": 2}
    if kind == Question.Kind.NUMBER:
        defaults.update(number_answer=Decimal("1975"), number_tolerance=Decimal("0"))
    question = Question.objects.create(kind=kind, topic=topic, fact=fact, **{**defaults, **fields})
    for position, (en, ru, correct) in enumerate(CHOICES[kind], start=1):
        Choice.objects.create(question=question, text_en=en, text_ru=ru, is_correct=correct, position=position)
    return question


def make_quiz(questions=(), **fields) -> Quiz:
    n = next(_seq)
    defaults = {"slug": f"quiz-{n}", "title_en": f"Quiz {n}", "title_ru": f"Викторина {n}",
                "description_en": "A quiz.", "description_ru": "Викторина.", "shuffle_choices": False}
    quiz = Quiz.objects.create(**{**defaults, **fields})
    for position, question in enumerate(questions, start=1):
        QuizQuestion.objects.create(quiz=quiz, question=question, position=position)
    return quiz


def make_user(username=None, password="orbit-1975-handshake", **fields):
    username = username or f"student{next(_seq)}"
    return get_user_model().objects.create_user(username=username, password=password, **fields)


def correct_post(question) -> dict:
    """The form data of a fully correct answer to `question`."""
    choices = list(question.choices.order_by("position"))
    if question.kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE):
        return {"choice": next(c.pk for c in choices if c.is_correct)}
    if question.kind == Question.Kind.MULTIPLE:
        return {"choices": [c.pk for c in choices if c.is_correct]}
    if question.kind == Question.Kind.NUMBER:
        return {"number": str(question.number_answer)}
    return {f"place_{c.pk}": c.position for c in choices}

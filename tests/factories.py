"""Small builders for test data, both languages set explicitly."""

import datetime
import itertools
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from quiz.models import Attempt, Card, Choice, Deck, Fact, Question, Quiz, QuizQuestion, Topic

_seq = itertools.count(1)


def make_topic(**fields) -> Topic:
    n = next(_seq)
    defaults = {
        "slug": f"topic-{n}",
        "title_en": f"Topic {n}",
        "title_ru": f"Тема {n}",
        "description_en": "About it.",
        "description_ru": "Об этом.",
        "position": n,
    }
    return Topic.objects.create(**{**defaults, **fields})


def make_fact(topic=None, **fields) -> Fact:
    n = next(_seq)
    defaults = {
        "slug": f"fact-{n}",
        "title_en": f"Fact {n}",
        "title_ru": f"Факт {n}",
        "body_en": "Something happened.",
        "body_ru": "Кое-что произошло.",
        "source": "NASA SP-4209",
    }
    return Fact.objects.create(topic=topic or make_topic(), **{**defaults, **fields})


CHOICES = {
    Question.Kind.SINGLE: [
        ("Baikonur", "Байконур", True),
        ("Plesetsk", "Плесецк", False),
        ("Kapustin Yar", "Капустин Яр", False),
    ],
    Question.Kind.MULTIPLE: [
        ("Stafford", "Стаффорд", True),
        ("Brand", "Бранд", True),
        ("Armstrong", "Армстронг", False),
        ("Slayton", "Слейтон", True),
    ],
    Question.Kind.TRUE_FALSE: [("True", "Да, верно", True), ("False", "Нет, неверно", False)],
    Question.Kind.ORDER: [
        ("Kennedy's proposal", "Предложение Кеннеди", False),
        ("Apollo 11", "«Аполлон-11»", False),
        ("The handshake", "Рукопожатие", False),
    ],
    Question.Kind.NUMBER: [],
    Question.Kind.TYPED: [("Leonov | Alexei Leonov", "Леонов | Леонова | Алексей Леонов", True)],
    Question.Kind.MATCHING: [
        ("Stafford", "Стаффорд", True, "Apollo commander", "командир «Аполлона»"),
        ("Leonov", "Леонов", True, "Soyuz commander", "командир «Союза»"),
        ("Kubasov", "Кубасов", True, "flight engineer", "бортинженер"),
    ],
    Question.Kind.DIAGRAM: [
        ("Docking module", "Стыковочный модуль", True, "docking-module"),
        ("Apollo command module", "Командный модуль «Аполлона»", False, "apollo-command-module"),
        ("Soyuz orbital module", "Бытовой отсек «Союза»", False, "soyuz-orbital-module"),
    ],
}


def _choice_fields(kind, row) -> dict:
    en, ru, correct, *more = row
    fields = {"text_en": en, "text_ru": ru, "is_correct": correct}
    if kind == Question.Kind.MATCHING:
        fields.update(match_en=more[0], match_ru=more[1])
    elif kind == Question.Kind.DIAGRAM:
        fields.update(region=more[0])
    return fields


def make_question(kind=Question.Kind.SINGLE, topic=None, fact=None, **fields) -> Question:
    n = next(_seq)
    topic = topic or (fact.topic if fact else make_topic())
    defaults = {
        "text_en": f"Question {n} in English?",
        "text_ru": f"Вопрос {n} по-русски?",
        "explanation_en": "Because. It is so.",
        "explanation_ru": "Потому что. Так и есть.",
        "difficulty": 2,
    }
    if kind == Question.Kind.NUMBER:
        defaults.update(number_answer=Decimal("1975"), number_tolerance=Decimal("0"))
    if kind == Question.Kind.DIAGRAM:
        defaults.update(diagram="docking")
    question = Question.objects.create(kind=kind, topic=topic, fact=fact, **{**defaults, **fields})
    for position, row in enumerate(CHOICES[kind], start=1):
        Choice.objects.create(question=question, position=position, **_choice_fields(kind, row))
    return question


def make_quiz(questions=(), **fields) -> Quiz:
    n = next(_seq)
    defaults = {
        "slug": f"quiz-{n}",
        "title_en": f"Quiz {n}",
        "title_ru": f"Викторина {n}",
        "description_en": "A quiz.",
        "description_ru": "Викторина.",
        "shuffle_choices": False,
    }
    quiz = Quiz.objects.create(**{**defaults, **fields})
    for position, question in enumerate(questions, start=1):
        QuizQuestion.objects.create(quiz=quiz, question=question, position=position)
    return quiz


def make_deck(cards=0, kind=Deck.Kind.FACTS, **fields) -> Deck:
    """A published deck with `cards` cards (vocabulary cards have an English and a Russian term)."""
    n = next(_seq)
    defaults = {
        "slug": f"deck-{n}",
        "title_en": f"Deck {n}",
        "title_ru": f"Колода {n}",
        "description_en": "Cards.",
        "description_ru": "Карточки.",
        "position": n,
    }
    deck = Deck.objects.create(kind=kind, **{**defaults, **fields})
    Card.objects.bulk_create([make_card(deck, position=i, save=False) for i in range(1, cards + 1)])
    return deck


def make_card(deck, fact=None, save=True, **fields) -> Card:
    n = next(_seq)
    if deck.kind == Deck.Kind.VOCABULARY:
        defaults = {
            "front_en": f"term {n}",
            "front_ru": f"термин {n}",
            "back_en": f"Used in sentence {n}.",
            "back_ru": f"Пример {n}.",
        }
    else:
        defaults = {
            "front_en": f"Prompt {n}?",
            "front_ru": f"Вопрос карточки {n}?",
            "back_en": f"Answer {n}. Context.",
            "back_ru": f"Ответ {n}. Контекст.",
        }
    card = Card(deck=deck, fact=fact, **{**defaults, "position": n, **fields})
    if save:
        card.save()
    return card


def make_user(username=None, password="orbit-1975-handshake", **fields):
    username = username or f"student{next(_seq)}"
    return get_user_model().objects.create_user(username=username, password=password, **fields)


def choice_tokens(question, scope) -> dict:
    """Choice id → the token a page of `scope` (an attempt, or a scope string) names it by."""
    from quiz.tokens import choice_token

    scope = getattr(scope, "token_scope", scope)
    return {c.pk: choice_token(scope, c.pk) for c in question.choices.all()}


def answer_post(question, scope, choices) -> dict:
    """The form data that picks `choices` (Choice rows or ids) as a page of `scope` would send it."""
    tokens = choice_tokens(question, scope)
    ids = [getattr(c, "pk", c) for c in choices]
    if question.kind == Question.Kind.MULTIPLE:
        return {"choices": [tokens[pk] for pk in ids]}
    return {"choice": tokens[ids[0]]}


def correct_post(question, scope) -> dict:
    """The form data of a fully correct answer to `question`, on a page of `scope` (an attempt)."""
    kind = question.kind_handler
    answer = kind.correct_answer(kind.key(question, list(question.choices.all())))
    return kind.form_data(answer, getattr(scope, "token_scope", scope))


def make_attempt(
    quiz, *, user=None, anon_key="", score=0.0, max_score=None, finished_at=None, minutes=5, **fields
) -> Attempt:
    """A finished attempt (unless `finished_at=False`) with the given score, as if played `minutes` long."""
    question_ids = fields.pop("question_ids", None) or list(quiz.quiz_questions.values_list("question_id", flat=True))
    max_score = len(question_ids) if max_score is None else max_score
    finished_at = timezone.now() if finished_at is None else finished_at
    started_at = (finished_at or timezone.now()) - datetime.timedelta(minutes=minutes)
    return Attempt.objects.create(
        quiz=quiz,
        user=user,
        anon_key="" if user else anon_key,
        question_ids=question_ids,
        score=score,
        max_score=max_score,
        started_at=started_at,
        submitted_at=finished_at or None,
        **fields,
    )


def make_teacher(username=None, **fields):
    """A staff user in the Teachers group (the group itself comes from a data migration)."""
    from django.contrib.auth.models import Group

    user = make_user(username or f"teacher{next(_seq)}", is_staff=True, **fields)
    user.groups.add(Group.objects.get(name="Teachers"))
    return user


def make_classroom(teacher=None, students=(), quizzes=(), due_at=None, **fields):
    """A class with its students joined and `quizzes` assigned (all due at `due_at`)."""
    from quiz.models import Assignment, Classroom, Membership

    n = next(_seq)
    classroom = Classroom.objects.create(teacher=teacher or make_teacher(), **{"name": f"Class {n}", **fields})
    for student in students:
        Membership.objects.create(classroom=classroom, student=student)
    for quiz in quizzes:
        Assignment.objects.create(classroom=classroom, quiz=quiz, due_at=due_at)
    return classroom


# The five kinds the older page tests (quiz taking, preview, query budgets, fuzzing) go through; the
# kinds added since have tests of their own (test_new_kinds.py, browser/test_every_kind.py).
FIRST_KINDS = [
    Question.Kind.SINGLE,
    Question.Kind.MULTIPLE,
    Question.Kind.TRUE_FALSE,
    Question.Kind.NUMBER,
    Question.Kind.ORDER,
]

"""What a learner sees after answering: their answer beside the correct one, as the question's kind
shows it (quiz.kinds)."""

from .models import Question, Response


def review_of(question: Question, choices, response: Response | None) -> dict:
    return question.kind_handler.review(question, choices, response.answer if response else {})

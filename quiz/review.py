"""What a learner sees after answering: their answer beside the correct one, per question kind."""

from .models import Question, Response


def review_of(question: Question, choices, response: Response | None) -> dict:
    answer = response.answer if response else {}
    if question.kind == Question.Kind.NUMBER:
        return {"given": answer.get("number"), "correct": question.number_answer, "tolerance": question.number_tolerance}
    if question.kind == Question.Kind.ORDER:
        given = {pk: place for place, pk in enumerate(answer.get("order", []), start=1)}
        rows = [
            {"choice": c, "correct_place": c.position, "given_place": given.get(c.pk),
             "right": given.get(c.pk) == c.position}
            for c in sorted(choices, key=lambda c: c.position)
        ]
        return {"rows": rows}
    chosen = set(answer.get("choices", []))
    return {"rows": [{"choice": c, "chosen": c.pk in chosen, "correct": c.is_correct} for c in choices]}

"""A number typed in (a year, a length), right within a tolerance the teacher sets."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .base import Grade, Key, QuestionKind


def plain(value) -> str:
    """A Decimal without exponent or trailing zeros: 1975, 34.5."""
    return "" if value is None else format(Decimal(value).normalize(), "f")


def parse(text: str) -> Decimal | None:
    """A number as a teacher's file writes it: "34,5" and "1 975" too."""
    try:
        number = Decimal(str(text).replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


class Number(QuestionKind):
    name = "number"
    label = _("A number")
    description = _("The student types a number; right when it is within the tolerance of the correct number.")
    hint = _("Type a number.")
    uses_choices = False
    uses_number = True

    def key(self, question, choices) -> Key:
        return Key(kind=self.name, number=question.number_answer, tolerance=question.number_tolerance)

    def grade(self, key: Key, answer: dict) -> Grade:
        try:
            number = Decimal(str(answer.get("number")))
        except (InvalidOperation, ValueError, TypeError):
            return Grade(0.0, False)
        if not number.is_finite() or key.number is None:
            return Grade(0.0, False)
        right = abs(number - key.number) <= key.tolerance
        return Grade(1.0 if right else 0.0, right)

    def correct_answer(self, key: Key) -> dict:
        return {"number": plain(key.number)}

    def random_answer(self, key: Key, choice_ids: list[int], rng) -> dict:
        return {"number": plain(key.number + rng.randint(-20, 20))}

    def add_fields(self, form) -> None:
        form.fields["number"] = forms.DecimalField(
            label=_("Your answer"),
            max_digits=12,
            decimal_places=3,
            localize=True,
            error_messages={"required": _("Type a number."), "invalid": _("Type a number, for example 1975.")},
        )

    def answer(self, form) -> dict:
        return {"number": str(form.cleaned_data["number"])}

    def form_data(self, answer: dict, scope: str) -> dict:
        return {"number": answer["number"]}

    def review(self, question, choices, answer: dict) -> dict:
        return {
            "given": answer.get("number"),
            "correct": question.number_answer,
            "tolerance": question.number_tolerance,
        }

    def check(self, question, choices) -> list[str]:
        # Its correct number is checked by Question.clean and a database constraint.
        return [gettext("A number question has no choices.")] if choices else []

    def wrong_picks(self, answer: dict, correct_ids, is_correct: bool) -> tuple:
        if is_correct or answer.get("number") is None:
            return ()
        try:  # "1975.0" and "1975" are the same wrong answer
            return (plain(Decimal(str(answer["number"]))),)
        except InvalidOperation:
            return (str(answer["number"]),)

    def describe(self, question, choices, answer: dict | None) -> tuple[str, str]:
        correct = plain(question.number_answer)
        if question.number_tolerance:
            correct += f" ± {plain(question.number_tolerance)}"
        return (answer or {}).get("number", "") or "", correct

    def export_correct(self, question, choices) -> str:
        return plain(question.number_answer)

    def import_correct(self, question, choices, values: dict) -> list[str]:
        answer = parse(values.get("correct", ""))
        tolerance = parse(values.get("tolerance", "") or "0")
        problems = []
        if answer is None:
            problems.append(gettext("“correct” gives the number answer of a number question, for example 1975."))
        if tolerance is None or tolerance < 0:
            problems.append(gettext("“tolerance” is a number, 0 or more."))
        question.number_answer, question.number_tolerance = answer, tolerance if tolerance is not None else Decimal(0)
        return problems

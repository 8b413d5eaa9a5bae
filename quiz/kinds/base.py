"""What every question kind provides. A kind is one small class in its own module of this package
and one template (quiz/templates/quiz/kinds/<name>.html, with an "input" and a "review" part): its
grading, its answer form fields, its review after answering, the checks of its choices, what counts
as a wrong pick in statistics, its answer as text for reports and its columns in import/export.

Grading here is pure: plain data in (a Key and an answer dict), points out. An answer is stored as a
dict of choice ids or values, never of the tokens a page names choices by (quiz.tokens).
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Key:
    """What a question's correct answer is: its kind, its choices and, for numbers, the target."""

    kind: str
    correct_ids: frozenset[int] = frozenset()
    accepted: tuple[tuple[int, tuple[str, ...]], ...] = ()  # typed answers: choice id → its forms, every language
    positions: dict[int, int] | None = None  # choice id → correct place, for order questions
    number: Decimal | None = None
    tolerance: Decimal = Decimal(0)


@dataclass(frozen=True)
class Grade:
    points: float
    is_correct: bool


class QuestionKind:
    name: str = ""
    label = ""  # what teachers pick in the admin ("One correct choice")
    description = ""  # one line for teachers: what the student does and how it is graded
    hint = ""  # the line under the question on the student's page ("Choose one answer.")
    uses_choices = True
    uses_number = False

    @property
    def template(self) -> str:
        return f"quiz/kinds/{self.name}.html"

    def __str__(self) -> str:
        return str(self.label)

    # --- the answer key and grading (pure) ---

    def key(self, question, choices) -> Key:
        return Key(kind=self.name, correct_ids=frozenset(c.pk for c in choices if c.is_correct))

    def grade(self, key: Key, answer: dict) -> Grade:
        raise NotImplementedError

    def correct_answer(self, key: Key) -> dict:
        """An answer that earns full points (tests, the benchmark's seed)."""
        raise NotImplementedError

    def random_answer(self, key: Key, choice_ids: list[int], rng) -> dict:
        """A blind guess, right or wrong (the benchmark's seeded history)."""
        raise NotImplementedError

    # --- taking: the order choices are shown in, the form, the review ---

    def shown_order(self, ids: list[int], shuffle: bool, rng) -> list[int]:
        """The choice ids (in their stored order) as a new attempt will show them."""
        if shuffle:
            rng.shuffle(ids)
        return ids

    def add_fields(self, form) -> None:
        """Add this kind's fields to an AnswerForm (form.by_token: token → choice, as shown)."""
        raise NotImplementedError

    def clean(self, form, cleaned: dict) -> None:
        """Checks across this kind's fields; raise forms.ValidationError."""

    def answer(self, form) -> dict:
        """The valid form's answer, in choice ids."""
        raise NotImplementedError

    def form_data(self, answer: dict, scope: str) -> dict:
        """The POST data a page of `scope` (quiz.tokens) sends for `answer`."""
        raise NotImplementedError

    def review(self, question, choices, answer: dict) -> dict:
        """What the review after answering shows, for this kind's template's "review" part."""
        chosen = set(answer.get("choices", []))
        return {"rows": [{"choice": c, "chosen": c.pk in chosen, "correct": c.is_correct} for c in choices]}

    # --- teachers: checks, statistics, reports, import/export ---

    def check(self, question, choices) -> list[str]:
        """What is wrong with these (saved or unsaved) choices for this question."""
        return []

    def wrong_picks(self, answer: dict, correct_ids, is_correct: bool) -> tuple:
        """What an answer picked that is wrong, in a form that can be counted across answers."""
        return ()

    def describe(self, question, choices, answer: dict | None) -> tuple[str, str]:
        """The answer given and the correct one, as text in the active language."""
        by_id = {c.pk: c.text for c in choices}
        given = "; ".join(by_id.get(pk, "?") for pk in (answer or {}).get("choices", []))
        return given, "; ".join(c.text for c in choices if c.is_correct)

    def export_cell(self, choice, language: str) -> str:
        """A choice's cell in the bank CSV for one language."""
        return getattr(choice, f"text_{language}") or ""

    def import_cell(self, choice, language: str, value: str) -> list[str]:
        """Read a choice's cell for one language back; the problems."""
        setattr(choice, f"text_{language}", value)
        return []

    def export_correct(self, question, choices) -> str:
        """The bank CSV's "correct" cell (choices listed in their stored order): the numbers of the
        right choices, "1, 3"."""
        return ", ".join(str(n) for n, c in enumerate(choices, start=1) if c.is_correct)

    def import_correct(self, question, choices, values: dict) -> list[str]:
        """Read the CSV row's "correct" (and "tolerance") cells into the question and its choices;
        the problems, in the active language."""
        marks = [_int(part) for part in re.split(r"[,;\s]+", values.get("correct", "")) if part]
        if not marks or any(m is None or not 1 <= m <= len(choices) for m in marks):
            return [
                _(
                    "“correct” gives the number of the right choice (1 to %(count)s); "
                    "for several right choices, numbers separated by commas."
                )
                % {"count": len(choices)}
            ]
        for number, choice in enumerate(choices, start=1):
            choice.is_correct = number in marks
        return []


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None

"""A statement that is true or false: a single choice whose two choices keep their order."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .single import Single


class TrueFalse(Single):
    name = "true_false"
    label = _("True or false")
    description = _("The student says whether a statement is true; two choices, “True” first.")

    def shown_order(self, ids: list[int], shuffle: bool, rng) -> list[int]:
        return ids  # "True" before "False" always: shuffled, the pair only confuses

    def check(self, question, choices) -> list[str]:
        if len(choices) != 2:
            return [gettext("A true-or-false question has exactly two choices.")]
        return super().check(question, choices)

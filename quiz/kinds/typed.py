"""A short answer typed in: a name, a place, a term. Each choice is an accepted answer, written per
language; a language's text may list several forms separated by "|" (inflected Russian forms:
"Леонов | Леонова"), the first being the one shown. A student may answer in any language whatever
the page's language. Case, punctuation, spaces and ё/е do not matter, and one small typo in a
longer answer is forgiven (rapidfuzz) with a note on the spelling."""

import unicodedata

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rapidfuzz.distance import Levenshtein

from .base import Grade, Key, QuestionKind

SEPARATOR = "|"
TYPO_MIN_LENGTH = 6  # letters and digits: below this, one wrong letter is another word ("Brand" / "Grand")
MAX_LENGTH = 200


def forms_of(text: str | None) -> list[str]:
    """The forms a teacher listed in one text: "Леонов | Леонова" → ["Леонов", "Леонова"]."""
    return [form.strip() for form in (text or "").split(SEPARATOR) if form.strip()]


def fold(text: str) -> str:
    """What matching compares: letters and digits only, case folded, ё read as е."""
    text = unicodedata.normalize("NFC", text).casefold().replace("ё", "е")
    return "".join(ch for ch in text if ch.isalnum())


def match(key: Key, text: str) -> tuple[int | None, bool]:
    """The accepted answer `text` matches (choice id, or None) and whether only with a typo."""
    given = fold(text)
    if not given:
        return None, False
    candidates = [(pk, fold(form)) for pk, accepted in key.accepted for form in accepted]
    for pk, form in candidates:
        if form == given:
            return pk, False
    if len(given) >= TYPO_MIN_LENGTH:
        for pk, form in candidates:
            if len(form) >= TYPO_MIN_LENGTH and Levenshtein.distance(form, given, score_cutoff=1) <= 1:
                return pk, True
    return None, False


class Typed(QuestionKind):
    name = "typed"
    label = _("A typed answer")
    description = _(
        "The student types a short answer (a name, a place, a term) in either language; "
        "each choice is an accepted answer, with other forms after “|”."
    )
    hint = _("Type your answer, in English or in Russian.")

    def key(self, question, choices) -> Key:
        languages = [code for code, _name in settings.LANGUAGES]
        accepted = tuple(
            (c.pk, tuple(form for code in languages for form in forms_of(getattr(c, f"text_{code}", ""))))
            for c in choices
        )
        return Key(kind=self.name, correct_ids=frozenset(c.pk for c in choices), accepted=accepted)

    def grade(self, key: Key, answer: dict) -> Grade:
        matched, _typo = match(key, str(answer.get("text", "")))
        return Grade(1.0, True) if matched is not None else Grade(0.0, False)

    def correct_answer(self, key: Key) -> dict:
        return {"text": key.accepted[0][1][0]}

    def random_answer(self, key: Key, choice_ids: list[int], rng) -> dict:
        return rng.choice([self.correct_answer(key), {"text": rng.choice(["Gagarin", "Титов", "Houston"])}])

    def shown_order(self, ids: list[int], shuffle: bool, rng) -> list[int]:
        return ids  # never shown: accepted answers stay in the teacher's order

    def add_fields(self, form) -> None:
        form.fields["text"] = forms.CharField(
            label=_("Your answer"),
            max_length=MAX_LENGTH,
            strip=True,
            error_messages={
                "required": _("Type your answer."),
                "max_length": _("That is longer than any answer here: at most %(limit_value)d characters."),
            },
        )

    def answer(self, form) -> dict:
        return {"text": form.cleaned_data["text"]}

    def form_data(self, answer: dict, scope: str) -> dict:
        return {"text": answer["text"]}

    def review(self, question, choices, answer: dict) -> dict:
        key = self.key(question, choices)
        matched, typo = match(key, str(answer.get("text", "")))
        shown = next((c for c in choices if c.pk == matched), choices[0] if choices else None)
        return {
            "given": answer.get("text", ""),
            "right": matched is not None,
            "typo": typo,
            "correct": forms_of(shown.text)[0] if shown else "",
            "others": [forms_of(c.text)[0] for c in choices if c is not shown and forms_of(c.text)],
        }

    def check(self, question, choices) -> list[str]:
        # Every choice is an accepted answer, whether or not it is ticked "correct".
        return [] if choices else [gettext("Add at least one accepted answer.")]

    def wrong_picks(self, answer: dict, correct_ids, is_correct: bool) -> tuple:
        # Counted as fold() would compare them, but keeping the spaces between words, so that a teacher
        # reads "alexei leonof", not "alexeileonof".
        text = unicodedata.normalize("NFC", str(answer.get("text", ""))).casefold().replace("ё", "е")
        words = ["".join(ch for ch in word if ch.isalnum()) for word in text.split()]
        shown = " ".join(word for word in words if word)
        return () if is_correct or not shown else (shown,)

    def describe(self, question, choices, answer: dict | None) -> tuple[str, str]:
        return (answer or {}).get("text", ""), "; ".join(forms_of(c.text)[0] for c in choices if forms_of(c.text))

    def export_correct(self, question, choices) -> str:
        return ""  # every choice is an accepted answer

    def import_correct(self, question, choices, values: dict) -> list[str]:
        for choice in choices:
            choice.is_correct = True
        return [] if choices else [gettext("Add at least one accepted answer.")]

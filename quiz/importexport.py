"""Import and export of the question bank (topics, facts, questions and their choices).

- JSON in the fixtures format (`*_en` / `*_ru` keys, explicit primary keys, see docs/content.md):
  an export loads back into an empty database and exports again to the same file.
- CSV for teachers who write questions in a spreadsheet: one question a row, choices in columns.

An import checks every row first and saves nothing unless all of them are right; each problem
names its row. Everything happens inside one transaction.
"""

import csv
import datetime
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from modeltranslation.translator import translator

from .models import Choice, Fact, Question, Topic
from .translation_care import changed_languages, next_outdated

BANK_MODELS = (Topic, Fact, Question, Choice)  # in the order they depend on each other
BANK_LABELS = {m._meta.label_lower: m for m in BANK_MODELS}
MAX_CHOICES = 9  # the fixtures' choice keys leave room for nine (docs/content.md)


class ImportFailed(Exception):
    """Nothing was saved; `errors` says what is wrong, row by row."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


def decode(data: bytes) -> str:
    """Text from an uploaded file: UTF-8, with or without the byte-order mark spreadsheets add."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed([_("The file is not UTF-8 text. Save it as “CSV UTF-8” (or JSON) and try again.")]) from None


def _translated(model) -> tuple[str, ...]:
    return tuple(translator.get_options_for_model(model).fields)


# JSON -------------------------------------------------------------------------------------------

class _Encoder(DjangoJSONEncoder):
    """Django's encoder cuts datetimes to milliseconds; a round trip must keep them whole."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat().replace("+00:00", "Z")
        return super().default(o)


def export_json() -> str:
    objects = [obj for model in BANK_MODELS for obj in model.objects.order_by("pk")]
    data = serializers.serialize("python", objects)
    for item in data:
        for name in _translated(BANK_LABELS[item["model"]]):
            item["fields"].pop(name, None)  # dumpdata writes a redundant bare `text` (modeltranslation #395)
    return json.dumps(data, cls=_Encoder, ensure_ascii=False, indent=2) + "\n"


def import_json(text: str) -> ImportResult:
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ImportFailed([_("The file is not valid JSON: %(error)s") % {"error": error}]) from None
    if not isinstance(data, list):
        raise ImportFailed([_("A fixtures file holds a list of objects: [{…}, {…}].")])
    result, errors = ImportResult(), []
    with transaction.atomic():
        existing = {label: set(model.objects.values_list("pk", flat=True)) for label, model in BANK_LABELS.items()}
        rows_of_question: dict[int, int] = {}
        for number, item in enumerate(data, start=1):
            problems, instance = _load_item(item, existing)
            if problems:
                errors += [_("Object %(number)s: %(problem)s") % {"number": number, "problem": p} for p in problems]
                continue
            label = instance._meta.label_lower
            if instance.pk in existing[label]:
                result.updated += 1
            else:
                result.created += 1
            if isinstance(instance, Question):
                rows_of_question.setdefault(instance.pk, number)
            elif isinstance(instance, Choice):
                rows_of_question.setdefault(instance.question_id, number)
        if not errors:
            for question in Question.objects.filter(pk__in=rows_of_question).prefetch_related("choices"):
                for problem in question.check_choices(list(question.choices.all())):
                    errors.append(_("Object %(number)s: question %(id)s: %(problem)s")
                                  % {"number": rows_of_question[question.pk], "id": question.pk, "problem": problem})
        if errors:
            raise ImportFailed(errors)  # leaves the atomic block: everything saved above is rolled back
        _reset_sequences()
    return result


def _load_item(item, existing: dict[str, set]) -> tuple[list[str], object]:
    """Validate and save one fixture object (inside the caller's transaction)."""
    if not isinstance(item, dict) or not isinstance(item.get("fields"), dict):
        return [_("not a fixtures object with “model” and “fields”.")], None
    label = str(item.get("model", "")).lower()
    model = BANK_LABELS.get(label)
    if model is None:
        return [_("“%(model)s” cannot be imported here: only topics, facts, questions and choices.")
                % {"model": item.get("model")}], None
    try:
        (loaded,) = serializers.deserialize("python", [item])
    except (DeserializationError, ValueError, TypeError) as error:
        return [str(error)], None
    instance = loaded.object
    instance._state.adding = instance.pk not in existing[label]  # an update must not trip over its own id
    problems = [_("%(field)s is empty.") % {"field": f"{name}_en"}
                for name in _translated(model)
                if not (getattr(instance, f"{name}_en") or "").strip() and not model._meta.get_field(name).blank]
    try:
        instance.full_clean(exclude=_translated(model))
    except ValidationError as error:
        problems += _messages(error)
    if problems:
        return problems, None
    try:
        # A savepoint: a failed row does not break the whole transaction. The untranslated column
        # (modeltranslation keeps it) is written from the English text, whatever the admin's language.
        with transaction.atomic(), translation.override("en"):
            loaded.save()  # a raw save, as loaddata does: timestamps and flags are kept as written
    except DatabaseError as error:
        return [str(error)], None
    return [], instance


def _reset_sequences():
    """Explicit primary keys leave PostgreSQL's sequences behind; loaddata resets them too."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(BANK_MODELS))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{name}: {message}" for name, messages in error.message_dict.items() for message in messages]
    return list(error.messages)


# CSV --------------------------------------------------------------------------------------------

CSV_COLUMNS = ["id", "topic", "fact", "kind", "difficulty", "published", "text_en", "text_ru",
               "explanation_en", "explanation_ru", "correct", "tolerance"]
REQUIRED_COLUMNS = ("topic", "kind", "text_en", "explanation_en")
CHOICE_COLUMN = re.compile(r"^choice(\d)_(en|ru)$")
YES = {"", "1", "yes", "y", "true", "да", "д"}
NO = {"0", "no", "n", "false", "нет", "н"}


def export_csv_rows() -> list[list]:
    """The bank as CSV rows, in the format import_csv reads (header first)."""
    questions = list(
        Question.objects.select_related("topic", "fact").prefetch_related("choices").order_by("topic__position", "pk")
    )
    width = max([4, *(len(q.choices.all()) for q in questions)])
    header = CSV_COLUMNS + [f"choice{n}_{lang}" for n in range(1, width + 1) for lang in ("en", "ru")]
    rows = [header]
    for q in questions:
        choices = sorted(q.choices.all(), key=lambda c: (c.position, c.pk))
        if q.kind == Question.Kind.NUMBER:
            correct = _plain(q.number_answer)
        elif q.kind == Question.Kind.ORDER:
            correct = ""
        else:
            correct = ", ".join(str(n) for n, c in enumerate(choices, start=1) if c.is_correct)
        row = [q.pk, q.topic.slug, q.fact.slug if q.fact else "", q.kind, q.difficulty, "yes" if q.is_published else "no",
               q.text_en or "", q.text_ru or "", q.explanation_en or "", q.explanation_ru or "", correct,
               _plain(q.number_tolerance) if q.kind == Question.Kind.NUMBER else ""]
        cells = [text or "" for c in choices for text in (c.text_en, c.text_ru)]
        rows.append(row + cells + [""] * (2 * width - len(cells)))
    return rows


def import_csv(text: str) -> ImportResult:
    text = text.removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=_delimiter(text)))
    if not rows:
        raise ImportFailed([_("The file is empty.")])
    header = [cell.strip().lower() for cell in rows[0]]
    problems = _check_header(header)
    if problems:
        raise ImportFailed([_("Row 1: %(problem)s") % {"problem": p} for p in problems])
    topics = {t.slug: t for t in Topic.objects.all()}
    facts = {f.slug: f for f in Fact.objects.all()}
    ids = {_int(dict(zip(header, row, strict=False)).get("id", "")) for row in rows[1:]} - {None}
    existing = {q.pk: q for q in Question.objects.filter(pk__in=ids).prefetch_related("choices")}
    parsed, errors = [], []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
            errors.append(_("Row %(row)s: more cells than columns.") % {"row": number})
            continue
        values = {name: cell.strip() for name, cell in zip(header, row, strict=False)}
        question, choices, problems = _question_from_row(values, topics, facts, existing)
        errors += [_("Row %(row)s: %(problem)s") % {"row": number, "problem": p} for p in problems]
        parsed.append((question, choices))
    if errors:
        raise ImportFailed(errors)
    if not parsed:
        raise ImportFailed([_("The file has no questions in it.")])
    return _save_questions(parsed)


def _delimiter(text: str) -> str:
    """Spreadsheets write commas, or semicolons where the comma is the decimal mark (Russian Excel).
    The header has no commas of its own, so the commonest of the three in it is the delimiter."""
    first_line = text.split("\n", 1)[0]
    return max(",;\t", key=first_line.count)


def _check_header(header: list[str]) -> list[str]:
    problems = [_("unknown column “%(column)s”.") % {"column": name}
                for name in header if name not in CSV_COLUMNS and not CHOICE_COLUMN.match(name)]
    problems += [_("the column “%(column)s” is missing.") % {"column": name}
                 for name in REQUIRED_COLUMNS if name not in header]
    return problems


def _question_from_row(values: dict, topics: dict, facts: dict, existing: dict):
    problems = []
    question_id = values.get("id", "")
    if question_id:
        question = existing.get(_int(question_id))
        if question is None:
            problems.append(_("there is no question with the id %(id)s (leave id empty for a new question).")
                            % {"id": question_id})
            question = Question()
    else:
        question = Question()
    topic = topics.get(values.get("topic", ""))
    if topic is None:
        problems.append(_("unknown topic “%(topic)s”: use a topic’s slug, for example “%(example)s”.")
                        % {"topic": values.get("topic", ""), "example": next(iter(topics), "crews")})
    fact_slug = values.get("fact", "")
    fact = facts.get(fact_slug) if fact_slug else None
    if fact_slug and fact is None:
        problems.append(_("unknown fact “%(fact)s”.") % {"fact": fact_slug})
    kind = values.get("kind", "").lower()
    if kind not in Question.Kind.values:
        problems.append(_("unknown kind “%(kind)s”: use single, multiple, true_false, number or order.") % {"kind": kind})
    difficulty = _int(values.get("difficulty", "") or "2")
    if difficulty not in (1, 2, 3):
        problems.append(_("difficulty is 1, 2 or 3."))
    published = values.get("published", "").lower()
    if published not in YES | NO:
        problems.append(_("published is yes or no."))
    for name in ("text_en", "explanation_en"):
        if not values.get(name):
            problems.append(_("%(field)s is empty.") % {"field": name})
    choices, choice_problems = _choices_from_row(values, kind)
    problems += choice_problems
    if problems:
        return question, choices, problems
    old = {f: getattr(question, f) for f in ("text_en", "text_ru", "explanation_en", "explanation_ru")}
    question.topic, question.fact, question.kind, question.difficulty = topic, fact, kind, difficulty
    question.is_published = published not in NO
    for name in old:
        if name in values:  # a column left out of the file keeps what the question says
            setattr(question, name, values[name])
    problems += _number_fields(question, values, kind) or _full_clean(question)
    problems += question.check_choices(choices)
    if question.pk:
        changed = [name for name, value in old.items() if (value or "") != (getattr(question, name) or "")]
        question.outdated_language = next_outdated(question.outdated_language,
                                                   changed_languages(changed, ("text", "explanation")))
    return question, choices, problems


def _full_clean(question: Question) -> list[str]:
    try:
        question.full_clean(exclude=["text", "explanation", "topic", "fact"])
    except ValidationError as error:
        return _messages(error)
    return []


def _choices_from_row(values: dict, kind: str) -> tuple[list[Choice], list[str]]:
    numbers = sorted({int(m.group(1)) for name in values if (m := CHOICE_COLUMN.match(name))})
    choices, problems = [], []
    for n in numbers:
        en, ru = values.get(f"choice{n}_en", ""), values.get(f"choice{n}_ru", "")
        if not en and not ru:
            continue
        if not en:
            problems.append(_("choice %(n)s has Russian text but no English.") % {"n": n})
            continue
        choice = Choice(text_en=en, text_ru=ru, position=len(choices) + 1)
        try:
            choice.full_clean(exclude=["question", "text"])
        except ValidationError as error:
            problems += [_("choice %(n)s: %(problem)s") % {"n": n, "problem": p} for p in _messages(error)]
        choices.append(choice)
    correct = values.get("correct", "")
    if kind in ("single", "true_false", "multiple"):
        marks = [_int(part) for part in re.split(r"[,;\s]+", correct) if part]
        if not marks or any(m is None or not 1 <= m <= len(choices) for m in marks):
            problems.append(_("“correct” gives the number of the right choice (1 to %(count)s); "
                              "for several right choices, numbers separated by commas.") % {"count": len(choices)})
        for number, choice in enumerate(choices, start=1):
            choice.is_correct = number in marks
    return choices, problems


def _number_fields(question: Question, values: dict, kind: str) -> list[str]:
    if kind != Question.Kind.NUMBER:
        question.number_answer, question.number_tolerance = None, Decimal(0)
        return []
    answer = _decimal(values.get("correct", ""))
    tolerance = _decimal(values.get("tolerance", "") or "0")
    problems = []
    if answer is None:
        problems.append(_("“correct” gives the number answer of a number question, for example 1975."))
    if tolerance is None or tolerance < 0:
        problems.append(_("“tolerance” is a number, 0 or more."))
    question.number_answer, question.number_tolerance = answer, tolerance if tolerance is not None else Decimal(0)
    return problems


@transaction.atomic
@translation.override("en")  # the untranslated column is written from the English text, as in JSON imports
def _save_questions(parsed) -> ImportResult:
    result = ImportResult()
    for question, choices in parsed:
        is_new = question.pk is None
        question.save()
        old = list(question.choices.order_by("position", "pk")) if not is_new else []
        for index, choice in enumerate(choices):
            if index < len(old):  # keep the ids: answers already given point at them
                target = old[index]
                target.text_en, target.text_ru = choice.text_en, choice.text_ru
                target.is_correct, target.position = choice.is_correct, choice.position
                target.save()
            else:
                choice.question = question
                choice.save()
        Choice.objects.filter(pk__in=[c.pk for c in old[len(choices):]]).delete()
        if is_new:
            result.created += 1
        else:
            result.updated += 1
    return result


def _int(value: str) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _decimal(value: str) -> Decimal | None:
    try:
        number = Decimal(value.replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _plain(value) -> str:
    return "" if value is None else format(value.normalize(), "f")

"""The bank as CSV, for teachers who write questions in a spreadsheet: one question a row, choices in
columns, each kind writing its own cells (quiz.kinds). The export quotes cells that a spreadsheet would
run as formulas and the import takes that quote off again (quiz.spreadsheets), so an export reads back
unchanged. A question read back unchanged is not written; the rest is saved in bulk."""

import csv
import functools
import io
import re
from collections.abc import Iterator
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import languages, spreadsheets
from ..content_cache import forget
from ..kinds import KINDS, QuestionKind
from ..models import Choice, Fact, Question, Topic
from ..translation_care import changed_languages, next_outdated
from .common import ImportFailed, ImportResult, messages, nul_problem, translated

# An import runs inside one request: at 500 to 800 rows a second this many take 12 to 20 seconds,
# within gunicorn's 30-second timeout (docs/content.md). A bigger bank goes in parts.
MAX_ROWS = 10_000

CSV_COLUMNS = [
    "id",
    "topic",
    "fact",
    "kind",
    "difficulty",
    "published",
    *languages.columns("text"),
    *languages.columns("explanation"),
    "correct",
    "tolerance",
    "diagram",
]
DEFAULT = languages.default()  # the language every question must have; the others may follow later
REQUIRED_COLUMNS = ("topic", "kind", f"text_{DEFAULT}", f"explanation_{DEFAULT}")
CHOICE_COLUMN = re.compile(r"^choice(\d+)_(" + "|".join(languages.codes()) + r")$")
YES = {"", "1", "yes", "y", "true", "да", "д"}
NO = {"0", "no", "n", "false", "нет", "н"}


EXPORT_CHUNK = 500  # questions read at a time (with their choices) while an export streams


def export_csv_rows() -> list[list]:
    """The bank as CSV rows, in the format import_csv reads (header first)."""
    return list(export_csv_lines())


def export_csv_lines() -> Iterator[list]:
    """The same rows one at a time, reading the bank a chunk of questions at a time: what the
    streamed download writes, so a bank of 10,000 questions never sits whole in memory."""
    widest = Question.objects.annotate(n=Count("choices")).aggregate(most=Max("n"))["most"] or 0
    width = max(4, widest)
    codes = languages.codes()
    yield CSV_COLUMNS + [f"choice{n}_{lang}" for n in range(1, width + 1) for lang in codes]
    questions = (
        Question.objects.select_related("topic", "fact").prefetch_related("choices").order_by("topic__position", "pk")
    )
    for q in questions.iterator(chunk_size=EXPORT_CHUNK):
        kind = q.kind_handler  # each kind writes its own "correct" cell and choice cells (quiz.kinds)
        choices = sorted(q.choices.all(), key=lambda c: (c.position, c.pk))
        row = [
            q.pk,
            q.topic.slug,
            q.fact.slug if q.fact else "",
            q.kind,
            q.difficulty,
            "yes" if q.is_published else "no",
            *(getattr(q, name) or "" for name in languages.columns("text")),
            *(getattr(q, name) or "" for name in languages.columns("explanation")),
            _number_or_text(kind.export_correct(q, choices)),
            _plain(q.number_tolerance) if q.kind == Question.Kind.NUMBER else "",
            q.diagram,
        ]
        cells = [kind.export_cell(c, lang) for c in choices for lang in codes]
        yield row + cells + [""] * (len(codes) * width - len(cells))


def _number_or_text(cell: str):
    """A cell that is a plain number is written as one, so that a negative answer is not quoted as a
    formula (quiz.spreadsheets) and the column stays numeric in a spreadsheet."""
    return Decimal(cell) if re.fullmatch(r"-?\d+(\.\d+)?", cell) else cell


def import_csv(text: str) -> ImportResult:
    rows = _read_csv(text)
    if not rows:
        raise ImportFailed([_("The file is empty.")])
    header = [cell.strip().lower() for cell in rows[0]]
    problems = _check_header(header)
    if problems:
        raise ImportFailed([_("Row 1: %(problem)s") % {"problem": p} for p in problems])
    filled = [(number, row) for number, row in enumerate(rows[1:], start=2) if any(cell.strip() for cell in row)]
    if len(filled) > MAX_ROWS:
        raise ImportFailed([too_many_rows()])
    errors, lines = [], []  # errors: (row number, message), to be listed in the order of the rows
    for number, row in filled:
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            errors.append((number, _("Row %(row)s: more cells than columns.") % {"row": number}))
            continue
        values = {name: spreadsheets.restore(cell).strip() for name, cell in zip(header, row, strict=False)}
        problems = [nul_problem(name) for name, value in values.items() if "\x00" in value]
        errors += [(number, _("Row %(row)s: %(problem)s") % {"row": number, "problem": p}) for p in problems]
        if not problems:
            lines.append((number, values))
    errors += _duplicate_ids(lines)
    topics = {t.slug: t for t in Topic.objects.all()}
    facts = {f.slug: f for f in Fact.objects.all()}
    ids = {_int(values.get("id", "")) for _number, values in lines} - {None}
    existing = {q.pk: q for q in Question.objects.filter(pk__in=ids).prefetch_related("choices")}
    before = {obj: _values(obj) for q in existing.values() for obj in (q, *q.choices.all())}  # a question or a choice
    parsed = []
    for number, values in lines:
        question, choices, problems = _question_from_row(values, topics, facts, existing)
        errors += [(number, _("Row %(row)s: %(problem)s") % {"row": number, "problem": p}) for p in problems]
        parsed.append((question, choices))
    if errors:
        raise ImportFailed([message for _number, message in sorted(errors, key=lambda error: error[0])])
    if not parsed:
        raise ImportFailed([_("The file has no questions in it.")])
    return _save_questions(parsed, before)


def too_many_rows() -> str:
    return ngettext(
        "An import takes at most %(limit)s question at a time. Split the file and import the parts one after another.",
        "An import takes at most %(limit)s questions at a time. Split the file and import the parts one after another.",
        MAX_ROWS,
    ) % {"limit": MAX_ROWS}


def _read_csv(text: str) -> list[list[str]]:
    text = text.removeprefix("\ufeff")
    # newline="": line breaks inside quoted cells stay as written, and lines that end in a lone CR
    # (old Mac spreadsheets) still split.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as error:
        limit = csv.field_size_limit()
        if "field limit" not in str(error):
            raise ImportFailed([_("Row %(row)s: %(problem)s") % {"row": len(rows) + 1, "problem": error}]) from None
        # Usually a quotation mark left open: the cell then runs on to the end of the file.
        raise ImportFailed(
            [
                ngettext(
                    "Row %(row)s: a cell is too long (at most %(limit)s character). Is a quotation mark left open?",
                    "Row %(row)s: a cell is too long (at most %(limit)s characters). Is a quotation mark left open?",
                    limit,
                )
                % {"row": len(rows) + 1, "limit": limit}
            ]
        ) from None
    return rows


def _delimiter(text: str) -> str:
    """Spreadsheets write commas, or semicolons where the comma is the decimal mark (Russian Excel).
    The header has no commas of its own, so the commonest of the three in it is the delimiter."""
    first_line = next(iter(io.StringIO(text, newline="")), "")
    return max(",;\t", key=first_line.count)


def _duplicate_ids(lines: list[tuple[int, dict]]) -> list[tuple[int, str]]:
    """Two rows for one question would leave only the last one's text: name both instead."""
    first_row, errors = {}, []
    for number, values in lines:
        question_id = _int(values.get("id", ""))
        if question_id is None:
            continue
        if question_id in first_row:
            errors.append(
                (
                    number,
                    _("Rows %(first)s and %(second)s have the same id %(id)s.")
                    % {"first": first_row[question_id], "second": number, "id": question_id},
                )
            )
        else:
            first_row[question_id] = number
    return errors


def _check_header(header: list[str]) -> list[str]:
    problems = [
        _("unknown column “%(column)s”.") % {"column": name}
        for name in header
        if name not in CSV_COLUMNS and not CHOICE_COLUMN.match(name)
    ]
    problems += [
        _("the column “%(column)s” is missing.") % {"column": name} for name in REQUIRED_COLUMNS if name not in header
    ]
    return problems


def _question_from_row(values: dict, topics: dict, facts: dict, existing: dict):
    problems = []
    question_id = values.get("id", "")
    if question_id:
        question = existing.get(_int(question_id))
        if question is None:
            problems.append(
                _("there is no question with the id %(id)s (leave id empty for a new question).") % {"id": question_id}
            )
            question = Question()
    else:
        question = Question()
    topic = topics.get(values.get("topic", ""))
    if topic is None:
        problems.append(
            _("unknown topic “%(topic)s”: use a topic’s slug, for example “%(example)s”.")
            % {"topic": values.get("topic", ""), "example": next(iter(topics), "crews")}
        )
    fact_slug = values.get("fact", "")
    fact = facts.get(fact_slug) if fact_slug else None
    if fact_slug and fact is None:
        problems.append(_("unknown fact “%(fact)s”.") % {"fact": fact_slug})
    kind = values.get("kind", "").lower()
    handler = KINDS.get(kind)
    if handler is None:
        problems.append(_("unknown kind “%(kind)s”: use %(kinds)s.") % {"kind": kind, "kinds": ", ".join(KINDS)})
    difficulty = _int(values.get("difficulty", "") or "2")
    if difficulty not in (1, 2, 3):
        problems.append(_("difficulty is 1, 2 or 3."))
    published = values.get("published", "").lower()
    if published not in YES | NO:
        problems.append(_("published is yes or no."))
    for name in REQUIRED_COLUMNS[2:]:
        if not values.get(name):
            problems.append(_("%(field)s is empty.") % {"field": name})
    choices, choice_problems = _choices_from_row(values, handler) if handler else ([], [])
    problems += choice_problems
    if problems:
        return question, choices, problems
    old = {f: getattr(question, f) for f in (*languages.columns("text"), *languages.columns("explanation"))}
    question.topic, question.fact, question.kind, question.difficulty = topic, fact, kind, difficulty
    question.is_published = published not in NO
    for name in [*old, "diagram"]:
        if name in values:  # a column left out of the file keeps what the question says
            setattr(question, name, values[name])
    question.number_answer, question.number_tolerance = None, Decimal(0)  # a number question sets its own
    problems += handler.import_correct(question, choices, values)
    if problems:  # without its right answer the choices cannot be checked
        return question, choices, problems
    problems += _full_clean(question) + question.check_choices(choices)
    if question.pk:
        changed = [name for name, value in old.items() if (value or "") != (getattr(question, name) or "")]
        question.outdated_language = next_outdated(
            question.outdated_language, changed_languages(changed, ("text", "explanation"))
        )
    return question, choices, problems


def _full_clean(question: Question) -> list[str]:
    try:
        # Not the check constraints: each costs a query (a third of a big import's time), and the row
        # checks above already cover them (difficulty, tolerance, a number question's answer).
        question.full_clean(exclude=["text", "explanation", "topic", "fact"], validate_constraints=False)
    except ValidationError as error:
        return messages(error)
    return []


def _choices_from_row(values: dict, kind: QuestionKind) -> tuple[list[Choice], list[str]]:
    numbers = sorted({int(m.group(1)) for name in values if (m := CHOICE_COLUMN.match(name))})
    choices, problems = [], []
    for n in numbers:
        cells = {code: values.get(f"choice{n}_{code}", "") for code in languages.codes()}
        if not any(cells.values()):
            continue
        if not cells[DEFAULT]:
            problems.append(
                _("choice %(n)s has a translation but no text in %(language)s.")
                % {"n": n, "language": languages.names()[DEFAULT]}
            )
            continue
        choice = Choice(position=len(choices) + 1)
        cell_problems = [p for code, cell in cells.items() for p in kind.import_cell(choice, code, cell)]
        try:
            choice.full_clean(exclude=["question", *translated(Choice)])
        except ValidationError as error:
            cell_problems += messages(error)
        problems += [_("choice %(n)s: %(problem)s") % {"n": n, "problem": p} for p in cell_problems]
        choices.append(choice)
    return choices, problems


@functools.cache
def _written(model) -> list[str]:
    """What an import writes: every column but the id, the creation time and a choice's question."""
    return [f.name for f in model._meta.concrete_fields if f.name not in ("id", "created_at", "question")]


@functools.cache
def _compared(model) -> list[str]:
    """What tells a changed row from one read back as it was: not the untranslated columns (they
    follow the English ones), nor the time of the last change."""
    skip = {*translated(model), "updated_at"}
    return [model._meta.get_field(name).attname for name in _written(model) if name not in skip]


def _values(obj) -> tuple:
    return tuple(getattr(obj, attname) for attname in _compared(type(obj)))


BATCH = 500


@transaction.atomic
@translation.override(DEFAULT)  # the untranslated column is written from the default language, as in JSON imports
def _save_questions(parsed, before: dict) -> ImportResult:
    """A few bulk queries, not several per row: saved one by one, 9,000 rows outlived the worker's
    timeout. A question read back unchanged, its choices too, is not written (`before`: question or
    choice → its values when loaded)."""
    fresh = [question.pk is None for question, _choices in parsed]
    new = [question for (question, _choices), is_new in zip(parsed, fresh, strict=True) if is_new]
    updated = [question for (question, _choices), is_new in zip(parsed, fresh, strict=True) if not is_new]
    Question.objects.bulk_create(new, batch_size=BATCH)  # ids for the new questions' choices
    to_create, to_update, to_delete, touched = [], [], [], set()
    for (question, choices), is_new in zip(parsed, fresh, strict=True):
        old = [] if is_new else sorted(question.choices.all(), key=lambda c: (c.position, c.pk))
        for index, choice in enumerate(choices):
            if index < len(old):  # keep the ids: answers already given point at them
                target = old[index]
                for attname in _compared(Choice):
                    setattr(target, attname, getattr(choice, attname))
                if _values(target) != before[target]:
                    to_update.append(target)
                    touched.add(question.pk)
            else:
                choice.question = question
                to_create.append(choice)
                touched.add(question.pk)
        if old[len(choices) :]:
            to_delete += old[len(choices) :]
            touched.add(question.pk)
    changed = [q for q in updated if q.pk in touched or _values(q) != before[q]]
    now = timezone.now()
    for question in changed:
        question.updated_at = now  # what Question.save() does (and the admin, when a choice changes)
    _update_each(Question, changed, _written(Question))
    Choice.objects.bulk_create(to_create, batch_size=BATCH)
    _update_each(Choice, to_update, _written(Choice))
    Choice.objects.filter(pk__in=[c.pk for c in to_delete]).delete()
    forget([question.pk for question in changed])  # bulk queries send the content cache no signals
    return ImportResult(created=len(new), updated=len(updated))


def _update_each(model, objects: list, names: list[str]) -> None:
    """One UPDATE … WHERE id = %s, sent for every object at once (executemany). bulk_update builds a
    CASE expression per object and field instead, which took longer than saving them one by one."""
    if not objects:
        return
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(model._meta.db_table), ", ".join(f"{quote(f.column)} = %s" for f in fields), quote(model._meta.pk.column)
    )
    # getattr, not __dict__: modeltranslation answers for the untranslated column (English, see the caller).
    params = [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] + [obj.pk] for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _int(value: str) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _plain(value: Decimal | None) -> Decimal | str:
    """1975 rather than 1975.000 or 1.975E+3, and still a number, so that the CSV keeps it unquoted."""
    if value is None:
        return ""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value

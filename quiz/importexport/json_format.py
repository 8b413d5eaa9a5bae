"""The bank as JSON in the fixtures format (`*_en` / `*_ru` keys, explicit primary keys, see
docs/content.md): an export loads back into an empty database and exports again to the same file.
Each object is checked and saved on its own, in a savepoint, so that each problem names its object."""

import datetime
import itertools
import json
from collections.abc import Iterator

from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import languages
from ..models import Choice, Question
from .common import BANK_LABELS, BANK_MODELS, ImportFailed, ImportResult, messages, nul_problem, translated

# An import runs inside one request: at 300 to 400 objects a second this many take 12 to 17 seconds,
# within gunicorn's 30-second timeout (docs/content.md). A bigger bank goes in parts.
MAX_OBJECTS = 5_000


class _Encoder(DjangoJSONEncoder):
    """Django's encoder cuts datetimes to milliseconds; a round trip must keep them whole."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat().replace("+00:00", "Z")
        return super().default(o)


EXPORT_CHUNK = 1000  # objects read and written at a time while an export streams


def export_json() -> str:
    return "".join(export_json_chunks())


def export_json_chunks() -> Iterator[str]:
    """The bank as one JSON list, written a chunk of objects at a time (the streamed download): the
    same text as json.dumps(every object, indent=2), without holding the bank in memory."""
    first = True
    for model in BANK_MODELS:
        rows = model.objects.order_by("pk").iterator(chunk_size=EXPORT_CHUNK)
        while chunk := list(itertools.islice(rows, EXPORT_CHUNK)):
            parts = []
            for item in serializers.serialize("python", chunk):
                for name in translated(BANK_LABELS[item["model"]]):
                    item["fields"].pop(name, None)  # dumpdata writes a redundant bare `text` (modeltranslation #395)
                text = json.dumps(item, cls=_Encoder, ensure_ascii=False, indent=2)
                parts.append(("[\n" if first else ",\n") + "\n".join("  " + line for line in text.splitlines()))
                first = False
            yield "".join(parts)
    yield "[]\n" if first else "\n]\n"


def import_json(text: str) -> ImportResult:
    try:
        data = json.loads(text)
    except RecursionError:  # the parser gives up past about a thousand levels; a fixtures file has four
        raise ImportFailed([_("The file nests lists and objects too deeply to be a fixtures file.")]) from None
    except ValueError as error:
        raise ImportFailed([_("The file is not valid JSON: %(error)s") % {"error": error}]) from None
    if not isinstance(data, list):
        raise ImportFailed([_("A fixtures file holds a list of objects: [{…}, {…}].")])
    if len(data) > MAX_OBJECTS:
        raise ImportFailed([too_many_objects()])
    result, errors = ImportResult(), []
    with transaction.atomic():
        existing = {label: set(model.objects.values_list("pk", flat=True)) for label, model in BANK_LABELS.items()}
        rows_of_question: dict[int, int] = {}
        first_of: dict[tuple, int] = {}  # (model, id) → the object that first had it
        for number, item in enumerate(data, start=1):
            key = _identity(item)
            if key in first_of:  # otherwise the last one would silently win
                errors.append(
                    _("Objects %(first)s and %(second)s have the same id %(id)s (%(model)s).")
                    % {"first": first_of[key], "second": number, "id": key[1], "model": key[0]}
                )
                continue
            if key:
                first_of[key] = number
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
                    errors.append(
                        _("Object %(number)s: question %(id)s: %(problem)s")
                        % {"number": rows_of_question[question.pk], "id": question.pk, "problem": problem}
                    )
        if errors:
            raise ImportFailed(errors)  # leaves the atomic block: everything saved above is rolled back
        _reset_sequences()
    return result


def _identity(item) -> tuple[str, str] | None:
    """(model, id) of a fixtures object, or None when it has no id (the database will give it one)."""
    if not isinstance(item, dict) or item.get("pk") is None:
        return None
    return str(item.get("model", "")).lower(), str(item["pk"])


def _load_item(item, existing: dict[str, set]) -> tuple[list[str], object]:
    """Validate and save one fixture object (inside the caller's transaction)."""
    if not isinstance(item, dict) or not isinstance(item.get("fields"), dict):
        return [_("not a fixtures object with “model” and “fields”.")], None
    label = str(item.get("model", "")).lower()
    model = BANK_LABELS.get(label)
    if model is None:
        return [
            _("“%(model)s” cannot be imported here: only topics, facts, questions and choices.")
            % {"model": item.get("model")}
        ], None
    problems = [
        nul_problem(name) for name, value in item["fields"].items() if isinstance(value, str) and "\x00" in value
    ]
    if problems:
        return problems, None
    try:
        (loaded,) = serializers.deserialize("python", [item])
    except (DeserializationError, ValueError, TypeError) as error:
        return [str(error)], None
    instance = loaded.object
    instance._state.adding = instance.pk not in existing[label]  # an update must not trip over its own id
    problems = [
        _("%(field)s is empty.") % {"field": f"{name}_{languages.default()}"}
        for name in translated(model)
        if not (getattr(instance, f"{name}_{languages.default()}") or "").strip()
        and not model._meta.get_field(name).blank
    ]
    try:
        instance.full_clean(exclude=translated(model))
    except ValidationError as error:
        problems += messages(error)
    if problems:
        return problems, None
    try:
        # A savepoint: a failed row does not break the whole transaction. The untranslated column
        # (modeltranslation keeps it) is written from the default language, whatever the admin's language.
        with transaction.atomic(), translation.override(languages.default()):
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


def too_many_objects() -> str:
    return ngettext(
        "An import takes at most %(limit)s object at a time. Split the file and import the parts one after another.",
        "An import takes at most %(limit)s objects at a time. Split the file and import the parts one after another.",
        MAX_OBJECTS,
    ) % {"limit": MAX_OBJECTS}

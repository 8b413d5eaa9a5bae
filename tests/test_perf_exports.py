"""Teachers' exports stream: the question bank as JSON and CSV is written a chunk at a time, reads
the same number of queries per chunk whatever the size of the bank, and a 10,000-question bank is
exported well inside gunicorn's 30-second worker timeout."""

import json
import time

import pytest
from django.core import serializers
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quiz import importexport
from quiz.importexport import csv_format, json_format
from quiz.importexport.common import BANK_LABELS, BANK_MODELS, translated
from quiz.importexport.json_format import _Encoder
from quiz.models import Choice, Question, Topic
from tests.factories import make_fact, make_question, make_teacher

pytestmark = pytest.mark.django_db


def whole_json() -> str:
    """The export as it was written before it streamed: every object in one json.dumps."""
    data = serializers.serialize("python", [obj for model in BANK_MODELS for obj in model.objects.order_by("pk")])
    for item in data:
        for name in translated(BANK_LABELS[item["model"]]):
            item["fields"].pop(name, None)
    return json.dumps(data, cls=_Encoder, ensure_ascii=False, indent=2) + "\n"


def small_bank(questions: int = 7):
    fact = make_fact()
    for n in range(questions):
        make_question([Question.Kind.SINGLE, Question.Kind.NUMBER, Question.Kind.MATCHING][n % 3], fact=fact)


def test_streamed_json_is_the_same_text_as_one_dump(monkeypatch):
    small_bank()
    monkeypatch.setattr(json_format, "EXPORT_CHUNK", 3)  # several chunks per model
    assert importexport.export_json() == whole_json()
    assert len(list(importexport.export_json_chunks())) > len(BANK_MODELS)


def test_an_empty_bank_exports_an_empty_list():
    assert importexport.export_json() == whole_json() == "[]\n"


def test_csv_export_reads_a_chunk_at_a_time(monkeypatch):
    monkeypatch.setattr(csv_format, "EXPORT_CHUNK", 2)
    small_bank(3)
    with CaptureQueriesContext(connection) as few:
        rows = list(importexport.export_csv_lines())
    small_bank(6)  # three times the questions: five chunks instead of two
    with CaptureQueriesContext(connection) as more:
        more_rows = list(importexport.export_csv_lines())
    assert len(rows) == 4 and len(more_rows) == 10
    assert len(more) - len(few) == 5 - 2  # one query for the choices of each chunk more


def test_the_admin_download_streams(client):
    small_bank()
    client.force_login(make_teacher())
    for url in ("/en/admin/quiz/question/export.json", "/en/admin/quiz/question/export.csv"):
        response = client.get(url)
        assert response.streaming and response.status_code == 200
        assert b"".join(response.streaming_content)


def test_ten_thousand_questions_export_well_inside_the_worker_timeout():
    topics = Topic.objects.bulk_create(Topic(slug=f"t{n}", title_en=f"T{n}", title_ru=f"Т{n}") for n in range(20))
    questions = Question.objects.bulk_create(
        Question(
            topic=topics[n % 20],
            text_en=f"Question {n}?",
            text_ru=f"Вопрос {n}?",
            explanation_en="Why.",
            explanation_ru="Почему.",
        )
        for n in range(10_000)
    )
    Choice.objects.bulk_create(
        Choice(question=q, position=p, is_correct=p == 1, text_en=f"Choice {p}", text_ru=f"Ответ {p}")
        for q in questions
        for p in (1, 2, 3, 4)
    )
    # CPU time, not wall time: on a machine shared with other work wall time says more about the
    # others than about the export (DESIGN.md: budgets are the benchmark's; this is a guard rail).
    for export in (importexport.export_json_chunks, importexport.export_csv_lines):
        started = time.process_time()
        first_at = None
        for _part in export():
            first_at = first_at or time.process_time() - started
        took = time.process_time() - started
        # 30 s is the worker's timeout; on a loaded 2-core machine the export takes a few seconds.
        print(f"{export.__name__}: {took:.1f} s of CPU, first bytes after {first_at:.2f} s")
        assert took < 15, f"{export.__name__}: {took:.1f} s of CPU"
        assert first_at < 2, f"{export.__name__}: first bytes after {first_at:.1f} s"

"""The bugs a teacher hits first (issue 15): join code, school time, the class report's names and
statuses, the question editor's fields, Excel in Russian, and the admin's Russian grammar."""

import datetime
import html
import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from quiz import reports, spreadsheets
from quiz.models import Assignment, Classroom, Profile, Question
from tests.factories import make_attempt, make_classroom, make_question, make_quiz, make_teacher, make_user

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def inline_management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


# The join code --------------------------------------------------------------------------------------


def test_add_class_form_shows_no_join_code_before_saving(client):
    client.force_login(make_teacher())
    page = client.get("/en/admin/quiz/classroom/add/").content.decode()
    assert "The join code appears here once the class is saved" in page
    assert "join-panel-code" not in page and 'name="join_code"' not in page
    assert not re.search(r'<div class="readonly">[A-Z2-9]{6}</div>', page)  # the unsaved default, shown before


def test_saved_class_shows_its_code_large_with_link_and_qr(client):
    teacher = make_teacher()
    client.force_login(teacher)
    data = {
        "name": "7Б",
        "time_zone": "Europe/Moscow",
        **inline_management("assignments"),
        **inline_management("memberships"),
    }
    response = client.post("/en/admin/quiz/classroom/add/", data)
    classroom = Classroom.objects.get()
    assert response.status_code == 302
    page = client.get(f"/en/admin/quiz/classroom/{classroom.pk}/change/").content.decode()
    assert f'id="join-code" aria-label="Join code">{classroom.join_code}</output>' in page
    assert f"http://testserver/en/classes/?code={classroom.join_code}" in page
    svg = re.search(r'<svg[^>]*class="qr".*?</svg>', page, re.S).group(0)
    assert "<title>QR code of the join link</title>" in svg and "<path" in svg


def test_join_link_fills_the_code_in(client):
    client.force_login(make_user())
    assertContains(client.get("/en/classes/?code=ABC234"), 'value="ABC234"')


# School time -----------------------------------------------------------------------------------------


def _settings_in(env: dict) -> subprocess.CompletedProcess:
    code = "import django; django.setup(); from django.conf import settings; print(settings.TIME_ZONE)"
    clean = {k: v for k, v in os.environ.items() if k not in ("TIME_ZONE", "DEBUG", "DATABASE_URL")}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**clean, "DJANGO_SETTINGS_MODULE": "asts_site.settings", **env},
        check=False,
    )


def test_site_time_zone_comes_from_the_environment():
    assert _settings_in({"TIME_ZONE": "Europe/Moscow"}).stdout.strip() == "Europe/Moscow"
    assert _settings_in({}).stdout.strip() == "UTC"
    bad = _settings_in({"TIME_ZONE": "Moscow/Kremlin"})
    assert bad.returncode != 0 and "TIME_ZONE must be an IANA time zone" in bad.stderr


def test_new_class_takes_the_site_zone(settings):
    settings.TIME_ZONE = "Asia/Novosibirsk"
    assert make_classroom().time_zone == "Asia/Novosibirsk"


def test_a_due_time_typed_in_moscow_is_stored_as_that_instant(client):
    teacher = make_teacher()
    quiz = make_quiz([make_question()])
    classroom = make_classroom(teacher, time_zone="Europe/Moscow")
    client.force_login(teacher)
    data = {
        "name": classroom.name,
        "time_zone": "Europe/Moscow",
        **inline_management("assignments", total=1),
        "assignments-0-quiz": quiz.pk,
        "assignments-0-due_at_0": "2026-12-04",
        "assignments-0-due_at_1": "15:00",
        **inline_management("memberships"),
    }
    response = client.post(f"/en/admin/quiz/classroom/{classroom.pk}/change/", data)
    assert response.status_code == 302
    due = Assignment.objects.get().due_at
    assert due == datetime.datetime(2026, 12, 4, 12, 0, tzinfo=datetime.UTC)  # 15:00 MSK, not 15:00 UTC
    # The form shows it back in the class's zone, and the admin's offset is the class's (no "3 hours ahead").
    page = client.get(f"/en/admin/quiz/classroom/{classroom.pk}/change/").content.decode()
    assert 'value="15:00:00"' in page and 'data-admin-utc-offset="10800"' in page


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "due 4 December 2026, 15:00 (Europe/Moscow)"),
        ("ru", "срок: 4 декабря 2026 г., 15:00 (Europe/Moscow)"),
    ],
)
def test_students_see_the_due_time_in_the_class_zone_with_its_name(client, lang, expected):
    student = make_user()
    quiz = make_quiz([make_question()])
    make_classroom(
        students=[student],
        quizzes=[quiz],
        time_zone="Europe/Moscow",
        due_at=datetime.datetime(2026, 12, 4, 12, 0, tzinfo=datetime.UTC),
    )
    client.force_login(student)
    page = client.get(f"/{lang}/classes/").content.decode()
    assert expected in " ".join(page.split())


# The class report ------------------------------------------------------------------------------------


def test_a_third_against_a_sixty_percent_pass_mark_is_attempted_not_passed():
    student = make_user()
    quiz = make_quiz([make_question() for _ in range(3)], pass_mark=60)
    classroom = make_classroom(
        students=[student], quizzes=[quiz], due_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    Assignment.objects.update(created_at=datetime.datetime(2019, 12, 1, tzinfo=datetime.UTC))
    make_attempt(quiz, user=student, score=1, finished_at=datetime.datetime(2019, 12, 20, tzinfo=datetime.UTC))
    (cell,) = reports.class_report(classroom).rows[0].cells
    assert (cell.attempted, cell.passed, cell.overdue, cell.status, cell.best) == (True, False, True, "attempted", 33)
    make_attempt(quiz, user=student, score=2, finished_at=datetime.datetime(2019, 12, 21, tzinfo=datetime.UTC))
    (cell,) = reports.class_report(classroom).rows[0].cells
    assert (cell.passed, cell.overdue, cell.status) == (True, False, "passed")  # 67 % ≥ 60 %, before the due date


def test_report_shows_display_names_and_usernames_only_to_tell_two_apart(client):
    teacher = make_teacher()
    sasha1, sasha2, lena = make_user("sasha_k"), make_user("sasha_m"), make_user("lena")
    for user, name in ((sasha1, "Саша"), (sasha2, "Саша"), (lena, "Лена")):
        Profile.objects.create(user=user, display_name=name)
    classroom = make_classroom(teacher, students=[sasha1, sasha2, lena], quizzes=[make_quiz([make_question()])])
    names = [row.name for row in reports.class_report(classroom, viewer=teacher).rows]
    assert names == ["Лена", "Саша (sasha_k)", "Саша (sasha_m)"]
    # Anyone but the class's teacher (a superuser, say) never sees a username: a number tells them apart.
    admin = make_user("root", is_staff=True, is_superuser=True)
    assert [row.name for row in reports.class_report(classroom, viewer=admin).rows] == ["Лена", "Саша (1)", "Саша (2)"]
    client.force_login(teacher)
    page = client.get(f"/en/admin/quiz/classroom/{classroom.pk}/report/").content.decode()
    assert ">Лена<" in page and "lena" not in page


# Excel (Russian) -------------------------------------------------------------------------------------


def test_excel_russian_uses_semicolons_and_decimal_commas():
    rows = [["имя", "балл"], ["Аня; Петрова", Decimal("0.25")], ["=1+1", 0.5], ["Боря", 3]]
    text = spreadsheets.csv_bytes(rows, spreadsheets.EXCEL_RU).decode("utf-8")
    assert text.startswith("\ufeff")
    assert text.lstrip("\ufeff").splitlines() == ["имя;балл", '"Аня; Петрова";0,25', "'=1+1;0,5", "Боря;3"]
    assert spreadsheets.csv_bytes(rows).decode("utf-8").lstrip("\ufeff").splitlines()[1] == "Аня; Петрова,0.25"


def test_class_report_offers_both_csv_flavours(client):
    teacher = make_teacher()
    classroom = make_classroom(teacher, students=[make_user()], quizzes=[make_quiz([make_question()])])
    client.force_login(teacher)
    url = f"/ru/admin/quiz/classroom/{classroom.pk}/report.csv"
    assertContains(client.get(f"/ru/admin/quiz/classroom/{classroom.pk}/report/"), f'href="{url}?format=excel-ru"')
    response = client.get(url, {"format": "excel-ru"})
    assert response["Content-Disposition"] == f'attachment; filename="class-{classroom.pk}-report-excel-ru.csv"'
    assert response.content.decode("utf-8").lstrip("\ufeff").startswith("имя;викторина;срок;")


# The question editor ---------------------------------------------------------------------------------


@pytest.fixture
def teacher_client(client):
    client.force_login(make_teacher())
    return client


def test_single_choice_editor_has_no_number_or_diagram_fields(teacher_client):
    question = make_question(Question.Kind.SINGLE)
    page = teacher_client.get(f"/en/admin/quiz/question/{question.pk}/change/").content.decode()
    for absent in ('name="number_answer"', 'name="number_tolerance"', 'name="diagram"', "-match_en", "-region"):
        assert absent not in page
    assert 'name="choices-0-is_correct"' in page and 'name="choices-0-text_ru"' in page


def test_number_editor_has_its_number_and_no_choices(teacher_client):
    question = make_question(Question.Kind.NUMBER)
    page = teacher_client.get(f"/en/admin/quiz/question/{question.pk}/change/").content.decode()
    assert 'name="number_answer"' in page and "choices-TOTAL_FORMS" not in page


def test_matching_editor_shows_matches_and_no_correct_box(teacher_client):
    question = make_question(Question.Kind.MATCHING)
    page = teacher_client.get(f"/en/admin/quiz/question/{question.pk}/change/").content.decode()
    assert 'name="choices-0-match_ru"' in page and 'name="choices-0-is_correct"' not in page


def test_add_page_is_laid_out_for_the_kind_picked(teacher_client):
    page = teacher_client.get("/en/admin/quiz/question/add/?kind=number").content.decode()
    assert 'name="number_answer"' in page and 'class="kind-picker"' in page
    assert '<option value="number" selected>' in page


def test_every_choice_input_is_named_for_screen_readers(teacher_client):
    question = make_question(Question.Kind.SINGLE)
    page = teacher_client.get(f"/ru/admin/quiz/question/{question.pk}/change/").content.decode()
    inputs = re.findall(r'<input[^>]*name="choices-0-(?:text_en|text_ru|is_correct|position)"[^>]*>', page)
    assert len(inputs) == 4 and all("aria-label=" in tag for tag in inputs)


def test_editor_has_one_language_switch_for_the_whole_form(teacher_client):
    question = make_question(Question.Kind.SINGLE)
    page = teacher_client.get(f"/en/admin/quiz/question/{question.pk}/change/").content.decode()
    assert page.count('class="language-switch"') == 1
    assert "<legend>Language you are editing</legend>" in page
    assert "tabbed_translation_fields.js" not in page


def test_a_matching_question_saved_in_the_editor_keeps_every_pair_right(teacher_client):
    question = make_question(Question.Kind.MATCHING)
    choices = list(question.choices.all())
    data = {
        "topic": question.topic_id,
        "kind": "matching",
        "difficulty": 2,
        "is_published": "on",
        "text_en": question.text_en,
        "text_ru": question.text_ru,
        "explanation_en": "Because.",
        "explanation_ru": "Потому что.",
        **inline_management("choices", total=3, initial=3),
    }
    for i, choice in enumerate(choices):
        data.update(
            {
                f"choices-{i}-id": choice.pk,
                f"choices-{i}-question": question.pk,
                f"choices-{i}-text_en": choice.text_en,
                f"choices-{i}-text_ru": choice.text_ru,
                f"choices-{i}-match_en": choice.match_en,
                f"choices-{i}-match_ru": choice.match_ru,
                f"choices-{i}-position": i + 1,
            }
        )
    response = teacher_client.post(f"/en/admin/quiz/question/{question.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(question.choices.values_list("is_correct", flat=True)) == [True, True, True]


# Plain words and Russian grammar ---------------------------------------------------------------------


def test_russian_admin_reads_right_with_feminine_and_neuter_names(client):
    teacher = make_teacher()
    classroom = make_classroom(teacher)
    client.force_login(teacher)
    page = client.get(f"/ru/admin/quiz/classroom/{classroom.pk}/change/").content.decode()
    formset = json.loads(html.unescape(re.search(r'data-inline-formset="([^"]*)"', page).group(1)))
    assert formset["options"]["addText"] == "Добавить ещё: Задание"
    assertNotContains(client.get(f"/ru/admin/quiz/classroom/{classroom.pk}/change/"), "Добавить еще один")
    assertContains(client.get("/ru/admin/quiz/quiz/"), "Добавить: викторина")


def test_slug_is_called_a_web_address_name(client):
    client.force_login(make_teacher())
    page = client.get("/en/admin/quiz/topic/add/").content.decode()
    assert "Web address name" in page and "Latin letters, digits and hyphens" in page
    assert ">Slug:<" not in page

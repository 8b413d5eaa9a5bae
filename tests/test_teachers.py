"""Teachers in the admin: the role, create_teacher, their own classes only, the class report and
attempt detail with CSV, translation care, and the quiz settings they control."""

import datetime
import io

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quiz import reports
from quiz.models import Assignment, Attempt, Classroom, Fact, Membership, Question, Response
from quiz.ownership import Learner
from quiz.taking import finish_attempt, record_answer, start_attempt
from tests.factories import (
    correct_post,
    make_attempt,
    make_classroom,
    make_deck,
    make_fact,
    make_question,
    make_quiz,
    make_teacher,
    make_user,
)

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def at(day, hour=9):
    return datetime.datetime(2026, 1, day, hour, tzinfo=UTC)


# The role ----------------------------------------------------------------------------------------


def test_teachers_role_has_exactly_the_content_classes_and_results_permissions():
    content = ["topic", "fact", "question", "choice", "quiz", "quizquestion", "deck", "card"]
    classes = ["classroom", "membership", "assignment"]
    expected = {
        f"quiz.{action}_{model}" for model in content + classes for action in ("add", "change", "delete", "view")
    }
    expected |= {"quiz.view_attempt", "quiz.view_response"}
    expected |= {"quiz.add_livegame", "quiz.view_livegame", "quiz.view_player", "quiz.view_liveanswer"}  # live games
    group = Group.objects.get(name="Teachers")
    got = {
        f"{app}.{codename}" for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }
    assert got == expected
    assert not any(p.startswith(("auth.", "admin.", "contenttypes.", "sessions.")) for p in got)


def test_teacher_cannot_see_or_edit_users_groups_or_permissions(client):
    teacher = make_teacher()
    student = make_user("anna", first_name="Anna")
    client.force_login(teacher)
    assert client.get("/en/admin/auth/user/").status_code == 403
    assert client.get(f"/en/admin/auth/user/{student.pk}/change/").status_code == 403
    response = client.post(
        f"/en/admin/auth/user/{student.pk}/change/", {"username": "anna", "is_staff": "on", "is_superuser": "on"}
    )
    assert response.status_code == 403
    student.refresh_from_db()
    assert (student.is_staff, student.is_superuser, student.first_name) == (False, False, "Anna")
    assert client.get("/en/admin/auth/group/").status_code == 403
    index = client.get("/en/admin/").content.decode()
    assert "/en/admin/quiz/question/" in index and "/en/admin/quiz/classroom/" in index
    assert "/en/admin/auth/" not in index


def test_superuser_keeps_everything(client):
    admin = make_user("root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get("/en/admin/auth/user/").status_code == 200
    make_classroom(name="Someone else's class")
    assert "Someone else&#x27;s class" in client.get("/en/admin/quiz/classroom/").content.decode()


def test_a_student_opening_admin_urls_is_sent_to_log_in(client):
    classroom = make_classroom()
    client.force_login(make_user())
    for url in (
        "/en/admin/",
        f"/en/admin/quiz/classroom/{classroom.pk}/report/",
        "/en/admin/quiz/question/import/",
        "/en/admin/quiz/question/export.json",
        f"/en/admin/quiz/classroom/{classroom.pk}/report.csv",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/en/admin/login/?next="), url


# create_teacher ----------------------------------------------------------------------------------


def test_create_teacher_makes_a_staff_account_in_the_teachers_group():
    out = io.StringIO()
    call_command("create_teacher", "olga", "--email", "olga@example.org", "--password", "Soyuz-19-Apollo", stdout=out)
    user = get_user_model().objects.get(username="olga")
    assert user.is_staff and not user.is_superuser
    assert user.email == "olga@example.org"
    assert user.check_password("Soyuz-19-Apollo")
    assert list(user.groups.values_list("name", flat=True)) == ["Teachers"]
    assert user.has_perm("quiz.change_question") and not user.has_perm("auth.change_user")
    assert "Teacher 'olga' created" in out.getvalue()


def test_create_teacher_asks_for_the_password_twice(monkeypatch):
    answers = iter(["Soyuz-19-Apollo", "Soyuz-19-Apollo"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    call_command("create_teacher", "boris", stdout=io.StringIO())
    assert Group.objects.get(name="Teachers").user_set.get().username == "boris"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--password", "123"], "The password is not accepted"),
        (["--password", "password"], "The password is not accepted"),
    ],
)
def test_create_teacher_refuses_a_weak_password_and_creates_nothing(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("create_teacher", "weak", *args)
    assert not Group.objects.get(name="Teachers").user_set.exists()


def test_create_teacher_without_a_terminal_points_at_password(monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match="no terminal to ask for the password: give it with --password"):
        call_command("create_teacher", "script")
    assert not Group.objects.get(name="Teachers").user_set.exists()


def test_create_teacher_refuses_an_existing_username():
    make_user("taken")
    with pytest.raises(CommandError, match="exists already"):
        call_command("create_teacher", "taken", "--password", "Soyuz-19-Apollo")
    assert not Group.objects.get(name="Teachers").user_set.exists()


# Classes in the admin ----------------------------------------------------------------------------


def inline_management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_teacher_creates_a_class_and_assigns_a_quiz_with_a_due_date(client):
    teacher = make_teacher()
    quiz = make_quiz([make_question()])
    client.force_login(teacher)
    data = {
        "name": "7Б · История космонавтики",
        **inline_management("assignments", total=1),
        "assignments-0-quiz": quiz.pk,
        "assignments-0-due_at_0": "2026-03-01",
        "assignments-0-due_at_1": "09:00:00",
        **inline_management("memberships"),
    }
    response = client.post("/en/admin/quiz/classroom/add/", data)
    assert response.status_code == 302
    classroom = Classroom.objects.get()
    assert classroom.teacher == teacher  # set on save: the teacher never picks it
    assert classroom.name == "7Б · История космонавтики"
    assert len(classroom.join_code) == 6 and classroom.join_code.isalnum() and classroom.join_code.isupper()
    assignment = Assignment.objects.get()
    assert (assignment.classroom, assignment.quiz, assignment.due_at) == (classroom, quiz, at(1).replace(month=3))


def test_teacher_cannot_hand_a_class_to_another_teacher(client):
    teacher, other = make_teacher(), make_teacher()
    client.force_login(teacher)
    data = {"name": "Mine", "teacher": other.pk, **inline_management("assignments"), **inline_management("memberships")}
    client.post("/en/admin/quiz/classroom/add/", data)
    assert Classroom.objects.get().teacher == teacher


def test_teacher_sees_only_their_own_classes_and_students(client):
    teacher = make_teacher()
    mine = make_classroom(teacher, students=[make_user("my_student")], name="Class of mine")
    theirs = make_classroom(make_teacher(), students=[make_user("their_student")], name="Class of theirs")
    client.force_login(teacher)
    listing = client.get("/en/admin/quiz/classroom/").content.decode()
    assert "Class of mine" in listing and "Class of theirs" not in listing
    page = client.get(f"/en/admin/quiz/classroom/{mine.pk}/change/").content.decode()
    assert "my_student" in page and "their_student" not in page
    assert mine.join_code in page
    for url in (
        f"/en/admin/quiz/classroom/{theirs.pk}/change/",
        f"/en/admin/quiz/classroom/{theirs.pk}/delete/",
        f"/en/admin/quiz/classroom/{theirs.pk}/report/",
        f"/en/admin/quiz/classroom/{theirs.pk}/report.csv",
        "/en/admin/quiz/classroom/999999/report/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/en/admin/quiz/classroom/{theirs.pk}/delete/", {"post": "yes"}).status_code == 404
    assert Classroom.objects.filter(pk=theirs.pk).exists()


def test_teacher_removes_a_student_from_their_class(client):
    teacher = make_teacher()
    student = make_user()
    classroom = make_classroom(teacher, students=[student])
    membership = Membership.objects.get()
    client.force_login(teacher)
    data = {
        "name": classroom.name,
        **inline_management("assignments"),
        **inline_management("memberships", total=1, initial=1),
        "memberships-0-id": membership.pk,
        "memberships-0-classroom": classroom.pk,
        "memberships-0-DELETE": "on",
    }
    assert client.post(f"/en/admin/quiz/classroom/{classroom.pk}/change/", data).status_code == 302
    assert not Membership.objects.exists()
    assert student.__class__.objects.filter(pk=student.pk).exists()


# The class report --------------------------------------------------------------------------------


@pytest.fixture
def report_class():
    """Quiz A (5 questions) due 10 January, long past; quiz B due next week. Assigned on 1 January.

    anna: A at 80% on the 5th, then 40% on the 6th → done, best 80, latest 40; B not started.
    boris: A at 60% on the 12th, after the due date → done late; B started, not finished → in progress.
    vera: A only before it was assigned (December) → overdue; B not started.
    """
    teacher = make_teacher()
    quiz_a = make_quiz([make_question() for _ in range(5)], title_en="Docking", title_ru="Стыковка")
    quiz_b = make_quiz([make_question()], title_en="Crews", title_ru="Экипажи")
    anna = make_user("anna", first_name="Анна", last_name="Петрова")
    boris, vera = make_user("boris"), make_user("vera")
    classroom = make_classroom(teacher, students=[anna, boris, vera], name="7Б")
    Assignment.objects.create(classroom=classroom, quiz=quiz_a, due_at=at(10), created_at=at(1))
    Assignment.objects.create(
        classroom=classroom, quiz=quiz_b, due_at=timezone.now() + datetime.timedelta(days=7), created_at=at(1)
    )
    make_attempt(quiz_a, user=anna, score=4, finished_at=at(5))
    latest = make_attempt(quiz_a, user=anna, score=2, finished_at=at(6))
    make_attempt(quiz_a, user=boris, score=3, finished_at=at(12))
    make_attempt(quiz_b, user=boris, finished_at=False)
    make_attempt(quiz_a, user=vera, score=5, finished_at=datetime.datetime(2025, 12, 20, tzinfo=UTC))
    return {"teacher": teacher, "classroom": classroom, "latest": latest}


def test_class_report_separates_attempted_passed_and_overdue(report_class):
    report = reports.class_report(report_class["classroom"])
    assert [a.quiz.title_en for a in report.assignments] == ["Docking", "Crews"]
    cells = {
        row.student.username: [(c.status, c.attempts, c.best, c.latest, c.overdue) for c in row.cells]
        for row in report.rows
    }
    assert cells == {
        "anna": [("passed", 2, 80, 40, False), ("not_started", 0, None, None, False)],
        "boris": [("passed_late", 1, 60, 60, False), ("in_progress", 1, None, None, False)],
        "vera": [("not_started", 0, None, None, True), ("not_started", 0, None, None, False)],
    }
    by_name = {row.student.username: (row.attempted, row.passed, row.overdue) for row in report.rows}
    assert by_name == {"anna": (1, 1, 0), "boris": (1, 1, 0), "vera": (0, 0, 1)}


def test_class_report_page_in_english(client, report_class):
    client.force_login(report_class["teacher"])
    page = client.get(f"/en/admin/quiz/classroom/{report_class['classroom'].pk}/report/").content.decode()
    assert "best 80% · latest 40%" in page
    for label in ("passed late", "overdue", "in progress", "not started", "pass mark 60%"):
        assert label in page
    assert f"/en/admin/quiz/attempt/{report_class['latest'].pk}/detail/" in page
    assert "3 students" in page
    assert "Анна Петрова" in page and ">anna<" not in page  # the name, not the login


def test_class_report_page_in_russian(client, report_class):
    client.force_login(report_class["teacher"])
    page = client.get(f"/ru/admin/quiz/classroom/{report_class['classroom'].pk}/report/").content.decode()
    assert "Стыковка" in page and "Экипажи" in page
    assert "лучший 80% · последний 40%" in page
    for label in ("зачтено с опозданием", "просрочено", "в процессе", "не начато", "проходной балл 60%"):
        assert label in page
    assert "3 ученика" in page


def test_class_report_csv_starts_with_a_bom_and_keeps_cyrillic(client, report_class):
    client.force_login(report_class["teacher"])
    response = client.get(f"/en/admin/quiz/classroom/{report_class['classroom'].pk}/report.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="class-{report_class["classroom"].pk}-report.csv"'
    assert response.content.startswith("\ufeff".encode())
    lines = response.content.decode("utf-8").lstrip("\ufeff").splitlines()
    assert lines[0] == "name,quiz,due,time zone,attempts,best %,latest %,attempted,passed,overdue,status"
    rows = {line.split(",")[0] + "/" + line.split(",")[1]: line for line in lines[1:]}
    assert rows["Анна Петрова/Docking"] == "Анна Петрова,Docking,2026-01-10 09:00,UTC,2,80,40,yes,yes,no,passed"
    boris = reports.student_name(get_user_model().objects.get(username="boris"))
    assert boris.startswith("Student ")  # no display name: a short code, never the login, never blank
    assert rows[f"{boris}/Crews"].endswith(",1,,,no,no,no,in progress")
    vera = reports.student_name(get_user_model().objects.get(username="vera"))
    assert rows[f"{vera}/Docking"] == f"{vera},Docking,2026-01-10 09:00,UTC,0,,,no,no,yes,not started"
    assert len(lines) == 7


def test_class_report_csv_in_russian(client, report_class):
    client.force_login(report_class["teacher"])
    text = client.get(f"/ru/admin/quiz/classroom/{report_class['classroom'].pk}/report.csv").content.decode("utf-8")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0] == "имя,викторина,срок,часовой пояс,попытки,лучший %,последний %,писал(а),зачтено,просрочено,статус"
    assert "Анна Петрова,Стыковка,2026-01-10 09:00,UTC,2,80,40,да,да,нет,зачтено" in lines


def test_class_report_costs_the_same_queries_for_more_students(client, report_class):
    client.force_login(report_class["teacher"])
    url = f"/en/admin/quiz/classroom/{report_class['classroom'].pk}/report/"

    def cost():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = cost()
    quiz_a = report_class["classroom"].assignments.first().quiz
    for _n in range(10):
        student = make_user()
        Membership.objects.create(classroom=report_class["classroom"], student=student)
        make_attempt(quiz_a, user=student, score=3, finished_at=at(8))
    assert cost() == small


# Attempt detail ----------------------------------------------------------------------------------


@pytest.fixture
def answered():
    """A student's finished attempt for an assignment: one right (in Russian), one wrong (in English)."""
    teacher, student = make_teacher(), make_user("sasha")
    first = make_question(Question.Kind.SINGLE)
    second = make_question(Question.Kind.NUMBER)
    quiz = make_quiz([first, second])
    classroom = make_classroom(teacher, students=[student], quizzes=[quiz])
    attempt = start_attempt(quiz=quiz, learner=Learner(student.pk, ""), assignment=classroom.assignments.get())
    choices = list(first.choices.order_by("position"))
    record_answer(attempt=attempt, question=first, choices=choices, answer={"choices": [choices[0].pk]}, language="ru")
    record_answer(attempt=attempt, question=second, choices=[], answer={"number": "1974"}, language="en")
    finish_attempt(attempt)
    return {"teacher": teacher, "attempt": attempt, "first": first, "second": second, "classroom": classroom}


def test_attempt_detail_shows_each_answer_beside_the_correct_one(client, answered):
    client.force_login(answered["teacher"])
    page = client.get(f"/en/admin/quiz/attempt/{answered['attempt'].pk}/detail/").content.decode()
    assert "sasha" in page
    assert answered["first"].text_en in page and answered["second"].text_en in page
    assert "<td>1974</td>" in page and "<td>1975</td>" in page
    assert "<td>Baikonur</td>" in page
    assert "1 of 2 (50%)" in page
    assert answered["attempt"].classroom == answered["classroom"]


def test_attempt_detail_in_russian_and_as_csv(client, answered):
    client.force_login(answered["teacher"])
    page = client.get(f"/ru/admin/quiz/attempt/{answered['attempt'].pk}/detail/").content.decode()
    assert "<td>Байконур</td>" in page
    assert "1 из 2 (50%)" in page
    csv_text = client.get(f"/ru/admin/quiz/attempt/{answered['attempt'].pk}/detail.csv").content.decode("utf-8")
    assert csv_text.startswith("\ufeff")
    lines = csv_text.lstrip("\ufeff").splitlines()
    assert lines[0] == "номер,вопрос,язык,ответ,правильный ответ,баллы,время ответа"
    assert lines[1].startswith(f"1,{answered['first'].text_ru},ru,Байконур,Байконур,1.0,")


def test_another_teachers_attempts_are_hidden_and_404(client, answered):
    client.force_login(make_teacher())
    attempt = answered["attempt"]
    assert client.get(f"/en/admin/quiz/attempt/{attempt.pk}/detail/").status_code == 404
    assert client.get(f"/en/admin/quiz/attempt/{attempt.pk}/detail.csv").status_code == 404
    assert client.get(f"/en/admin/quiz/attempt/{attempt.pk}/change/").status_code == 404
    assert "sasha" not in client.get("/en/admin/quiz/attempt/").content.decode()


def test_teacher_lists_the_attempts_of_their_students(client, answered):
    make_attempt(make_quiz([make_question()]), user=make_user("stranger"))
    client.force_login(answered["teacher"])
    listing = client.get("/en/admin/quiz/attempt/").content.decode()
    assert "sasha" in listing and "stranger" not in listing
    assert f"/en/admin/quiz/attempt/{answered['attempt'].pk}/detail/" in listing
    change = client.get(f"/en/admin/quiz/attempt/{answered['attempt'].pk}/change/").content.decode()
    assert "sasha" in change and "/admin/auth/user/" not in change  # no link a teacher could not follow


# Translation care --------------------------------------------------------------------------------


def fact_form(fact, **changes):
    data = {
        "topic": fact.topic_id,
        "slug": fact.slug,
        "title_en": fact.title_en,
        "title_ru": fact.title_ru,
        "body_en": fact.body_en,
        "body_ru": fact.body_ru,
        "happened_on": "",
        "source": fact.source,
        "position": fact.position,
    }
    return {**data, **changes}


@pytest.fixture
def teacher_client(client):
    client.force_login(make_teacher())
    return client


def test_editing_english_only_marks_russian_as_possibly_out_of_date(teacher_client):
    fact = make_fact()
    url = f"/en/admin/quiz/fact/{fact.pk}/change/"
    assert teacher_client.post(url, fact_form(fact, body_en="They docked on 17 July 1975.")).status_code == 302
    fact.refresh_from_db()
    assert fact.outdated_language == "ru"
    listing = teacher_client.get("/en/admin/quiz/fact/?outdated=ru").content.decode()
    assert fact.title_en in listing
    assert '<td class="field-outdated">RU</td>' in listing
    assert fact.title_en not in teacher_client.get("/en/admin/quiz/fact/?outdated=en").content.decode()


def test_saving_the_other_language_again_clears_the_mark(teacher_client):
    fact = make_fact(outdated_language="ru")
    url = f"/en/admin/quiz/fact/{fact.pk}/change/"
    teacher_client.post(url, fact_form(fact, body_ru="Стыковка состоялась 17 июля 1975 года."))
    fact.refresh_from_db()
    assert fact.outdated_language == ""


def test_editing_russian_only_marks_english(teacher_client):
    fact = make_fact()
    teacher_client.post(f"/en/admin/quiz/fact/{fact.pk}/change/", fact_form(fact, title_ru="Новое название"))
    fact.refresh_from_db()
    assert fact.outdated_language == "en"


def test_editing_both_languages_or_nothing_sets_no_mark(teacher_client):
    fact = make_fact()
    url = f"/en/admin/quiz/fact/{fact.pk}/change/"
    teacher_client.post(url, fact_form(fact, title_en="New", title_ru="Новое"))
    fact.refresh_from_db()
    assert fact.outdated_language == ""
    teacher_client.post(url, fact_form(fact, source="NASA SP-4209, ch. 11"))
    fact.refresh_from_db()
    assert fact.outdated_language == ""


def test_ticking_both_languages_match_clears_the_mark(teacher_client):
    fact = make_fact(outdated_language="ru")
    url = f"/en/admin/quiz/fact/{fact.pk}/change/"
    page = teacher_client.get(url).content.decode()
    assert "Both languages say the same" in page
    teacher_client.post(url, fact_form(fact, translations_checked="on"))
    fact.refresh_from_db()
    assert fact.outdated_language == ""
    assert "Both languages say the same" not in teacher_client.get(url).content.decode()


def test_editing_a_choice_in_english_marks_the_question(teacher_client):
    question = make_question(Question.Kind.TRUE_FALSE)
    choices = list(question.choices.order_by("position"))
    data = {
        "topic": question.topic_id,
        "kind": "true_false",
        "difficulty": 2,
        "is_published": "on",
        "text_en": question.text_en,
        "text_ru": question.text_ru,
        "explanation_en": question.explanation_en,
        "explanation_ru": question.explanation_ru,
        "number_tolerance": "0",
        **inline_management("choices", total=2, initial=2),
    }
    for i, c in enumerate(choices):
        data.update(
            {
                f"choices-{i}-id": c.pk,
                f"choices-{i}-question": question.pk,
                f"choices-{i}-text_en": c.text_en,
                f"choices-{i}-text_ru": c.text_ru,
                f"choices-{i}-position": c.position,
            }
        )
        if c.is_correct:
            data[f"choices-{i}-is_correct"] = "on"
    data["choices-0-text_en"] = "Yes, true"
    assert teacher_client.post(f"/en/admin/quiz/question/{question.pk}/change/", data).status_code == 302
    question.refresh_from_db()
    assert question.outdated_language == "ru"
    listing = teacher_client.get("/en/admin/quiz/question/?outdated=ru").content.decode()
    assert question.text_en in listing


def test_editing_a_card_in_its_deck_marks_that_card_only(teacher_client):
    deck = make_deck(cards=2)
    first, second = deck.cards.order_by("position")
    data = {
        "slug": deck.slug,
        "kind": deck.kind,
        "topic": "",
        "title_en": deck.title_en,
        "title_ru": deck.title_ru,
        "description_en": deck.description_en,
        "description_ru": deck.description_ru,
        "new_per_day": 10,
        "is_published": "on",
        "position": deck.position,
        **inline_management("cards", total=2, initial=2),
    }
    for i, card in enumerate((first, second)):
        data.update(
            {
                f"cards-{i}-id": card.pk,
                f"cards-{i}-deck": deck.pk,
                f"cards-{i}-front_en": card.front_en,
                f"cards-{i}-front_ru": card.front_ru,
                f"cards-{i}-back_en": card.back_en,
                f"cards-{i}-back_ru": card.back_ru,
                f"cards-{i}-fact": "",
                f"cards-{i}-position": card.position,
            }
        )
    data["cards-1-back_ru"] = "Новый ответ. Контекст."
    assert teacher_client.post(f"/en/admin/quiz/deck/{deck.pk}/change/", data).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    deck.refresh_from_db()
    assert (first.outdated_language, second.outdated_language, deck.outdated_language) == ("", "en", "")


def test_missing_filter_covers_choices_too(teacher_client):
    question = make_question(text_en="Complete in text?", text_ru="Полный текст?")
    question.choices.filter(position=2).update(text_ru="")
    make_question(text_en="Fully translated?", text_ru="Всё переведено?")
    listing = teacher_client.get("/en/admin/quiz/question/?missing=ru").content.decode()
    assert "Complete in text?" in listing and "Fully translated?" not in listing


def test_the_mark_is_translated(client):
    client.force_login(make_teacher())
    fact = make_fact(outdated_language="en")
    page = client.get("/ru/admin/quiz/fact/").content.decode()
    assert "возможно, устарел" in page  # the column
    assert "Английский, возможно, устарел" in page  # the filter
    assert '<td class="field-outdated">EN</td>' in page
    assert Fact.objects.get(pk=fact.pk).outdated_language == "en"


# Quiz settings a teacher controls ------------------------------------------------------------------


def test_attempts_allowed_is_counted_per_student(client):
    quiz = make_quiz([make_question()], attempts_allowed=1)
    first, second = make_user(), make_user()
    client.force_login(first)
    assert client.post(f"/en/quizzes/{quiz.slug}/").status_code == 302
    refused = client.post(f"/en/quizzes/{quiz.slug}/", follow=True).content.decode()
    assert "You have used all the attempts this quiz allows." in refused
    client.force_login(second)
    page = client.get(f"/en/quizzes/{quiz.slug}/").content.decode()
    assert "You have 1 attempt left." in page
    client.post(f"/en/quizzes/{quiz.slug}/")
    assert Attempt.objects.filter(user=first).count() == 1
    assert Attempt.objects.filter(user=second).count() == 1
    refused = client.post(f"/ru/quizzes/{quiz.slug}/", follow=True).content.decode()
    assert "Вы использовали все попытки" in refused


def test_time_left_is_shown_in_minutes_without_javascript(client):
    question = make_question()
    quiz = make_quiz([question, make_question()], time_limit_minutes=5)
    with time_machine.travel("2026-01-01 09:00:00Z", tick=False):
        client.post(f"/en/quizzes/{quiz.slug}/")
        attempt = Attempt.objects.get()
        page = client.get(f"/en/attempts/{attempt.public_id}/q/1/").content.decode()
    assert 'data-seconds-left="300"' in page
    assert 'Time left: <time class="timer-value">5 minutes</time>' in page
    with time_machine.travel("2026-01-01 09:04:10Z", tick=False):
        page = client.get(f"/ru/attempts/{attempt.public_id}/q/1/").content.decode()
    assert 'Осталось: <time class="timer-value">1 минута</time>' in page  # 50 s, rounded up
    with time_machine.travel("2026-01-01 09:02:30Z", tick=False):
        page = client.get(f"/ru/attempts/{attempt.public_id}/q/1/").content.decode()
    assert "3 минуты" in page


def test_an_answer_after_the_time_limit_is_not_counted(client):
    question = make_question()
    quiz = make_quiz([question], time_limit_minutes=2)
    with time_machine.travel("2026-01-01 09:00:00Z", tick=False):
        client.post(f"/en/quizzes/{quiz.slug}/")
        attempt = Attempt.objects.get()
    with time_machine.travel("2026-01-01 09:02:01Z", tick=False):
        late = client.post(f"/ru/attempts/{attempt.public_id}/q/1/", correct_post(question, attempt), follow=True)
    assert "Время вышло" in late.content.decode()
    assert not Response.objects.exists()
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.score == 0


def test_feedback_at_the_end_only_in_russian(client):
    question, other = make_question(), make_question(Question.Kind.TRUE_FALSE)
    quiz = make_quiz([question, other], feedback="end")
    client.post(f"/ru/quizzes/{quiz.slug}/")
    attempt = Attempt.objects.get()
    client.post(f"/ru/attempts/{attempt.public_id}/q/1/", correct_post(question, attempt))
    page = client.get(f"/ru/attempts/{attempt.public_id}/q/1/").content.decode()
    assert "Ваш ответ сохранён" in page
    assert "Верно" not in page.split('class="question"')[1] and question.explanation_ru not in page
    client.post(f"/ru/attempts/{attempt.public_id}/finish/")
    result = client.get(f"/ru/attempts/{attempt.public_id}/result/").content.decode()
    assert question.explanation_ru in result


def test_quiz_settings_are_grouped_in_the_admin(teacher_client):
    page = teacher_client.get("/en/admin/quiz/quiz/add/").content.decode()
    assert "How the quiz runs" in page
    for name in (
        "time_limit_minutes",
        "attempts_allowed",
        "feedback",
        "shuffle_questions",
        "shuffle_choices",
        "pass_mark",
    ):
        assert f'name="{name}"' in page

"""A class through a quiz in a real browser: the student joins with the code and takes the assigned
quiz; the teacher reads the class report, the attempt, the statistics and previews a question. Pages
are checked on a phone and a laptop in both languages, with screenshots for people to look at."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import Page, expect

from quiz.models import Assignment, Attempt, Membership, Question, Quiz
from quiz.roles import sync_teachers_group
from tests.browser.checks import finish_with_every_answer_right, log_in, serious_violations
from tests.factories import make_classroom, make_teacher, make_user

pytestmark = pytest.mark.browser

SIZES = {"phone": (375, 812), "desktop": (1280, 800)}


@pytest.fixture
def school(content):
    # live_server's database is flushed between tests, the Teachers group (a data migration) with it.
    sync_teachers_group(Group, Permission)
    teacher = make_teacher("ms_ivanova", first_name="Мария", last_name="Иванова")
    classroom = make_classroom(teacher, name="7Б · Космос", join_code="K7M2QX")
    first_look = Quiz.objects.get(slug="first-look")
    Assignment.objects.create(classroom=classroom, quiz=first_look, due_at=timezone.now() + datetime.timedelta(days=7))
    overdue = Quiz.objects.published().exclude(pk=first_look.pk).first()
    Assignment.objects.create(classroom=classroom, quiz=overdue, due_at=timezone.now() - datetime.timedelta(days=2))
    make_user("katya", first_name="Катя")
    return {"teacher": teacher, "classroom": classroom, "quiz": first_look}


def test_student_joins_and_takes_the_assigned_quiz_then_the_teacher_reads_the_results(
    live_server, page: Page, school, shot
):
    log_in(page, live_server.url, "katya")
    page.get_by_role("navigation", name="Account").get_by_role("link", name="My classes").click()
    page.get_by_label("Join code").fill("k7m2 qx")
    page.get_by_role("button", name="Join").click()
    expect(page.locator(".messages")).to_contain_text("You have joined the class “7Б · Космос”.")
    expect(page.locator(".assignment.is-overdue")).to_have_count(1)
    shot("classes-flow-classes-en-desktop")

    page.goto(f"{live_server.url}/en/")
    section = page.locator(".home-assignments")
    expect(section.locator(".assignment")).to_have_count(2)
    section.get_by_role("link", name="First look").click()
    expect(page.locator(".assignment-note")).to_contain_text("Assigned to your class “7Б · Космос”, due")
    page.get_by_role("button", name="Start the quiz").click()
    attempt = Attempt.objects.get()
    assert attempt.assignment.classroom == school["classroom"]
    finish_with_every_answer_right(page, attempt)
    page.goto(f"{live_server.url}/en/")
    expect(page.locator(".home-assignments .assignment")).to_have_count(1)  # only the overdue one is left
    shot("classes-flow-home-assignments-en-desktop")

    page.context.clear_cookies()
    log_in(page, live_server.url, "ms_ivanova")
    page.goto(f"{live_server.url}/ru/admin/quiz/classroom/")
    page.get_by_role("link", name="отчёт по классу").click()
    expect(page.locator(".report-table")).to_contain_text("Катя")  # a display name, not the username
    expect(page.locator(".cell-passed")).to_contain_text("лучший 100% · последний 100%")
    expect(page.locator(".cell-overdue")).to_contain_text("просрочено")
    shot("classes-flow-admin-report-ru-desktop")
    page.locator(".cell-passed a").click()
    expect(page.locator(".attempt-facts")).to_contain_text("katya")
    shot("classes-flow-admin-attempt-ru-desktop")
    page.goto(f"{live_server.url}/ru/admin/quiz/question/statistics/?classroom={school['classroom'].pk}")
    expect(page.locator(".stats-table tbody")).to_have_count(attempt.question_total)
    shot("classes-flow-admin-statistics-ru-desktop")
    page.goto(f"{live_server.url}/en/admin/quiz/question/import/")
    shot("classes-flow-admin-import-en-desktop")
    page.goto(f"{live_server.url}/en/admin/quiz/classroom/{school['classroom'].pk}/change/")
    expect(page.locator("#memberships-group")).to_contain_text("katya")
    shot("classes-flow-admin-class-en-desktop")
    page.goto(f"{live_server.url}/en/admin/quiz/question/?outdated=ru")
    shot("classes-flow-admin-questions-en-desktop")
    assert Membership.objects.get().student.username == "katya"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_student_and_preview_pages_fit_a_phone_and_a_laptop(live_server, page: Page, school, shot, lang):
    student = make_user("misha")
    Membership.objects.create(classroom=school["classroom"], student=student)
    log_in(page, live_server.url, "misha", lang)
    for name, path in (("classes", f"/{lang}/classes/"), ("home", f"/{lang}/")):
        for size, (width, height) in SIZES.items():
            page.set_viewport_size({"width": width, "height": height})
            page.goto(live_server.url + path)
            expect(page.locator(".assignment").first).to_be_visible()
            assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
            shot(f"classes-page-{name}-{lang}-{size}")
        assert serious_violations(page) == [], name
    page.context.clear_cookies()
    log_in(page, live_server.url, "ms_ivanova", lang)
    question = Question.objects.filter(kind="order").first()
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/{lang}/admin/quiz/question/{question.pk}/preview/")
        expect(page.locator(".preview-banner")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        shot(f"classes-preview-{lang}-{size}")
    assert serious_violations(page) == []

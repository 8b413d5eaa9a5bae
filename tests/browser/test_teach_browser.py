"""The teacher's workspace in a real browser: the start page (both languages, phone and laptop,
axe), the question editor (one language switch, axe, fits a laptop), the class page's join code,
and the printable quiz. Screenshots go to tests/browser/screenshots/ for people to look at."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import Page, expect

from quiz.models import Assignment, Profile, Question, Quiz
from quiz.roles import sync_teachers_group
from tests.browser.checks import horizontal_overflow, log_in, serious_violations
from tests.factories import make_attempt, make_classroom, make_teacher, make_user

pytestmark = pytest.mark.browser
SIZES = {"phone": (390, 844), "laptop": (1366, 768)}


def all_violations(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in result.response["violations"]
    ]


@pytest.fixture
def school(content):
    sync_teachers_group(Group, Permission)  # the flushed database lost the data migration's group
    teacher = make_teacher("ms_ivanova", first_name="Мария", last_name="Иванова")
    classroom = make_classroom(teacher, name="7Б · Космос", join_code="K7M2QX", time_zone="Europe/Moscow")
    quiz = Quiz.objects.get(slug="first-look")
    Assignment.objects.create(
        classroom=classroom,
        quiz=quiz,
        due_at=timezone.now() + datetime.timedelta(days=3),
        created_at=timezone.now() - datetime.timedelta(days=1),
    )
    for i, name in enumerate(["Катя", "Петя", "Маша"]):
        student = make_user(f"student{i}")
        Profile.objects.create(user=student, display_name=name)
        classroom.memberships.create(student=student)
        if i < 2:
            make_attempt(quiz, user=student, score=i + 3, max_score=5)
    return {"teacher": teacher, "classroom": classroom, "quiz": quiz}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_teacher_lands_on_the_start_page(live_server, page: Page, school, shot, lang):
    log_in(page, live_server.url, "ms_ivanova", lang)
    expect(page).to_have_url(f"{live_server.url}/{lang}/teach/")
    heading = {"en": "Teacher’s start page", "ru": "Главная страница учителя"}[lang]
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.get_by_role("link", name="7Б · Космос")).to_be_visible()
        assert horizontal_overflow(page) <= 0
        shot(f"teach-start-{lang}-{size}")
    assert all_violations(page) == []


def test_start_page_assigns_a_quiz_without_javascript(live_server, browser, school):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url, "ms_ivanova")
    page.get_by_label("Class", exact=True).select_option(label="7Б · Космос")
    other = Quiz.objects.published().real().exclude(pk=school["quiz"].pk).first()
    page.get_by_label("Quiz", exact=True).select_option(str(other.pk))
    page.get_by_label("Due date").fill("2030-05-20")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("is assigned to 7Б · Космос")
    assert Assignment.objects.get(quiz=other).due_at == datetime.datetime(2030, 5, 20, 20, 59, tzinfo=datetime.UTC)
    context.close()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_question_editor_has_one_switch_and_no_axe_findings(live_server, page: Page, school, shot, lang):
    question = Question.objects.filter(kind="single").first()
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, live_server.url, "ms_ivanova", lang)
    page.goto(f"{live_server.url}/{lang}/admin/quiz/question/{question.pk}/change/")
    switch = page.locator("#language-switch")
    expect(switch).to_be_visible()
    other = "ru" if lang == "en" else "en"
    expect(page.locator("#id_text_" + lang)).to_be_visible()
    expect(page.locator("#id_text_" + other)).to_be_hidden()
    expect(page.locator("#id_number_answer")).to_have_count(0)
    switch.locator(f"input[value={other}]").check()
    expect(page.locator("#id_text_" + other)).to_be_visible()
    expect(page.locator("#id_choices-0-text_" + other)).to_be_visible()
    expect(page.locator("#id_choices-0-text_" + lang)).to_be_hidden()
    shot(f"teach-editor-{lang}-laptop")
    found = all_violations(page)
    assert found == []
    page.goto(f"{live_server.url}/{lang}/admin/quiz/question/")
    assert horizontal_overflow(page) <= 0
    shot(f"teach-question-list-{lang}-laptop")


def test_class_page_shows_the_code_with_a_qr_and_the_report_reads_names(live_server, page: Page, school, shot):
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, live_server.url, "ms_ivanova", "ru")
    page.goto(f"{live_server.url}/ru/admin/quiz/classroom/{school['classroom'].pk}/change/")
    expect(page.locator("#join-code")).to_have_text("K7M2QX")
    expect(page.locator(".join-panel-qr svg")).to_be_visible()
    shot("teach-class-ru-laptop")
    page.goto(f"{live_server.url}/ru/admin/quiz/classroom/{school['classroom'].pk}/report/")
    expect(page.get_by_role("rowheader", name="Катя")).to_be_visible()
    expect(page.get_by_text("не начато").first).to_be_visible()
    shot("teach-report-ru-laptop")
    assert serious_violations(page) == []


def test_printable_quiz_prints_the_key_on_its_own_page(live_server, page: Page, school, shot):
    log_in(page, live_server.url, "ms_ivanova")
    page.goto(f"{live_server.url}/en/teach/quizzes/first-look/print/")
    shot("teach-print-en-laptop")
    assert serious_violations(page) == []
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".teach-print-controls")).to_be_hidden()
    assert page.locator(".print-key").evaluate("e => getComputedStyle(e).breakBefore") == "page"
    pdf = page.pdf(format="A4")
    assert (
        pdf.startswith(b"%PDF")
        and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type/Page") >= 0
    )

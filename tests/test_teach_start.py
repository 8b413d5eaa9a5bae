"""The teacher's start page (/teach/): classes with what is due and who has done it, recent
results, what needs attention, assigning a quiz; in both languages, in a fixed number of queries."""

import datetime
import random

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertRedirects

from quiz.models import Assignment, Attempt, Membership, Profile, Question, Response
from tests.factories import make_attempt, make_classroom, make_question, make_quiz, make_teacher, make_user

pytestmark = pytest.mark.django_db
SOON = datetime.datetime(2030, 5, 17, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def setup():
    teacher = make_teacher()
    quiz = make_quiz([make_question() for _ in range(5)], title_en="Docking", title_ru="Стыковка", pass_mark=60)
    anna, boris, vera = make_user(), make_user(), make_user()
    Profile.objects.create(user=anna, display_name="Аня")
    classroom = make_classroom(
        teacher, students=[anna, boris, vera], quizzes=[quiz], due_at=SOON, name="7Б", time_zone="Europe/Moscow"
    )
    Assignment.objects.update(created_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    make_attempt(quiz, user=anna, score=4)  # 80 %: passed
    make_attempt(quiz, user=boris, score=1)  # 20 %: attempted, not passed
    return {"teacher": teacher, "quiz": quiz, "classroom": classroom}


def test_visitors_log_in_and_students_are_refused(client):
    assertRedirects(client.get("/en/teach/"), "/en/accounts/login/?next=/en/teach/", fetch_redirect_response=False)
    client.force_login(make_user())
    assert client.get("/en/teach/").status_code == 403


def test_a_teacher_lands_on_the_start_page_after_logging_in(client):
    make_teacher("irina", password="orbit-1975-handshake")
    response = client.post("/en/accounts/login/", {"username": "irina", "password": "orbit-1975-handshake"})
    assertRedirects(response, "/en/teach/", fetch_redirect_response=False)


def test_classes_show_the_next_due_quiz_and_how_many_attempted_and_passed(client, setup):
    client.force_login(setup["teacher"])
    page = " ".join(client.get("/en/teach/").content.decode().split())
    assert "7Б" in page and "3 students" in page and setup["classroom"].join_code in page
    assert "due 17 May 2030, 12:00 (Europe/Moscow)" in page
    assert "attempted 2/3 · passed 1/3" in page
    assert "Аня" in page  # recent results by display name


def test_start_page_in_russian(client, setup):
    client.force_login(setup["teacher"])
    page = " ".join(client.get("/ru/teach/").content.decode().split())
    assert "Главная страница учителя" in page and "Стыковка" in page
    assert "срок: 17 мая 2030 г., 12:00 (Europe/Moscow)" in page
    assert "писали 2 из 3 · зачтено 1 из 3" in page
    assert "3 ученика" in page


def test_another_teachers_classes_are_not_shown(client, setup):
    client.force_login(make_teacher())
    page = client.get("/en/teach/").content.decode()
    assert "7Б" not in page and "You have no class yet." in page


def test_questions_missing_a_translation_need_attention(client, setup):
    lacking = make_question(text_ru="")
    outdated = make_question()
    Question.objects.filter(pk=outdated.pk).update(outdated_language="ru")
    client.force_login(setup["teacher"])
    page = client.get("/en/teach/").content.decode()
    assert f"/en/admin/quiz/question/{lacking.pk}/change/" in page and "RU missing" in page
    assert f"/en/admin/quiz/question/{outdated.pk}/change/" in page and "RU possibly out of date" in page


def test_assigning_a_quiz_reads_the_due_time_in_the_class_zone(client, setup):
    quiz = make_quiz([make_question()], title_en="Crews")
    client.force_login(setup["teacher"])
    data = {"classroom": setup["classroom"].pk, "quiz": quiz.pk, "due_date": "2030-05-20", "due_time": "15:00"}
    response = client.post("/en/teach/assign/", data, follow=True)
    assert Assignment.objects.get(quiz=quiz).due_at == datetime.datetime(2030, 5, 20, 12, 0, tzinfo=datetime.UTC)
    assertContains(response, "“Crews” is assigned to 7Б.")


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "Choose one of your classes."),
        ("ru", "Выберите один из своих классов."),
    ],
)
def test_assigning_to_someone_elses_class_is_refused_with_a_message(client, setup, lang, message):
    client.force_login(make_teacher())
    data = {"classroom": setup["classroom"].pk, "quiz": setup["quiz"].pk}
    response = client.post(f"/{lang}/teach/assign/", data)
    assert response.status_code == 400
    assertContains(response, message, status_code=400)
    assert Assignment.objects.count() == 1


def test_assigning_twice_says_so(client, setup):
    client.force_login(setup["teacher"])
    data = {"classroom": setup["classroom"].pk, "quiz": setup["quiz"].pk, "due_time": "10:00"}
    response = client.post("/en/teach/assign/", data)
    assertContains(response, "is already assigned to 7Б", status_code=400)
    assertContains(response, "Give the day as well as the time.", status_code=400)


def test_a_question_harder_in_russian_is_flagged_with_both_versions(client, setup):
    question = make_question(text_en="Who docked first?", text_ru="Кто пристыковался первым?")
    rng = random.Random(3)
    quiz = make_quiz([question])
    for i in range(160):
        language = "en" if i % 2 else "ru"
        ability = rng.random()
        attempt = make_attempt(
            quiz,
            user=setup["classroom"].students.first(),
            score=round(10 * ability),
            max_score=10,
            classroom=setup["classroom"],
        )
        right = rng.random() < ability - (0.45 if language == "ru" else 0)
        Response.objects.create(
            attempt=attempt, question=question, answer={}, is_correct=right, points=float(right), language=language
        )
    client.force_login(setup["teacher"])
    page = client.get("/en/teach/").content.decode()
    assert "Fair in both languages" in page
    assert f"Question {question.pk}" in page and "harder in Russian" in page
    assert "Who docked first?" in page and "Кто пристыковался первым?" in page


def test_the_start_page_costs_the_same_queries_for_more_data(client, setup):
    client.force_login(setup["teacher"])

    def cost():
        cache.clear()  # the statistics' sums and the fairness test are cached: count them every time
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/en/teach/").status_code == 200
        return len(queries)

    small = cost()
    for _n in range(3):
        classroom = make_classroom(setup["teacher"], quizzes=[make_quiz([make_question()])], due_at=SOON)
        for _s in range(5):
            student = make_user()
            Membership.objects.create(classroom=classroom, student=student)
            make_attempt(setup["quiz"], user=student, score=3)
    assert Attempt.objects.count() > 10
    assert cost() == small


def test_saving_a_new_class_opens_its_page_with_the_code(client):
    client.force_login(make_teacher())
    data = {"name": "8А", "time_zone": "Europe/Moscow"}
    for prefix in ("assignments", "memberships"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post("/en/admin/quiz/classroom/add/", data, follow=True)
    classroom = response.context["original"]
    assert response.redirect_chain[-1][0] == f"/en/admin/quiz/classroom/{classroom.pk}/change/"
    assertContains(response, f'id="join-code" aria-label="Join code">{classroom.join_code}</output>')


def test_the_admin_index_leads_to_the_start_page(client):
    client.force_login(make_teacher())
    assertContains(client.get("/en/admin/"), 'href="/en/teach/"')


def test_fairness_partial_reads_every_category(client):
    """The question statistics may list every question (flagged_only=False): each says what it is."""
    from django.template.loader import render_to_string

    from quiz import fairness, workspace

    question = make_question()
    rows = [
        workspace.FairnessRow(question, fairness.Dif(question.pk, "en", "ru", n, n, *figures), [])
        for n, figures in ((30, (1.1, -0.2, 0.3, 0.1, 0.7, "A")), (5, (None, None, None, None, None, None)))
    ]
    html = render_to_string("admin/quiz/question/_fairness.html", {"fairness": rows, "min_answers": 20})
    assert "A: negligible difference" in html and "too few answers to judge" in html
    assert "harder in" not in html and "Δ<sub>MH</sub> = -0.20" in html

"""Students and classes: joining with a code, the assignment list (My classes and the home page),
and starting an assigned quiz so that the attempt is linked to the assignment."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quiz.models import Assignment, Attempt, Membership
from tests.factories import make_attempt, make_classroom, make_question, make_quiz, make_teacher, make_user

pytestmark = pytest.mark.django_db

PAST = timezone.now() - datetime.timedelta(days=3)
FUTURE = timezone.now() + datetime.timedelta(days=5)


@pytest.fixture
def student(client):
    user = make_user("katya")
    client.force_login(user)
    return user


@pytest.fixture
def classroom():
    return make_classroom(make_teacher(first_name="Irina", last_name="Volkova"), name="7Б", join_code="K7M2QX")


# Joining -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "You have joined the class “7Б”."),
        ("ru", "Вы вступили в класс «7Б»."),
    ],
)
def test_student_joins_a_class_with_its_code(client, student, classroom, lang, message):
    response = client.post(f"/{lang}/classes/", {"code": " k7m2-qx "}, follow=True)
    assert response.redirect_chain == [(f"/{lang}/classes/", 302)]
    assert message in response.content.decode()
    assert list(Membership.objects.values_list("classroom", "student")) == [(classroom.pk, student.pk)]


@pytest.mark.parametrize(
    ("lang", "code", "message"),
    [
        ("en", "ZZZZZZ", "No class has the code ZZZZZZ. Check it with your teacher."),
        ("ru", "ZZZZZZ", "Класса с кодом ZZZZZZ нет. Уточните код у учителя."),
        ("en", "", "Type the code your teacher gave you."),
        ("ru", "", "Введите код, который дал вам учитель."),
        ("en", "K" * 21, "Ensure this value has at most 20 characters (it has 21)."),
    ],
)
@pytest.mark.usefixtures("student", "classroom")
def test_unknown_code_is_refused_with_a_clear_message(client, lang, code, message):
    response = client.post(f"/{lang}/classes/", {"code": code})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Membership.objects.exists()


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "You are already in the class “7Б”."),
        ("ru", "Вы уже состоите в классе «7Б»."),
    ],
)
def test_joining_twice_says_so_and_stores_nothing_more(client, student, classroom, lang, message):
    Membership.objects.create(classroom=classroom, student=student)
    response = client.post(f"/{lang}/classes/", {"code": classroom.join_code})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Membership.objects.count() == 1


def test_anonymous_visitor_is_sent_to_log_in(client, classroom):
    response = client.post("/en/classes/", {"code": classroom.join_code})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=/en/classes/")
    assert client.get("/ru/classes/")["Location"].startswith("/ru/accounts/login/")
    assert not Membership.objects.exists()


# What is assigned --------------------------------------------------------------------------------


@pytest.fixture
def assigned(student, classroom):
    """Three quizzes in the student's class: one overdue, one due later, one done since it was assigned."""
    Membership.objects.create(classroom=classroom, student=student)
    overdue = make_quiz([make_question()], title_en="Docking", title_ru="Стыковка")
    later = make_quiz([make_question()], title_en="Crews", title_ru="Экипажи")
    done = make_quiz([make_question()], title_en="Launch", title_ru="Старт")
    for quiz, due in ((overdue, PAST), (later, FUTURE), (done, PAST)):
        Assignment.objects.create(
            classroom=classroom, quiz=quiz, due_at=due, created_at=timezone.now() - datetime.timedelta(days=10)
        )
    make_attempt(overdue, user=student, finished_at=timezone.now() - datetime.timedelta(days=20))  # before: not it
    make_attempt(done, user=student, score=1)
    return {"overdue": overdue, "later": later, "done": done}


def test_my_classes_lists_the_class_its_teacher_and_assignments(client, assigned):
    page = client.get("/en/classes/").content.decode()
    assert '<h2 id="class-' in page and ">7Б</h2>" in page
    assert "Teacher: Irina Volkova" in page
    items = page.split('class="assignment-list"')[1].split("</ul>")[0]
    assert items.index("Docking") < items.index("Launch") < items.index("Crews")  # by due date
    assert 'class="assignment is-overdue"' in items and "overdue</span>" in items
    assert 'class="assignment is-done"' in items and "done</span>" in items


def test_my_classes_in_russian(client, assigned):
    page = client.get("/ru/classes/").content.decode()
    assert "Мои классы" in page
    assert "Учитель: Irina Volkova" in page
    assert "Стыковка" in page and "просрочено</span>" in page and "выполнено</span>" in page
    assert "срок: " in page and " г., " in page and "(UTC)" in page


def test_home_shows_open_assignments_with_the_overdue_marked(client, assigned):
    page = client.get("/en/").content.decode()
    section = page.split('id="assignments-heading"')[1].split("</section>")[0]
    assert "Docking" in section and "Crews" in section
    assert "Launch" not in section  # done: nothing left to do
    assert section.count("overdue</span>") == 1
    assert "· 7Б" in section
    ru = client.get("/ru/").content.decode()
    assert "Ваши задания" in ru and "просрочено</span>" in ru


def test_home_without_classes_or_signed_out_shows_no_assignments(client, student):
    assert 'id="assignments-heading"' not in client.get("/en/").content.decode()
    assert 'id="assignments-heading"' not in Client().get("/en/").content.decode()


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_classes(student, n):
    for _i in range(n):
        make_classroom(students=[student], quizzes=[make_quiz([make_question()])], due_at=PAST)


def test_home_and_my_classes_cost_the_same_queries_for_few_and_many_classes(client, student):
    add_classes(student, 1)
    small = {url: count_queries(client, url) for url in ("/en/", "/en/classes/", "/en/progress/")}
    add_classes(student, 12)
    large = {url: count_queries(client, url) for url in ("/en/", "/en/classes/", "/en/progress/")}
    assert small == large
    assert max(large.values()) <= 10, large


# Starting an assigned quiz -----------------------------------------------------------------------


def test_quiz_page_says_it_is_assigned_and_links_the_attempt(client, assigned, classroom):
    quiz = assigned["later"]
    page = client.get(f"/en/quizzes/{quiz.slug}/").content.decode()
    assignment = Assignment.objects.get(quiz=quiz)
    assert "Assigned to your class “7Б”, due" in page
    assert f'<input type="hidden" name="assignment" value="{assignment.pk}">' in page
    client.post(f"/en/quizzes/{quiz.slug}/", {"assignment": assignment.pk})
    attempt = Attempt.objects.get(quiz=quiz)
    assert (attempt.assignment, attempt.classroom) == (assignment, classroom)
    ru = client.get(f"/ru/quizzes/{quiz.slug}/").content.decode()
    assert "Задано вашему классу «7Б», срок" in ru


@pytest.mark.parametrize(
    "lang,message",
    [
        ("en", "This quiz was not assigned to a class you are in."),
        ("ru", "Эта викторина не задана ни одному из ваших классов."),
    ],
)
def test_an_assignment_of_another_class_or_quiz_is_refused(client, assigned, lang, message):
    quiz = assigned["later"]
    foreign = make_classroom(quizzes=[quiz]).assignments.get()  # a class the student is not in
    other_quiz = Assignment.objects.get(quiz=assigned["overdue"])  # their class, another quiz
    for value in (foreign.pk, other_quiz.pk, "abc", "999999"):
        response = client.post(f"/{lang}/quizzes/{quiz.slug}/", {"assignment": value}, follow=True)
        assert message in response.content.decode(), value
    assert not Attempt.objects.filter(quiz=quiz).exists()


def test_anonymous_visitor_cannot_claim_an_assignment(assigned):
    quiz = assigned["later"]
    assignment = Assignment.objects.get(quiz=quiz)
    response = Client().post(f"/en/quizzes/{quiz.slug}/", {"assignment": assignment.pk}, follow=True)
    assert "This quiz was not assigned to a class you are in." in response.content.decode()
    assert not Attempt.objects.filter(quiz=quiz).exists()


def test_a_quiz_taken_from_the_list_still_counts_as_done(client, assigned):
    quiz = assigned["later"]
    client.post(f"/en/quizzes/{quiz.slug}/")  # no assignment id
    attempt = Attempt.objects.get(quiz=quiz)
    assert attempt.assignment is None
    client.post(f"/en/attempts/{attempt.public_id}/finish/")
    section = client.get("/en/").content.decode().split('id="assignments-heading"')[1].split("</section>")[0]
    assert "Crews" not in section


def test_progress_page_offers_to_join_a_class(client, student, classroom):
    page = client.get("/en/progress/").content.decode()
    assert 'id="classes-heading"' in page
    assert 'action="/en/classes/"' in page
    client.post("/en/classes/", {"code": classroom.join_code})
    assert Membership.objects.filter(student=student, classroom=classroom).exists()

"""The class page lists its students a page at a time (each row is a form), and the attempts list
filters by quiz and by the user's own classes without reading every attempt."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test.utils import CaptureQueriesContext

from quiz.admin.classes import MEMBERS_PAGE
from quiz.models import Membership
from tests.factories import make_attempt, make_classroom, make_question, make_quiz, make_teacher

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_class():
    teacher = make_teacher()
    students = get_user_model().objects.bulk_create(
        get_user_model()(username=f"pupil{n:03d}") for n in range(MEMBERS_PAGE + 10)
    )
    return make_classroom(teacher, students=students, name="Big class")


def test_the_class_page_shows_one_page_of_students(client, big_class):
    client.force_login(big_class.teacher)
    url = f"/en/admin/quiz/classroom/{big_class.pk}/change/"
    first = client.get(url).content.decode()
    assert 'name="memberships-TOTAL_FORMS" value="50"' in first
    assert "pupil000" in first and "pupil049" in first and "pupil050" not in first
    assert f"1–50 of {MEMBERS_PAGE + 10} students" in first
    assert '<a href="?students=2">2</a>' in first
    second = client.get(url + "?students=2").content.decode()
    assert 'name="memberships-TOTAL_FORMS" value="10"' in second
    assert "pupil050" in second and "pupil049" not in second
    assert '<span class="this-page" aria-current="page">2</span>' in second
    client.get("/ru/admin/")  # the same page in Russian
    russian = client.get(f"/ru/admin/quiz/classroom/{big_class.pk}/change/?students=2").content.decode()
    assert "51–60 из 60 учеников" in russian and 'aria-label="Страницы списка учеников"' in russian


def test_a_small_class_has_no_page_links(client):
    teacher = make_teacher()
    classroom = make_classroom(
        teacher, students=get_user_model().objects.bulk_create([get_user_model()(username="solo")])
    )
    client.force_login(teacher)
    html = client.get(f"/en/admin/quiz/classroom/{classroom.pk}/change/").content.decode()
    assert "solo" in html and "Pages of students" not in html


def test_the_teacher_sets_an_accommodation_and_removes_a_student_on_the_second_page(client, big_class):
    client.force_login(big_class.teacher)
    page = list(big_class.memberships.order_by("student__username")[MEMBERS_PAGE:])
    data = {
        "name": big_class.name,
        "time_zone": "UTC",
        "assignments-TOTAL_FORMS": "0",
        "assignments-INITIAL_FORMS": "0",
        "memberships-TOTAL_FORMS": str(len(page)),
        "memberships-INITIAL_FORMS": str(len(page)),
    }
    for n, membership in enumerate(page):
        data |= {
            f"memberships-{n}-id": membership.pk,
            f"memberships-{n}-classroom": big_class.pk,
            f"memberships-{n}-extra_time": "1.00",
            f"memberships-{n}-extra_attempts": "0",
        }
    data |= {"memberships-0-extra_time": "1.50", "memberships-0-extra_attempts": "2", "memberships-1-DELETE": "on"}
    response = client.post(f"/en/admin/quiz/classroom/{big_class.pk}/change/?students=2", data)
    assert response.status_code == 302
    page[0].refresh_from_db()
    assert (page[0].extra_time, page[0].extra_attempts) == (Decimal("1.50"), 2)
    assert not Membership.objects.filter(pk=page[1].pk).exists()
    assert big_class.memberships.count() == MEMBERS_PAGE + 9


def test_attempts_filter_lists_quizzes_and_only_the_teachers_classes(client):
    from django.db import connection

    teacher, other = make_teacher(), make_teacher()
    quiz = make_quiz([make_question()], title_en="Docking quiz", title_ru="Стыковка")
    mine = make_classroom(teacher, name="Mine 7A")
    make_classroom(other, name="Theirs 7B")
    student = get_user_model().objects.create(username="kid")
    Membership.objects.create(classroom=mine, student=student)
    make_attempt(quiz, user=student, score=1, classroom=mine)
    client.force_login(teacher)
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/en/admin/quiz/attempt/").content.decode()
    assert "Docking quiz" in html and "Mine 7A" in html and "Theirs 7B" not in html
    # The filters' choices come from the quizzes and the classes, not from the attempts.
    choices = [q["sql"] for q in queries.captured_queries if "DISTINCT" in q["sql"].upper()]
    assert choices == []
    filtered = client.get(f"/en/admin/quiz/attempt/?classroom__id__exact={mine.pk}&quiz__id__exact={quiz.pk}")
    assert "1 attempt" in filtered.content.decode()

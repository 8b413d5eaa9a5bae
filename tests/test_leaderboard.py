"""The leaderboards: order and ties, who counts, the opt-out, display names only, the viewer's own
place beyond the top 20, both languages, and a query count that does not grow with the school."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quiz import progress as stats
from quiz.models import Profile, Quiz
from tests.factories import make_attempt, make_question, make_quiz, make_user

pytestmark = pytest.mark.django_db

JULY = datetime.datetime(1975, 7, 15, 12, 0, tzinfo=datetime.UTC)


def day(n: float) -> datetime.datetime:
    return JULY + datetime.timedelta(days=n)


def student(name: str = "", hidden: bool = False, username: str | None = None):
    user = make_user(username)
    Profile.objects.create(user=user, display_name=name, show_on_leaderboard=not hidden)
    return user


@pytest.fixture
def quiz():
    return make_quiz([make_question() for _n in range(4)], title_en="First look", title_ru="Первое знакомство")


@pytest.fixture
def other_quiz():
    return make_quiz([make_question() for _n in range(2)], title_en="Docking", title_ru="Стыковка")


def board_rows(board) -> list[tuple]:
    return [(e.place, e.name, e.score) for e in board.entries]


# Order and ties -----------------------------------------------------------------------------------


def test_quiz_board_ranks_each_students_best_score_ties_to_the_earlier_finish(quiz):
    anna, boris, vera = student("Anna"), student("Boris"), student("Vera")
    make_attempt(quiz, user=anna, score=2, finished_at=day(1))
    make_attempt(quiz, user=anna, score=3, finished_at=day(5))  # Anna's best, reached on day 5
    make_attempt(quiz, user=boris, score=3, finished_at=day(2))  # the same score, earlier: ahead of Anna
    make_attempt(quiz, user=boris, score=3, finished_at=day(6))  # equalling it later changes nothing
    make_attempt(quiz, user=vera, score=4, finished_at=day(9))
    board = stats.leaderboard(quiz=quiz)
    assert board_rows(board) == [(1, "Vera", 4), (2, "Boris", 3), (3, "Anna", 3)]
    assert [e.reached_at for e in board.entries] == [day(9), day(2), day(5)]
    assert [e.percent for e in board.entries] == [100, 75, 75]
    assert board.entrants == 3


def test_overall_board_adds_up_the_best_score_of_each_quiz(quiz, other_quiz):
    anna, boris = student("Anna"), student("Boris")
    make_attempt(quiz, user=anna, score=4, finished_at=day(1))
    make_attempt(quiz, user=anna, score=1, finished_at=day(2))  # a worse later try does not lower it
    make_attempt(other_quiz, user=anna, score=1, finished_at=day(3))
    make_attempt(quiz, user=boris, score=3, finished_at=day(1))
    make_attempt(other_quiz, user=boris, score=2, finished_at=day(2))  # 5 as well, reached on day 2: ahead
    board = stats.leaderboard()
    assert board_rows(board) == [(1, "Boris", 5), (2, "Anna", 5)]
    assert [(e.quizzes, e.reached_at) for e in board.entries] == [(2, day(2)), (2, day(3))]


def test_only_finished_attempts_of_signed_in_students_at_published_quizzes_count(quiz):
    anna = student("Anna")
    make_attempt(quiz, user=anna, score=1, finished_at=day(1))
    make_attempt(quiz, user=anna, score=4, finished_at=False)  # unfinished
    make_attempt(quiz, anon_key="anonymous-browser", score=4, finished_at=day(1))
    make_attempt(Quiz.practice(), user=student("Practiser"), score=9, max_score=9)
    make_attempt(make_quiz([make_question()], is_published=False), user=student("Hidden quiz"), score=1)
    assert board_rows(stats.leaderboard()) == [(1, "Anna", 1)]
    assert board_rows(stats.leaderboard(quiz=quiz)) == [(1, "Anna", 1)]


def test_opted_out_students_are_left_out_and_others_move_up(quiz):
    make_attempt(quiz, user=student("Shy", hidden=True), score=4)
    make_attempt(quiz, user=student("Bold"), score=2)
    board = stats.leaderboard(quiz=quiz, viewer_id=None)
    assert board_rows(board) == [(1, "Bold", 2)]
    assert board.entrants == 1


def test_a_student_without_a_display_name_appears_by_a_code_never_by_username(client, quiz):
    user = make_user("secret_username")  # no profile row at all
    make_attempt(quiz, user=user, score=3)
    assert board_rows(stats.leaderboard(quiz=quiz)) == [(1, f"Student {stats.anonymous_label(user.pk)}", 3)]
    for url in ("/en/leaderboard/", f"/en/leaderboard/{quiz.slug}/", "/ru/leaderboard/"):
        page = client.get(url).content.decode()
        assert "secret_username" not in page
    client.force_login(user)
    assert "secret_username" not in client.get("/en/leaderboard/").content.decode()


# The viewer's own place ---------------------------------------------------------------------------


@pytest.fixture
def crowd(quiz):
    """25 students, the first scoring best; ties on score are broken by finishing time."""
    users = [student(f"Pilot {n:02d}") for n in range(1, 26)]
    for n, user in enumerate(users):
        make_attempt(quiz, user=user, score=4 - n // 8, finished_at=day(n))
    return users


def test_own_place_is_shown_below_the_top_20(client, quiz, crowd):
    viewer = crowd[22]
    board = stats.leaderboard(quiz=quiz, viewer_id=viewer.pk)
    assert len(board.entries) == 20
    assert (board.me.place, board.me.name, board.me_below_top) == (23, "Pilot 23", True)
    client.force_login(viewer)
    page = client.get(f"/en/leaderboard/{quiz.slug}/").content.decode()
    assert page.count('<tr class="board-you">') == 1
    assert "Pilot 20" in page and "Pilot 21" not in page and "Pilot 23" in page
    assert "Your place: 23 of 25 students." in page


def test_own_place_inside_the_top_is_not_shown_twice(client, quiz, crowd):
    client.force_login(crowd[2])
    page = client.get("/en/leaderboard/").content.decode()
    assert page.count("Pilot 03") == 1
    assert "Your place: 3 of 25 students." in page


def test_own_place_in_russian(client, quiz, crowd):
    client.force_login(crowd[22])
    page = client.get(f"/ru/leaderboard/{quiz.slug}/").content.decode()
    assert "Ваше место: 23 из 25 участников." in page
    assert "Таблица лидеров: Первое знакомство" in page
    assert "вы</strong>" in page


def test_a_hidden_student_is_told_how_to_show_up_again(client, quiz):
    shy = student("Shy", hidden=True)
    make_attempt(quiz, user=shy, score=4)
    client.force_login(shy)
    page = client.get("/en/leaderboard/").content.decode()
    assert "You are hidden from the leaderboard." in page
    assert 'href="/en/profile/"' in page
    assert "Shy" not in page


def test_anonymous_visitors_are_invited_to_sign_up(client, quiz):
    page = client.get(f"/en/leaderboard/{quiz.slug}/").content.decode()
    assert "Only students with an account are ranked." in page
    assert "No one is on this leaderboard yet" in page


# Russian plurals and formats ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "ru"),
    [(1, "1 викторина"), (2, "2 викторины"), (5, "5 викторин"), (11, "11 викторин"), (21, "21 викторина")],
)
def test_overall_board_counts_quizzes_with_russian_plurals(client, count, ru):
    user = student("Anna")
    for _n in range(count):
        make_attempt(make_quiz([make_question()]), user=user, score=1)
    assert f'<span class="cell-note">{ru}</span>' in client.get("/ru/leaderboard/").content.decode()
    english = client.get("/en/leaderboard/").content.decode()
    assert f'<span class="cell-note">{count} quiz{"zes" if count > 1 else ""}</span>' in english


@pytest.mark.parametrize(
    ("entrants", "ru"),
    [
        (1, "1 из 1 участника"),
        (2, "1 из 2 участников"),
        (5, "1 из 5 участников"),
        (11, "1 из 11 участников"),
        (21, "1 из 21 участника"),
    ],
)
def test_own_place_counts_students_with_russian_plurals(client, quiz, entrants, ru):
    users = [student(f"S{n}") for n in range(entrants)]
    for n, user in enumerate(users):
        make_attempt(quiz, user=user, score=4 if n == 0 else 1, finished_at=day(n))
    client.force_login(users[0])
    assert f"Ваше место: {ru}." in client.get(f"/ru/leaderboard/{quiz.slug}/").content.decode()


def test_quiz_board_in_russian_shows_russian_dates_and_percentages(client, quiz):
    make_attempt(quiz, user=student("Anna"), score=3, finished_at=day(2))
    page = client.get(f"/ru/leaderboard/{quiz.slug}/").content.decode()
    assert "17 июля 1975 г." in page
    assert "75\u00a0%" in page
    english = client.get(f"/en/leaderboard/{quiz.slug}/").content.decode()
    assert "17 July 1975" in english and "75%" in english


def test_fallback_name_is_translated(client, quiz):
    user = make_user()
    make_attempt(quiz, user=user, score=3)
    assert f"Ученик {stats.anonymous_label(user.pk)}" in client.get("/ru/leaderboard/").content.decode()


# Bad input ----------------------------------------------------------------------------------------


def test_unknown_unpublished_or_practice_quiz_board_is_404(client):
    hidden = make_quiz([make_question()], is_published=False)
    for slug in ("no-such-quiz", hidden.slug, Quiz.practice().slug):
        assert client.get(f"/en/leaderboard/{slug}/").status_code == 404


# Query budget -------------------------------------------------------------------------------------


def board_queries(client, quiz, students: int) -> dict[str, int]:
    users = [student(f"N{n}") for n in range(students)]
    for n, user in enumerate(users):
        make_attempt(quiz, user=user, score=n % 5, finished_at=day(n))
        make_attempt(quiz, user=user, score=n % 3, finished_at=day(n + 1))
    client.force_login(users[-1])
    costs = {}
    for url in ("/en/leaderboard/", f"/en/leaderboard/{quiz.slug}/"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        costs[url.count("/")] = len(queries)
    return costs


def test_leaderboards_cost_the_same_for_1_and_50_students(client, quiz, other_quiz):
    small = board_queries(client, quiz, 1)
    large = board_queries(client, other_quiz, 50)
    assert small == large
    assert max(large.values()) <= 10

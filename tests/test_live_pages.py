"""The live game's pages: the teacher's, the players', and bad input on each."""

import csv
import io

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from quiz.live import services
from quiz.live.consumers import SEATS_SESSION_KEY
from quiz.models import LiveAnswer, LiveGame, Question

from .factories import make_classroom, make_question, make_quiz, make_user
from .live_helpers import fields_for, make_game

pytestmark = pytest.mark.django_db


def test_teacher_starts_a_game_from_a_quiz_and_sees_code_and_qr(client):
    game_quiz = make_quiz([make_question()])
    from .factories import make_teacher

    teacher = make_teacher()
    client.force_login(teacher)
    detail = client.get(reverse("quiz:quiz_detail", args=[game_quiz.slug]))
    assertContains(detail, reverse("quiz:live_new", args=[game_quiz.slug]))
    response = client.post(
        reverse("quiz:live_new", args=[game_quiz.slug]), {"scoring": "correct", "seconds": "20", "teams": "0"}
    )
    game = LiveGame.objects.get()
    assertRedirects(response, reverse("quiz:live_projector", args=[game.public_id]))
    page = client.get(reverse("quiz:live_projector", args=[game.public_id]))
    assertContains(page, game.code)
    assertContains(page, "<svg")
    assertContains(page, reverse("quiz:live_join_code", args=[game.code]))
    assert (game.host, game.seconds_per_question, game.scoring) == (teacher, 20, "correct")


def test_speed_bonus_without_a_timer_is_refused_in_russian(client):
    from .factories import make_teacher

    quiz = make_quiz([make_question()])
    client.force_login(make_teacher())
    response = client.post(
        reverse("quiz:live_new", args=[quiz.slug]).replace("/en/", "/ru/"),
        {"scoring": "speed", "seconds": "", "teams": "0"},
    )
    assertContains(response, "Бонусу за скорость нужно время на вопрос", status_code=400)
    assert not LiveGame.objects.exists()


def test_students_get_403_on_teacher_pages_and_another_teachers_game_is_404(client):
    from .factories import make_teacher

    game = make_game()
    quiz = game.quiz
    client.force_login(make_user())
    assert client.get(reverse("quiz:live_new", args=[quiz.slug])).status_code == 403
    assert client.get(reverse("quiz:live_projector", args=[game.public_id])).status_code == 403
    assert client.get(reverse("quiz:quiz_detail", args=[quiz.slug])).content.count(b"live/new") == 0
    client.force_login(make_teacher())
    assert client.get(reverse("quiz:live_projector", args=[game.public_id])).status_code == 404
    assert client.get(reverse("quiz:live_results", args=[game.public_id])).status_code == 404


def test_assignment_of_another_teachers_class_is_404(client):
    from .factories import make_teacher

    quiz = make_quiz([make_question()])
    classroom = make_classroom(quizzes=[quiz])
    client.force_login(make_teacher())
    url = reverse("quiz:live_new", args=[quiz.slug]) + f"?assignment={classroom.assignments.get().pk}"
    assert client.get(url).status_code == 404


def test_student_joins_by_code_and_nickname_then_reloads_into_the_same_seat(client):
    game = make_game()
    response = client.post(reverse("quiz:live_join"), {"code": f" {game.code[:3]} {game.code[3:]} "})
    assertRedirects(response, reverse("quiz:live_nickname", args=[game.public_id]))
    response = client.post(reverse("quiz:live_nickname", args=[game.public_id]), {"nickname": "  Valentina  "})
    assertRedirects(response, reverse("quiz:live_play", args=[game.public_id]))
    player = game.players.get()
    assert player.nickname == "Valentina"
    assert client.session[SEATS_SESSION_KEY] == {str(game.public_id): player.seat}
    assertContains(client.get(reverse("quiz:live_play", args=[game.public_id])), "You’re in!")
    # A reload, and a language switch: the same seat, the page in Russian.
    assertContains(client.get(reverse("quiz:live_play", args=[game.public_id]).replace("/en/", "/ru/")), "Вы в игре!")
    assert game.players.count() == 1
    player.refresh_from_db()
    assert player.language == "ru"


def test_join_link_from_the_qr_code_and_a_wrong_code(client):
    game = make_game()
    assertRedirects(
        client.get(reverse("quiz:live_join_code", args=[game.code])),
        reverse("quiz:live_nickname", args=[game.public_id]),
    )
    wrong = "000000" if game.code != "000000" else "111111"
    assertContains(client.post(reverse("quiz:live_join"), {"code": wrong}), "No game is open", status_code=400)
    assertContains(client.post(reverse("quiz:live_join"), {"code": "'; DROP"}), "No game is open", status_code=400)


def test_guessing_codes_is_slowed_down(client):
    for _n in range(30):
        client.post(reverse("quiz:live_join"), {"code": "999999"})
    assertContains(client.post(reverse("quiz:live_join"), {"code": "999999"}), "Too many wrong codes", status_code=429)


def test_refused_nickname_shows_why(client):
    game = make_game()
    make_user("olga")
    assertContains(
        client.post(reverse("quiz:live_nickname", args=[game.public_id]), {"nickname": "Olga"}),
        "another user",
        status_code=400,
    )
    assertContains(
        client.post(reverse("quiz:live_nickname", args=[game.public_id]), {"nickname": "x"}), "2 to 20", status_code=400
    )
    assert not game.players.exists()


def test_answer_without_javascript_and_bad_posts(client):
    game = make_game()
    client.post(reverse("quiz:live_nickname", args=[game.public_id]), {"nickname": "Anna"})
    services.control(game_id=game.pk, action="start")
    game.refresh_from_db()
    url = reverse("quiz:live_play", args=[game.public_id])
    assert client.post(url, {"q": "nope"}).status_code == 400
    response = client.post(url, {"q": "0", **fields_for(game, 0)})
    assertRedirects(response, url)
    assertContains(client.get(url), "Your answer is in")
    response = client.post(url, {"q": "0", **fields_for(game, 0)}, follow=True)
    assertContains(response, "already answered")
    assert LiveAnswer.objects.count() == 1


def test_host_controls_without_javascript_and_results_with_csv(client):
    game = make_game()
    services.join(game=game, nickname="-Anna", language="en")
    client.force_login(game.host)
    control = reverse("quiz:live_control", args=[game.public_id])
    assert client.post(control, {"action": "launch"}).status_code == 400
    assert client.get(control).status_code == 405
    assertRedirects(client.post(control, {"action": "start"}), reverse("quiz:live_projector", args=[game.public_id]))
    response = client.post(control, {"action": "next"}, follow=True)
    assertContains(response, "not possible at this point")
    assertRedirects(client.post(control, {"action": "end"}), reverse("quiz:live_results", args=[game.public_id]))
    results = client.get(reverse("quiz:live_results", args=[game.public_id]))
    assertContains(results, "-Anna")
    csv = client.get(reverse("quiz:live_results_csv", args=[game.public_id]))
    assert csv["Content-Type"].startswith("text/csv")
    assert "'-Anna" in csv.content.decode("utf-8-sig")


def test_results_page_query_count_is_bounded(client, django_assert_max_num_queries):
    game = make_game()
    for n in range(25):
        services.join(game=game, nickname=f"P{n}", language="en")
    services.control(game_id=game.pk, action="start")
    game.refresh_from_db()
    for player in game.players.all()[:10]:
        services.answer(game_id=game.pk, player=player, index=0, fields=fields_for(game, 0), language="en")
    services.control(game_id=game.pk, action="end")
    client.force_login(game.host)
    with django_assert_max_num_queries(12):
        client.get(reverse("quiz:live_results", args=[game.public_id]))


def test_results_csv_gives_each_answer_as_text_in_the_teachers_language_and_its_points(client):
    game = make_game(kinds=(Question.Kind.SINGLE, Question.Kind.ORDER, Question.Kind.NUMBER))
    anna = services.join(game=game, nickname="Anna", language="en")
    boris = services.join(game=game, nickname="Boris", language="ru")
    services.control(game_id=game.pk, action="start")
    for index in range(3):
        game.refresh_from_db()
        services.answer(game_id=game.pk, player=anna, index=index, fields=fields_for(game, index), language="en")
        if index != 1:  # Boris leaves the order question unanswered
            wrong = fields_for(game, index, right=False)
            services.answer(game_id=game.pk, player=boris, index=index, fields=wrong, language="ru")
        services.control(game_id=game.pk, action="reveal")
        services.control(game_id=game.pk, action="next")
    client.force_login(game.host)
    url = reverse("quiz:live_results_csv", args=[game.public_id]).replace("/en/", "/ru/")
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    assert rows[0][6:] == [
        "вопрос 1: ответ",
        "вопрос 1: баллы",
        "вопрос 2: ответ",
        "вопрос 2: баллы",
        "вопрос 3: ответ",
        "вопрос 3: баллы",
    ]
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Anna"][6:] == [
        "Байконур",
        "1000",
        "Предложение Кеннеди → «Аполлон-11» → Рукопожатие",
        "1000",
        "1975",
        "1000",
    ]
    assert by_name["Boris"][6:] == ["Плесецк", "0", "", "", "1812", "0"]

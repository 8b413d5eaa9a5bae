"""Live games in the admin: read-only, a teacher's own games only, a results link, bounded queries."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from quiz.live import services
from quiz.models import LiveAnswer, LiveGame, Player, Question

from .factories import make_teacher, make_user
from .live_helpers import fields_for, make_game

pytestmark = pytest.mark.django_db


def played_game(host, players=3, nickname="P"):
    """A game of two questions: every player answers the first, half of them right."""
    game = make_game(host=host)
    seats = [
        services.join(game=game, nickname=f"{nickname}{n}", language="en" if n % 2 else "ru") for n in range(players)
    ]
    services.control(game_id=game.pk, action="start")
    game.refresh_from_db()
    for n, seat in enumerate(seats):
        services.answer(
            game_id=game.pk, player=seat, index=0, fields=fields_for(game, 0, right=n % 2 == 0), language=seat.language
        )
    services.control(game_id=game.pk, action="reveal")
    return game


def test_teacher_lists_only_their_own_games_with_a_link_to_the_results(client):
    teacher, other = make_teacher(), make_teacher()
    mine, theirs = played_game(teacher), played_game(other, nickname="Q")
    client.force_login(teacher)
    listing = client.get(reverse("admin:quiz_livegame_changelist"))
    assertContains(listing, mine.code)
    assertContains(listing, reverse("quiz:live_results", args=[mine.public_id]))
    assertNotContains(listing, reverse("quiz:live_results", args=[theirs.public_id]))
    assertNotContains(listing, reverse("admin:quiz_livegame_add"))  # games start from a quiz page
    page = client.get(reverse("admin:quiz_livegame_change", args=[mine.pk]))
    assertContains(page, "P0")
    assertContains(page, reverse("quiz:live_results", args=[mine.public_id]))
    assertNotContains(page, 'name="_save"')  # read-only
    assert client.get(reverse("admin:quiz_livegame_change", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("admin:quiz_livegame_add")).status_code == 403
    assert client.post(reverse("admin:quiz_livegame_change", args=[mine.pk]), {"code": "123456"}).status_code == 403


def test_players_and_answers_of_another_teachers_game_are_404(client):
    teacher, other = make_teacher(), make_teacher()
    played_game(teacher)
    played_game(other, nickname="Q")
    client.force_login(teacher)
    players = client.get(reverse("admin:quiz_player_changelist")).content.decode()
    assert "P0" in players and "Q0" not in players
    answers = client.get(reverse("admin:quiz_liveanswer_changelist")).content.decode()
    assert "P0" in answers and "Q0" not in answers
    their_player = Player.objects.get(nickname="Q0")
    their_answer = LiveAnswer.objects.get(player=their_player)
    assert client.get(reverse("admin:quiz_player_change", args=[their_player.pk])).status_code == 404
    assert client.get(reverse("admin:quiz_liveanswer_change", args=[their_answer.pk])).status_code == 404


def test_answers_read_as_text_in_the_teachers_language(client):
    teacher = make_teacher()
    game = played_game(teacher, players=2)
    question = Question.objects.get(pk=game.question_ids[0])
    right = question.choices.get(is_correct=True)
    client.force_login(teacher)
    english = client.get(reverse("admin:quiz_liveanswer_changelist")).content.decode()
    russian = client.get(reverse("admin:quiz_liveanswer_changelist").replace("/en/", "/ru/")).content.decode()
    assert f'<td class="field-given">{right.text_en}</td>' in english
    assert f'<td class="field-given">{right.text_ru}</td>' in russian
    player = Player.objects.get(nickname="P0")
    page = client.get(f"/en/admin/quiz/player/{player.pk}/change/")
    assertContains(page, f"<p>{right.text_en}</p>", html=False)


def test_students_cannot_open_the_live_admin(client):
    played_game(make_teacher())
    client.force_login(make_user(is_staff=True))
    for name in ("livegame", "player", "liveanswer"):
        assert client.get(reverse(f"admin:quiz_{name}_changelist")).status_code == 403


def _queries(client, url, django_assert_max_num_queries, budget):
    with django_assert_max_num_queries(budget) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", ["livegame", "player", "liveanswer"])
def test_admin_lists_cost_the_same_for_few_and_many_rows(client, django_assert_max_num_queries, name):
    teacher = make_teacher()
    client.force_login(teacher)
    url = reverse(f"admin:quiz_{name}_changelist")
    played_game(teacher, players=2)
    few = _queries(client, url, django_assert_max_num_queries, 12)
    for n in range(4):
        played_game(teacher, players=8, nickname=f"G{n}-")
    assert _queries(client, url, django_assert_max_num_queries, 12) == few


def test_game_page_costs_the_same_for_few_and_many_players(client, django_assert_max_num_queries):
    teacher = make_teacher()
    client.force_login(teacher)
    small, large = played_game(teacher, players=2), played_game(teacher, players=25, nickname="L")
    few = _queries(client, reverse("admin:quiz_livegame_change", args=[small.pk]), django_assert_max_num_queries, 14)
    many = _queries(client, reverse("admin:quiz_livegame_change", args=[large.pk]), django_assert_max_num_queries, 14)
    assert many == few
    player = Player.objects.filter(game=large).first()
    _queries(client, reverse("admin:quiz_player_change", args=[player.pk]), django_assert_max_num_queries, 14)
    assert LiveGame.objects.count() == 2

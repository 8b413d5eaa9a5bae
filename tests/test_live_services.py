"""The live game's rules, without the web: joining, answering, the host's moves, scores, attempts."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from quiz.live import nicknames, services, snapshots
from quiz.models import Attempt, CardState, LiveAnswer, LiveGame, Question, Response

from .factories import make_card, make_deck, make_fact, make_question, make_quiz, make_teacher, make_user
from .live_helpers import fields_for, make_game

pytestmark = pytest.mark.django_db


def started(game, *names):
    players = [services.join(game=game, nickname=name, language="en") for name in names]
    services.control(game_id=game.pk, action="start")
    game.refresh_from_db()
    return players


def test_game_draws_only_playable_kinds_and_a_six_digit_code():
    game = make_game(kinds=(Question.Kind.SINGLE, Question.Kind.TYPED, Question.Kind.ORDER, Question.Kind.MATCHING))
    kinds = list(Question.objects.filter(pk__in=game.question_ids).values_list("kind", flat=True))
    assert sorted(kinds) == ["order", "single"]
    assert len(game.code) == 6 and game.code.isdigit()
    assert game.state == LiveGame.State.LOBBY and game.index == -1


def test_a_quiz_with_nothing_playable_is_refused():
    quiz = make_quiz([make_question(Question.Kind.TYPED)])
    with pytest.raises(services.Refused):
        services.create_game(quiz=quiz, host=make_teacher())


def test_open_games_never_share_a_code_but_ended_games_free_theirs():
    class Fixed(random.Random):
        def randrange(self, *args):
            return 123456

    first = make_game()
    first.code = "123456"
    first.save()
    quiz = make_quiz([make_question()])
    with pytest.raises(services.Refused):  # every draw collides
        services.create_game(quiz=quiz, host=make_teacher(), rng=Fixed())
    services.control(game_id=first.pk, action="end")
    assert services.create_game(quiz=quiz, host=make_teacher(), rng=Fixed()).code == "123456"


def test_right_answer_scores_1000_and_wrong_scores_nothing_when_the_question_closes():
    game = make_game()
    anna, boris = started(game, "Anna", "Boris")
    services.answer(game_id=game.pk, player=anna, index=0, fields=fields_for(game, 0), language="en")
    services.answer(game_id=game.pk, player=boris, index=0, fields=fields_for(game, 0, right=False), language="ru")
    anna.refresh_from_db()
    assert anna.score == 0  # not before the question closes: the leaderboard must not tell
    services.control(game_id=game.pk, action="reveal")
    anna.refresh_from_db()
    boris.refresh_from_db()
    assert (anna.score, boris.score) == (1000, 0)
    assert LiveAnswer.objects.get(player=boris).language == "ru"


def test_double_answer_counts_once():
    game = make_game()
    (anna,) = started(game, "Anna")
    services.answer(game_id=game.pk, player=anna, index=0, fields=fields_for(game, 0), language="en")
    with pytest.raises(services.Refused, match="already answered"):
        services.answer(game_id=game.pk, player=anna, index=0, fields=fields_for(game, 0, right=False), language="en")
    assert LiveAnswer.objects.filter(player=anna).count() == 1
    services.control(game_id=game.pk, action="reveal")
    anna.refresh_from_db()
    assert anna.score == 1000


def test_late_answer_is_refused_by_the_servers_clock():
    game = make_game(seconds_per_question=10)
    (anna,) = started(game, "Anna")
    late = game.deadline + timedelta(milliseconds=1)
    with pytest.raises(services.Refused, match="Time is up"):
        services.answer(game_id=game.pk, player=anna, index=0, fields=fields_for(game, 0), language="en", now=late)
    just_in_time = game.deadline - timedelta(milliseconds=1)
    services.answer(game_id=game.pk, player=anna, index=0, fields=fields_for(game, 0), language="en", now=just_in_time)
    assert services.close_if_due(game.pk, now=late) is True
    assert services.close_if_due(game.pk, now=late) is False  # closed once, by whoever came first
    game.refresh_from_db()
    assert game.state == LiveGame.State.REVEAL


def test_answer_to_another_question_or_with_another_games_token_is_refused():
    game = make_game()
    other = make_game()
    (anna,) = started(game, "Anna")
    with pytest.raises(services.Refused, match="closed"):
        services.answer(game_id=game.pk, player=anna, index=1, fields=fields_for(game, 1), language="en")
    with pytest.raises(services.Refused, match="not one of this question"):
        services.answer(game_id=game.pk, player=anna, index=0, fields=fields_for(other, 0), language="en")
    assert not LiveAnswer.objects.exists()


def test_speed_bonus_halves_at_the_deadline_and_pause_costs_nothing():
    game = make_game(scoring=LiveGame.Scoring.SPEED, seconds_per_question=20)
    anna, boris = started(game, "Anna", "Boris")
    fast = game.opened_at
    services.answer(game_id=game.pk, player=anna, index=0, fields=fields_for(game, 0), language="en", now=fast)
    slow = game.opened_at + timedelta(seconds=19)
    services.answer(game_id=game.pk, player=boris, index=0, fields=fields_for(game, 0), language="en", now=slow)
    points = dict(LiveAnswer.objects.values_list("player__nickname", "points"))
    assert points == {"Anna": 1000, "Boris": 525}


def test_pause_keeps_the_time_left_and_refuses_answers_meanwhile():
    game = make_game(seconds_per_question=30)
    (anna,) = started(game, "Anna")
    now = game.opened_at + timedelta(seconds=10)
    game = services.control(game_id=game.pk, action="pause", now=now)
    assert game.paused_remaining == pytest.approx(20, abs=0.01)
    with pytest.raises(services.Refused, match="paused"):
        services.answer(game_id=game.pk, player=anna, index=0, fields=fields_for(game, 0), language="en")
    later = now + timedelta(minutes=5)
    game = services.control(game_id=game.pk, action="resume", now=later)
    assert game.deadline == later + timedelta(seconds=20)


def test_skip_earns_no_one_points_even_after_the_reveal():
    game = make_game()
    (anna,) = started(game, "Anna")
    services.answer(game_id=game.pk, player=anna, index=0, fields=fields_for(game, 0), language="en")
    services.control(game_id=game.pk, action="reveal")
    game = services.control(game_id=game.pk, action="skip")
    anna.refresh_from_db()
    assert (anna.score, game.index, game.skipped) == (0, 1, [0])


def test_moves_out_of_turn_are_refused_and_change_nothing():
    game = make_game()
    with pytest.raises(services.Refused, match="at least one player"):
        services.control(game_id=game.pk, action="start")
    started(game, "Anna")
    with pytest.raises(services.Refused):
        services.control(game_id=game.pk, action="next")  # the question is still open
    game.refresh_from_db()
    assert (game.state, game.index) == (LiveGame.State.QUESTION, 0)


def test_teams_are_balanced_and_latecomers_join_the_smallest():
    game = make_game(teams=3)
    started(game, *[f"P{n}" for n in range(7)])
    sizes = sorted(game.players.values_list("team", flat=True))
    assert [sizes.count(team) for team in (1, 2, 3)] in ([3, 2, 2], [2, 3, 2], [2, 2, 3])
    late = services.join(game=game, nickname="Late", language="en")
    counts = [sizes.count(team) for team in (1, 2, 3)]
    assert counts[late.team - 1] == 2


def test_signed_in_student_gets_the_same_seat_back_and_nicknames_are_checked():
    game = make_game()
    student = make_user("kosmonavt")
    seat = services.join(game=game, nickname="Kosmo", user=student, language="en")
    assert services.join(game=game, nickname="Other", user=student, language="ru").pk == seat.pk
    with pytest.raises(services.Refused, match="called kosmo already"):
        services.join(game=game, nickname="kosmo", language="en")
    with pytest.raises(services.Refused, match="another user"):
        services.join(game=game, nickname="KOSMONAVT", language="en")
    with pytest.raises(services.Refused, match="not kind"):
        services.join(game=game, nickname="сука 1", language="ru")


@pytest.mark.parametrize("name", ["fuck", "Sh1t", "сyка", "xyй", "big ass", "MUDAK"])
def test_offensive_nicknames(name):
    assert nicknames.is_offensive(name)


@pytest.mark.parametrize("name", ["Cassidy", "Anna", "Класс", "Passenger", "Сусанна", "Essex"])
def test_innocent_nicknames(name):
    assert not nicknames.is_offensive(name)


def test_removed_player_cannot_answer():
    game = make_game()
    anna, boris = started(game, "Anna", "Boris")
    services.control(game_id=game.pk, action="remove", player_id=anna.public_id)
    with pytest.raises(services.Refused, match="removed"):
        services.answer(game_id=game.pk, player=anna, index=0, fields=fields_for(game, 0), language="en")


def test_snapshot_hides_the_correct_answer_until_the_question_closes():
    game = make_game(kinds=(Question.Kind.SINGLE,))
    (anna,) = started(game, "Anna")
    question = Question.objects.get(pk=game.question_ids[0])
    right = question.choices.get(is_correct=True)
    snap = snapshots.build(game)
    assert snap["reveal"] is None
    html = snapshots.render_player(snap, str(anna.public_id), "ru")
    assert right.text_ru in html and "Верно" not in html
    shown = {c["token"] for texts in snap["question"]["texts"].values() for c in texts["choices"]}
    assert shown.isdisjoint({str(c.pk) for c in question.choices.all()})  # tokens, never primary keys
    services.control(game_id=game.pk, action="reveal")
    game.refresh_from_db()
    snap = snapshots.build(game)
    assert snap["reveal"]["correct"]["ru"] == right.text_ru
    assert "Правильный ответ" in snapshots.render_player(snap, str(anna.public_id), "ru")


def test_snapshot_takes_the_same_queries_for_3_or_30_players(django_assert_max_num_queries):
    for size in (3, 30):
        game = make_game()
        started(game, *[f"P{n}" for n in range(size)])
        services.control(game_id=game.pk, action="reveal")
        game.refresh_from_db()
        with django_assert_max_num_queries(8):
            snapshots.build(game)


def test_end_stores_signed_in_players_answers_as_an_attempt_and_brings_flashcards_back():
    fact = make_fact()
    deck = make_deck()
    make_card(deck, fact=fact)
    right_q, wrong_q = make_question(fact=fact), make_question(Question.Kind.NUMBER, fact=fact)
    quiz = make_quiz([right_q, wrong_q])
    game = services.create_game(quiz=quiz, host=make_teacher(), rng=random.Random(1))
    student = make_user()
    me = services.join(game=game, nickname="Me", user=student, language="ru")
    guest = services.join(game=game, nickname="Guest", language="en")
    services.control(game_id=game.pk, action="start")
    for index in range(2):
        game.refresh_from_db()
        right = game.question_ids[index] == right_q.pk
        services.answer(game_id=game.pk, player=me, index=index, fields=fields_for(game, index, right), language="ru")
        services.control(game_id=game.pk, action="reveal")
        game = services.control(game_id=game.pk, action="next")
    assert game.is_over
    assert services.store_attempts(game) == 1
    assert services.store_attempts(game) == 0  # safe to run twice
    attempt = Attempt.objects.get(user=student)
    assert attempt.live_player.game == game and attempt.is_finished
    assert (attempt.score, attempt.max_score) == (1.0, 2)
    assert set(Response.objects.filter(attempt=attempt).values_list("language", flat=True)) == {"ru"}
    assert CardState.objects.filter(user=student).exists()  # the missed fact's card is due again
    assert not Attempt.objects.filter(user__isnull=True, started_at__gte=timezone.now() - timedelta(hours=1)).exists()
    assert guest.answers.count() == 0

"""The live game's sockets, driven with Channels' own test communicator over the real ASGI stack
(origin check, cookies, sessions, authentication)."""

import json
from importlib import import_module

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

from asts_site.asgi import application
from quiz.live import services
from quiz.live.consumers import SEATS_SESSION_KEY
from quiz.models import LiveAnswer, LiveGame

from .factories import make_user
from .live_helpers import fields_for, make_game

pytestmark = pytest.mark.django_db(transaction=True)


def _session(**data) -> str:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store.update(data)
    store.create()
    return store.session_key


def player_session(game, player) -> str:
    return _session(**{SEATS_SESSION_KEY: {str(game.public_id): player.seat}})


def user_session(user) -> str:
    return _session(
        **{
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
    )


def socket(game, role, session_key=None, lang="en") -> WebsocketCommunicator:
    headers = [(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1")]
    if session_key:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={session_key}".encode()))
    return WebsocketCommunicator(application, f"/ws/live/{game.public_id}/{role}/?lang={lang}", headers=headers)


async def receive_until(comm, kind, timeout=3):
    while True:
        message = await comm.receive_json_from(timeout=timeout)
        if message["type"] == kind:
            return message


def run(coroutine):
    async_to_sync(coroutine)()


def test_player_joins_answers_and_is_counted_once():
    game = make_game()
    anna = services.join(game=game, nickname="Anna", language="en")
    host = game.host

    async def scenario():
        projector = socket(game, "host", await database_sync_to_async(user_session)(host))
        assert (await projector.connect())[0]
        lobby = await receive_until(projector, "stage")
        assert lobby["state"] == "lobby" and "Anna" in lobby["html"]
        phone = socket(game, "play", await database_sync_to_async(player_session)(game, anna), lang="ru")
        assert (await phone.connect())[0]
        assert (await receive_until(phone, "stage"))["state"] == "lobby"
        await projector.send_json_to({"type": "control", "action": "start"})
        question = await receive_until(phone, "stage")
        assert question["state"] == "question" and "по-русски" in question["html"]
        fields = await database_sync_to_async(fields_for)(game, 0)
        await phone.send_json_to({"type": "answer", "q": 0, "fields": fields})
        assert (await receive_until(projector, "count"))["count"] == 1
        await phone.send_json_to({"type": "answer", "q": 0, "fields": fields})  # a double tap
        error = await receive_until(phone, "error")
        assert "уже ответили" in error["message"]  # in the player's language
        await projector.send_json_to({"type": "control", "action": "reveal"})
        reveal = await receive_until(phone, "stage")
        assert reveal["state"] == "reveal" and "+1000" in reveal["html"]
        await phone.disconnect()
        await projector.disconnect()

    run(scenario)
    assert LiveAnswer.objects.filter(player=anna).count() == 1
    anna.refresh_from_db()
    assert (anna.score, anna.language) == (1000, "ru")


def test_rejoin_after_a_dropped_connection_keeps_the_seat_and_the_score():
    game = make_game()
    anna = services.join(game=game, nickname="Anna", language="en")
    services.control(game_id=game.pk, action="start")
    game.refresh_from_db()
    services.answer(game_id=game.pk, player=anna, index=0, fields=fields_for(game, 0), language="en")
    services.control(game_id=game.pk, action="reveal")
    session = player_session(game, anna)

    async def scenario():
        first = socket(game, "play", session)
        assert (await first.connect())[0]
        await receive_until(first, "stage")
        await first.disconnect()  # the phone slept
        again = socket(game, "play", session)
        assert (await again.connect())[0]
        stage = await receive_until(again, "stage")
        assert stage["state"] == "reveal" and "1000" in stage["html"] and "Right!" in stage["html"]
        await again.disconnect()

    run(scenario)
    assert game.players.count() == 1


def test_late_answer_is_refused_and_closes_the_question():
    game = make_game(seconds_per_question=10)
    anna = services.join(game=game, nickname="Anna", language="en")
    services.control(game_id=game.pk, action="start")
    LiveGame.objects.filter(pk=game.pk).update(deadline=game.created_at)  # the time ran out long ago
    session = player_session(game, anna)

    async def scenario():
        phone = socket(game, "play", session)
        assert (await phone.connect())[0]
        stage = await receive_until(phone, "stage")
        assert stage["state"] == "reveal"  # connecting closed the overdue question
        await phone.send_json_to({"type": "answer", "q": 0, "fields": {"choice": "x"}})
        assert "closed" in (await receive_until(phone, "error"))["message"]
        await phone.disconnect()

    run(scenario)
    assert not LiveAnswer.objects.exists()


def test_students_cannot_use_the_projector_or_send_its_moves():
    game = make_game()
    anna = services.join(game=game, nickname="Anna", language="en")
    student = make_user()

    async def scenario():
        as_student = socket(game, "host", await database_sync_to_async(user_session)(student))
        connected, code = await as_student.connect()
        assert not connected and code == 4403
        anonymous = socket(game, "host")
        assert not (await anonymous.connect())[0]
        phone = socket(game, "play", await database_sync_to_async(player_session)(game, anna))
        assert (await phone.connect())[0]
        await receive_until(phone, "stage")
        await phone.send_json_to({"type": "control", "action": "start"})
        assert "Only the teacher" in (await receive_until(phone, "error"))["message"]
        await phone.disconnect()
        no_seat = socket(game, "play")
        assert not (await no_seat.connect())[0]

    run(scenario)
    game.refresh_from_db()
    assert game.state == LiveGame.State.LOBBY


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("{not json", 4400),
        (json.dumps({"type": "launch"}), 4400),
        (json.dumps([1, 2]), 4400),
        (json.dumps({"type": "answer", "q": "first", "fields": {}}), 4400),
        ("x" * 1_048_576, 1009),
    ],
    ids=["malformed", "unknown-type", "not-an-object", "wrong-shape", "1MB"],
)
def test_bad_frames_close_that_client_only(frame, code, caplog):
    game = make_game()
    anna = services.join(game=game, nickname="Anna", language="en")
    boris = services.join(game=game, nickname="Boris", language="en")
    services.control(game_id=game.pk, action="start")

    async def scenario():
        bad = socket(game, "play", await database_sync_to_async(player_session)(game, anna))
        good = socket(game, "play", await database_sync_to_async(player_session)(game, boris))
        assert (await bad.connect())[0] and (await good.connect())[0]
        await receive_until(bad, "stage")
        await receive_until(good, "stage")
        await bad.send_to(text_data=frame)
        assert (await bad.receive_output(timeout=3)) == {"type": "websocket.close", "code": code}
        fields = await database_sync_to_async(fields_for)(game, 0)
        await good.send_json_to({"type": "answer", "q": 0, "fields": fields})
        assert (await receive_until(good, "stage"))["html"].count("Your answer is in") == 1
        await good.disconnect()

    run(scenario)
    assert "closing a player socket" in caplog.text
    assert LiveAnswer.objects.filter(player=boris).count() == 1


def test_a_flood_closes_the_flooding_client():
    game = make_game()
    anna = services.join(game=game, nickname="Anna", language="en")

    async def scenario():
        phone = socket(game, "play", await database_sync_to_async(player_session)(game, anna))
        assert (await phone.connect())[0]
        await receive_until(phone, "stage")
        for _n in range(40):
            await phone.send_to(text_data='{"type": "ping"}')
        while True:
            output = await phone.receive_output(timeout=3)
            if output["type"] == "websocket.close":
                assert output["code"] == 4429
                break

    run(scenario)


def test_answer_with_another_games_token_is_refused_with_a_message():
    game, other = make_game(), make_game()
    anna = services.join(game=game, nickname="Anna", language="en")
    services.control(game_id=game.pk, action="start")

    async def scenario():
        phone = socket(game, "play", await database_sync_to_async(player_session)(game, anna))
        assert (await phone.connect())[0]
        await receive_until(phone, "stage")
        await phone.send_json_to(
            {"type": "answer", "q": 0, "fields": await database_sync_to_async(fields_for)(other, 0)}
        )
        assert "not one of this question" in (await receive_until(phone, "error"))["message"]
        await phone.send_json_to(
            {"type": "answer", "q": 1, "fields": await database_sync_to_async(fields_for)(game, 1)}
        )
        assert "closed" in (await receive_until(phone, "error"))["message"]
        await phone.disconnect()

    run(scenario)
    assert not LiveAnswer.objects.exists()


def test_removed_player_is_told_and_disconnected():
    game = make_game()
    anna = services.join(game=game, nickname="Anna", language="en")
    host = game.host

    async def scenario():
        projector = socket(game, "host", await database_sync_to_async(user_session)(host))
        phone = socket(game, "play", await database_sync_to_async(player_session)(game, anna))
        assert (await projector.connect())[0] and (await phone.connect())[0]
        await receive_until(projector, "stage")
        await receive_until(phone, "stage")
        await projector.send_json_to({"type": "control", "action": "remove", "player": str(anna.public_id)})
        assert "removed" in (await receive_until(phone, "removed"))["message"]
        await projector.disconnect()

    run(scenario)
    anna.refresh_from_db()
    assert anna.removed

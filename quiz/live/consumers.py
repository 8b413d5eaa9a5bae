"""The live game's WebSockets: one consumer per player's phone, one per projector.

Every database step runs in a worker thread (database_sync_to_async). A change of the game is
published to the game's group as one snapshot (quiz.live.snapshots); each consumer renders it for
its own viewer in that viewer's language. A player's private feedback (their answer was taken, or
why not) goes to that player's socket only.

A client that sends garbage — frames over MAX_BYTES, text that is not JSON, messages of no known
type, more than the rate allows — is logged with the reason and closed; an answer to another
question or with another game's token is refused with a message. Neither touches anyone else.
"""

import asyncio
import json
import logging
import time

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer
from django.conf import settings
from django.utils import translation

from ..models import LiveGame
from . import services, snapshots
from .forms import ControlForm, SocketAnswerForm

logger = logging.getLogger("quiz.live")

SEATS_SESSION_KEY = "live_seats"  # game public id → seat secret, in the player's session
MAX_BYTES = 4096  # an answer is a few hundred bytes; daphne's own limit (1 MB) is far above this

# Close codes (4000–4999 are the application's own).
CLOSE_FORBIDDEN, CLOSE_BAD_MESSAGE, CLOSE_FLOOD, CLOSE_TOO_BIG = 4403, 4400, 4429, 1009


def _language(scope, fallback: str) -> str:
    """The language the page asked for (?lang=ru), when the site speaks it."""
    query = dict(part.split("=", 1) for part in scope.get("query_string", b"").decode().split("&") if "=" in part)
    codes = [code for code, _name in settings.LANGUAGES]
    return query.get("lang") if query.get("lang") in codes else fallback


def _csrf(scope) -> str:
    """The browser's CSRF cookie, so the forms of a screen sent over the socket also post without it."""
    return scope.get("cookies", {}).get(settings.CSRF_COOKIE_NAME, "")


# --- publishing a change to everyone -----------------------------------------------------------------


def _snapshot(game_pk: int) -> tuple[str, dict]:
    game = LiveGame.objects.get(pk=game_pk)
    return game.group, snapshots.build(game)


def publish(game_pk: int) -> None:
    """Tell every screen of the game what it shows now (from a view: synchronous code)."""
    group, snap = _snapshot(game_pk)
    async_to_sync(get_channel_layer().group_send)(group, {"type": "game.stage", "snap": snap})


async def publish_async(game_pk: int) -> None:
    group, snap = await database_sync_to_async(_snapshot)(game_pk)
    await get_channel_layer().group_send(group, {"type": "game.stage", "snap": snap})


def after_move(game: LiveGame) -> None:
    """What follows a move, once everyone has been told: an ended game's attempts are stored."""
    if game.is_over:
        services.store_attempts(game)


class RateLimit:
    """A token bucket per connection: `burst` messages at once, `per_second` after that."""

    def __init__(self, burst: int, per_second: float):
        self.burst, self.per_second = burst, per_second
        self.tokens, self.at = float(burst), time.monotonic()

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.per_second)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class _GameSocket(AsyncJsonWebsocketConsumer):
    """What both kinds of socket share: the checks on every incoming frame."""

    role = ""
    burst, per_second = 8, 2.0

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        if not hasattr(self, "limit"):
            self.limit = RateLimit(self.burst, self.per_second)
        if bytes_data is not None:
            return await self.refuse(CLOSE_BAD_MESSAGE, "binary frame")
        if len(text_data) > MAX_BYTES:
            return await self.refuse(CLOSE_TOO_BIG, f"frame of {len(text_data)} characters")
        if not self.limit.allow():
            return await self.refuse(CLOSE_FLOOD, "more messages than the rate limit allows")
        try:
            content = json.loads(text_data)
        except ValueError:
            return await self.refuse(CLOSE_BAD_MESSAGE, "malformed JSON")
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            return await self.refuse(CLOSE_BAD_MESSAGE, "a message without a type")
        await self.receive_json(content)

    async def refuse(self, code: int, reason: str) -> None:
        logger.warning(
            "live game %s: closing a %s socket: %s", self.scope["url_route"]["kwargs"]["public_id"], self.role, reason
        )
        await self.close(code=code)

    async def send_error(self, message: str) -> None:
        await self.send_json({"type": "error", "message": message})

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", ()):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def join_groups(self, *groups: str) -> None:
        self.groups_joined = groups
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)


class PlayerConsumer(_GameSocket):
    role = "player"

    async def connect(self):
        found = await database_sync_to_async(self._find_seat)()
        if found is None:
            await self.close(code=CLOSE_FORBIDDEN)  # no seat in this session: the join page gives one
            return
        self.snap = None
        await self.join_groups(self.game.group)
        await self.accept()
        await self.send_stage(await database_sync_to_async(self._fresh_snapshot)())

    def _find_seat(self):
        public_id = str(self.scope["url_route"]["kwargs"]["public_id"])
        game = LiveGame.objects.filter(public_id=public_id).first()
        if game is None:
            return None
        secret = self.scope["session"].get(SEATS_SESSION_KEY, {}).get(public_id)
        player = services.seat(game, secret, self.scope.get("user"))
        if player is None or player.removed:
            return None
        self.game, self.player = game, player
        self.language = _language(self.scope, player.language)
        if player.language != self.language:  # the student switched language: later answers say so
            player.language = self.language
            player.save(update_fields=["language"])
        return player

    def _fresh_snapshot(self) -> dict:
        if services.close_if_due(self.game.pk):  # nobody closed it while the projector was away
            publish(self.game.pk)
        self.game.refresh_from_db()
        return snapshots.build(self.game)

    async def send_stage(self, snap: dict, answered: bool = False) -> None:
        self.snap = snap
        if str(self.player.public_id) in snap["removed"]:
            with translation.override(self.language):
                await self.send_json(
                    {"type": "removed", "message": translation.gettext("The teacher has removed you from this game.")}
                )
            await self.close(code=CLOSE_FORBIDDEN)
            return
        html = snapshots.render_player(snap, str(self.player.public_id), self.language, answered)
        await self.send_json(
            {
                "type": "stage",
                "state": snap["state"],
                "index": snap["index"],
                "remaining": snap["remaining"],
                "html": html,
                "announce": snapshots.announcement(snap, self.language),
            }
        )

    async def game_stage(self, event):
        await self.send_stage(event["snap"])

    async def receive_json(self, content, **kwargs):
        kind = content["type"]
        if kind == "ping":
            await self.send_json({"type": "pong"})
        elif kind == "answer":
            await self._answer(content)
        elif kind == "control":
            logger.warning("live game %s: player %s sent a host's move; refused", self.game.public_id, self.player.pk)
            with translation.override(self.language):
                await self.send_error(translation.gettext("Only the teacher who hosts the game can do that."))
        else:
            await self.refuse(CLOSE_BAD_MESSAGE, f"unknown message type {kind[:40]!r}")

    async def _answer(self, content):
        form = SocketAnswerForm(content)
        if not form.is_valid():
            return await self.refuse(CLOSE_BAD_MESSAGE, f"an answer of the wrong shape: {form.errors.as_json()[:200]}")
        # Not thread-sensitive: answers from many phones are recorded in parallel threads, each with its
        # own connection (the game row's lock orders them), not one after another in one thread.
        error, count = await database_sync_to_async(self._record, thread_sensitive=False)(form.cleaned_data)
        if error:
            logger.info("live game %s: answer of player %s refused: %s", self.game.public_id, self.player.pk, error)
            return await self.send_error(error)
        await self.channel_layer.group_send(self.game.host_group, {"type": "answers.count", "count": count})
        if self.snap is not None:
            await self.send_stage(self.snap, answered=True)

    def _record(self, data) -> tuple[str, int]:
        with translation.override(self.language):
            try:
                services.answer(
                    game_id=self.game.pk,
                    player=self.player,
                    index=data["q"],
                    fields=data["fields"],
                    language=self.language,
                )
            except services.Refused as refused:
                if services.close_if_due(self.game.pk):
                    publish(self.game.pk)
                return str(refused), 0
        return "", services.answers_in(LiveGame.objects.get(pk=self.game.pk))


class HostConsumer(_GameSocket):
    role = "host"
    burst, per_second = 20, 5.0

    async def connect(self):
        self.timer = None
        if not await database_sync_to_async(self._find_game)():
            await self.close(code=CLOSE_FORBIDDEN)
            return
        await self.join_groups(self.game.group, self.game.host_group)
        await self.accept()
        if await database_sync_to_async(services.close_if_due)(self.game.pk):
            await publish_async(self.game.pk)
        else:
            await self.send_stage(await database_sync_to_async(snapshots.build)(self.game))

    def _find_game(self) -> bool:
        public_id = self.scope["url_route"]["kwargs"]["public_id"]
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            return False
        self.game = LiveGame.objects.hosted_by(user).filter(public_id=public_id).first()
        self.language = _language(self.scope, settings.LANGUAGE_CODE)
        return self.game is not None

    async def disconnect(self, code):
        if getattr(self, "timer", None):
            self.timer.cancel()
        await super().disconnect(code)

    async def send_stage(self, snap: dict) -> None:
        self._arm_timer(snap)
        await self.send_json(
            {
                "type": "stage",
                "state": snap["state"],
                "index": snap["index"],
                "remaining": snap["remaining"],
                "html": snapshots.render_host(snap, self.language, _csrf(self.scope)),
                "announce": snapshots.announcement(snap, self.language),
            }
        )

    def _arm_timer(self, snap: dict) -> None:
        """The projector's socket closes the question when its time is up. The deadline itself is in
        the database: after a restart the reconnecting projector (or any late answer) closes it."""
        if self.timer:
            self.timer.cancel()
            self.timer = None
        if snap["state"] == LiveGame.State.QUESTION and snap["remaining"] is not None:
            self.timer = asyncio.create_task(self._close_when_due(snap["remaining"]))

    async def _close_when_due(self, delay: float) -> None:
        await asyncio.sleep(delay + 0.05)
        if await database_sync_to_async(services.close_if_due)(self.game.pk):
            await publish_async(self.game.pk)

    async def game_stage(self, event):
        await self.send_stage(event["snap"])

    async def answers_count(self, event):
        await self.send_json({"type": "count", "count": event["count"]})

    async def receive_json(self, content, **kwargs):
        if content["type"] == "ping":
            return await self.send_json({"type": "pong"})
        if content["type"] != "control":
            return await self.refuse(CLOSE_BAD_MESSAGE, f"unknown message type {content['type'][:40]!r}")
        form = ControlForm(content)
        if not form.is_valid():
            return await self.refuse(CLOSE_BAD_MESSAGE, f"a move of the wrong shape: {form.errors.as_json()[:200]}")
        error = await database_sync_to_async(self._move)(form.cleaned_data)
        if error:
            return await self.send_error(error)
        await publish_async(self.game.pk)
        await database_sync_to_async(self._after_move)()

    def _move(self, data) -> str:
        with translation.override(self.language):
            try:
                services.control(game_id=self.game.pk, action=data["action"], player_id=data.get("player"))
            except services.Refused as refused:
                return str(refused)
        return ""

    def _after_move(self) -> None:
        self.game.refresh_from_db()
        after_move(self.game)

"""A live game in class (quiz/live/): the game a teacher hosts, its players and their answers.

Everything a restart must not lose lives here — who plays, each answer, the scores, when the open
question closes. The channel layer only carries messages between the servers' consumers.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .attempts import Attempt
from .classes import Assignment
from .content import Question, Quiz

CODE_DIGITS = 6


def new_seat() -> str:
    return secrets.token_hex(16)


class LiveGameQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(state=LiveGame.State.ENDED)

    def hosted_by(self, user):
        return self if user.is_superuser else self.filter(host=user)


class LiveGame(models.Model):
    class Scoring(models.TextChoices):
        CORRECT = "correct", _("Points for correct answers only")
        SPEED = "speed", _("Correct answers, with a bonus for speed")

    class State(models.TextChoices):
        LOBBY = "lobby", _("waiting for players")
        QUESTION = "question", _("question open")
        PAUSED = "paused", _("paused")
        REVEAL = "reveal", _("answer shown")
        LEADERBOARD = "leaderboard", _("leaderboard")
        ENDED = "ended", _("ended")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("join code"), max_length=CODE_DIGITS)
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="live_games", verbose_name=_("quiz"))
    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="live_games",
        verbose_name=_("assignment"),
    )
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="live_games_hosted", verbose_name=_("host")
    )
    scoring = models.CharField(_("scoring"), max_length=10, choices=Scoring.choices, default=Scoring.CORRECT)
    seconds_per_question = models.PositiveSmallIntegerField(_("seconds per question"), null=True, blank=True)
    teams = models.PositiveSmallIntegerField(_("teams"), default=0, help_text=_("0 for individual play."))
    # Drawn once when the game is made, like an attempt's: every player and server asks the same.
    question_ids = models.JSONField(_("questions"), default=list)
    choice_order = models.JSONField(_("choice order"), default=dict)
    skipped = models.JSONField(_("skipped questions"), default=list, help_text=_("Indexes of skipped questions."))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.LOBBY)
    index = models.SmallIntegerField(_("current question"), default=-1, help_text=_("From 0; -1 in the lobby."))
    opened_at = models.DateTimeField(_("question opened"), null=True, blank=True)
    # The server is the judge of time: answers received after this are refused.
    deadline = models.DateTimeField(_("question closes"), null=True, blank=True)
    paused_remaining = models.FloatField(_("seconds left when paused"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    objects = LiveGameQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("live game")
        verbose_name_plural = _("live games")
        constraints = [
            # Players type the code: two open games must never share one. Ended games free theirs.
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(state="ended"), name="livegame_code_open_unique"
            ),
            models.CheckConstraint(condition=models.Q(teams__lte=6), name="livegame_teams_at_most_6"),
        ]

    def __str__(self):
        return f"{self.quiz} · {self.code}"

    @property
    def token_scope(self) -> str:
        """Choice tokens differ per game (quiz.tokens): one game's tokens are worthless in another."""
        return f"live:{self.public_id}"

    @property
    def group(self) -> str:
        return f"live-{self.public_id}"

    @property
    def host_group(self) -> str:
        return f"live-{self.public_id}-host"

    @property
    def total(self) -> int:
        return len(self.question_ids)

    @property
    def is_over(self) -> bool:
        return self.state == self.State.ENDED

    def question_id(self, index: int | None = None) -> int | None:
        index = self.index if index is None else index
        return self.question_ids[index] if 0 <= index < len(self.question_ids) else None

    def seconds_left(self, now=None) -> float | None:
        if self.state == self.State.PAUSED:
            return self.paused_remaining
        if self.state != self.State.QUESTION or self.deadline is None:
            return None
        return max(0.0, (self.deadline - (now or timezone.now())).total_seconds())

    def is_due(self, now=None) -> bool:
        """The open question's time has run out (it still has to be closed)."""
        return (
            self.state == self.State.QUESTION and self.deadline is not None and (now or timezone.now()) >= self.deadline
        )


class Player(models.Model):
    game = models.ForeignKey(LiveGame, on_delete=models.CASCADE, related_name="players", verbose_name=_("game"))
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    nickname = models.CharField(_("nickname"), max_length=24)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="live_seats",
        verbose_name=_("user"),
    )
    # The secret a browser keeps (in its session) to come back to this seat after a reload or a lost connection.
    seat = models.CharField(_("seat secret"), max_length=32, unique=True, default=new_seat, editable=False)
    language = models.CharField(_("language"), max_length=5)
    team = models.PositiveSmallIntegerField(_("team"), null=True, blank=True)
    score = models.PositiveIntegerField(_("score"), default=0)
    removed = models.BooleanField(_("removed"), default=False)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now, editable=False)
    attempt = models.OneToOneField(
        Attempt,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="live_player",
        verbose_name=_("attempt"),
        help_text=_("The signed-in player's answers, stored as an attempt when the game ends."),
    )

    class Meta:
        ordering = ["-score", "joined_at", "id"]
        verbose_name = _("player")
        verbose_name_plural = _("players")
        constraints = [
            # The projector lists nicknames: two players called "Anna" and "anna" could not be told apart.
            models.UniqueConstraint(Lower("nickname"), "game", name="player_nickname_once_per_game"),
            # A signed-in student has one seat per game, whichever device they come back on.
            models.UniqueConstraint(
                fields=["game", "user"], condition=models.Q(user__isnull=False), name="player_user_once_per_game"
            ),
        ]

    def __str__(self):
        return self.nickname


class LiveAnswer(models.Model):
    player = models.ForeignKey(Player, on_delete=models.CASCADE, related_name="answers", verbose_name=_("player"))
    index = models.PositiveSmallIntegerField(_("question number"), help_text=_("From 0, in the game's order."))
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+", verbose_name=_("question"))
    answer = models.JSONField(_("answer"), help_text=_("Choice ids, a number or an order, as grading reads them."))
    grade = models.FloatField(_("grade"), default=0, help_text=_("From 0 to 1, by the quiz grading."))
    is_correct = models.BooleanField(_("correct"), default=False)
    points = models.PositiveIntegerField(_("points"), default=0)
    language = models.CharField(_("language"), max_length=5)
    received_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        ordering = ["index", "received_at", "id"]
        verbose_name = _("live answer")
        verbose_name_plural = _("live answers")
        constraints = [
            # A double tap, two tabs or two servers: one answer per player and question, whatever arrives.
            models.UniqueConstraint(fields=["player", "index"], name="liveanswer_once_per_question"),
        ]

    def __str__(self):
        return f"{self.player} · {self.index + 1}"

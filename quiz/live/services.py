"""The live game's rules: making a game, joining, answering, and every move of the host. Plain
functions over the database, no request or socket in them: consumers and views both call these.

The server is the only judge. Each question's deadline is stored, so an answer received after it
is refused whichever server receives it, and a restart loses nothing. A game's row is locked by
every change of state and by every answer, so an answer either lands before its question closes
(and counts) or is refused — never counted half.
"""

import logging
import random
import secrets
from datetime import timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import content_cache, grading, taking
from ..forms.answers import AnswerForm
from ..models import Attempt, LiveAnswer, LiveGame, Player, Question
from ..models.live import CODE_DIGITS
from . import nicknames

logger = logging.getLogger("quiz.live")

# The kinds a phone answers with large buttons, a number pad or a few selects (issue 14).
PLAYABLE_KINDS = ("single", "multiple", "true_false", "number", "order")
FULL_POINTS = 1000
MAX_TEAMS = 6


class Refused(Exception):
    """A move the rules do not allow now; the message is shown as it is, in the active language."""


# --- making a game ---------------------------------------------------------------------------------


def playable_question_ids(quiz, rng: random.Random) -> list[int]:
    ids = quiz.draw_question_ids(rng)
    kinds = dict(Question.objects.filter(pk__in=ids).values_list("pk", "kind"))
    return [pk for pk in ids if kinds.get(pk) in PLAYABLE_KINDS]


def _new_code(rng) -> str:
    return f"{rng.randrange(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def create_game(
    *,
    quiz,
    host,
    scoring=LiveGame.Scoring.CORRECT,
    seconds_per_question=None,
    teams=0,
    assignment=None,
    rng: random.Random | None = None,
) -> LiveGame:
    rng = rng or random.SystemRandom()
    question_ids = playable_question_ids(quiz, rng)
    if not question_ids:
        raise Refused(
            _(
                "This quiz has no questions that can be played live (one or several choices, "
                "true or false, a number, or an order)."
            )
        )
    questions = Question.objects.filter(pk__in=question_ids).prefetch_related("choices")
    choice_order = {
        str(q.pk): q.kind_handler.shown_order([c.pk for c in q.choices.all()], quiz.shuffle_choices, rng)
        for q in questions
    }
    for _try in range(20):
        try:
            with transaction.atomic():
                return LiveGame.objects.create(
                    code=_new_code(rng),
                    quiz=quiz,
                    host=host,
                    assignment=assignment,
                    scoring=scoring,
                    seconds_per_question=seconds_per_question,
                    teams=teams,
                    question_ids=question_ids,
                    choice_order=choice_order,
                )
        except IntegrityError as error:  # another open game drew the same code: draw again
            if "livegame_code_open_unique" not in str(error) and "code" not in str(error):
                raise
    raise Refused(_("No free join code was found. Try again in a moment."))


# --- players -----------------------------------------------------------------------------------------


def check_nickname(nickname: str, *, user=None) -> str:
    """The nickname as it will be shown, or Refused with why not."""
    nickname = nicknames.tidy(nickname)
    if not nicknames.MIN_LENGTH <= len(nickname) <= nicknames.MAX_LENGTH:
        raise Refused(
            _("A nickname is %(min)s to %(max)s characters long.")
            % {"min": nicknames.MIN_LENGTH, "max": nicknames.MAX_LENGTH}
        )
    if not nicknames.ALLOWED.match(nickname):
        raise Refused(_("Use letters, digits, spaces, dots and dashes in a nickname."))
    if nicknames.is_offensive(nickname):
        raise Refused(_("Choose another nickname: this one is not kind to the class."))
    if nicknames.is_someone_elses_username(nickname, user):
        raise Refused(_("That is another user’s name. Choose a nickname of your own."))
    return nickname


def join(*, game: LiveGame, nickname: str, user=None, language: str) -> Player:
    """A seat in the game. A signed-in student who has one already gets it back (another device)."""
    user = user if user is not None and user.is_authenticated else None
    if user is not None:
        existing = game.players.filter(user=user).first()
        if existing is not None:
            if existing.removed:
                raise Refused(_("The teacher has removed you from this game."))
            return existing
    if game.is_over:
        raise Refused(_("This game has ended."))
    nickname = check_nickname(nickname, user=user)
    try:
        with transaction.atomic():
            locked = LiveGame.objects.select_for_update().get(pk=game.pk)
            team = _team_for_latecomer(locked) if locked.teams and locked.state != LiveGame.State.LOBBY else None
            return Player.objects.create(game=locked, nickname=nickname, user=user, language=language, team=team)
    except IntegrityError as error:
        if "player_nickname_once_per_game" in str(error) or "nickname" in str(error).lower():
            raise Refused(
                _("Someone in this game is called %(name)s already. Choose another nickname.") % {"name": nickname}
            ) from None
        if user is not None:  # the same student joined from two devices at once: one seat
            return game.players.get(user=user)
        raise


def _team_for_latecomer(game: LiveGame) -> int:
    sizes = dict.fromkeys(range(1, game.teams + 1), 0)
    for team in game.players.filter(removed=False, team__isnull=False).values_list("team", flat=True):
        sizes[team] = sizes.get(team, 0) + 1
    smallest = min(sizes.values())
    return secrets.choice([team for team, size in sizes.items() if size == smallest])


def draw_teams(game: LiveGame, rng: random.Random) -> None:
    """Balanced teams drawn at random: sizes differ by at most one."""
    players = list(game.players.filter(removed=False).order_by("id"))
    rng.shuffle(players)
    for n, player in enumerate(players):
        player.team = n % game.teams + 1
    Player.objects.bulk_update(players, ["team"])


def seat(game: LiveGame, secret: str | None, user=None) -> Player | None:
    """The player behind a browser: its seat secret (kept in the session), or its account."""
    if secret:
        player = game.players.filter(seat=secret).first()
        if player is not None:
            return player
    if user is not None and user.is_authenticated:
        return game.players.filter(user=user).first()
    return None


# --- answering ---------------------------------------------------------------------------------------


def question_and_choices(game: LiveGame, index: int):
    """The question at `index` with its choices in the order this game shows them (cached content)."""
    return content_cache.question_as_shown(game.question_id(index), game.choice_order)


def points_for(game: LiveGame, grade: float, received_at) -> int:
    """Correct-only: 1,000 points for a right answer (its share for a partly right one). With the
    speed bonus, half of that is for being right and half shrinks as the time runs out."""
    if grade <= 0:
        return 0
    if game.scoring != LiveGame.Scoring.SPEED or not game.seconds_per_question or game.opened_at is None:
        return round(FULL_POINTS * grade)
    elapsed = (received_at - game.opened_at).total_seconds()
    left = min(1.0, max(0.0, 1 - elapsed / game.seconds_per_question))
    return round(FULL_POINTS * grade * (0.5 + 0.5 * left))


def _share_lock(game_id: int) -> LiveGame:
    """The game row, locked against a change of state until the answer's transaction ends. On
    PostgreSQL a shared lock: the class's answers do not wait for each other, only a host's move
    (FOR UPDATE) waits for them, and they for it. SQLite has one write lock for everything anyway."""
    if connection.vendor == "postgresql":
        table = LiveGame._meta.db_table
        return LiveGame.objects.raw(f'SELECT * FROM "{table}" WHERE id = %s FOR SHARE', [game_id])[0]  # noqa: S608
    return LiveGame.objects.select_for_update().get(pk=game_id)


def answer(*, game_id: int, player: Player, index: int, fields: dict, language: str, now=None) -> LiveAnswer:
    """Grade and store a player's answer to question `index` (fields as the answer form names them,
    choices by this game's tokens). Refused, storing nothing, when it is not that question's time."""
    with transaction.atomic():
        game = _share_lock(game_id)
        now = now or timezone.now()
        player = Player.objects.get(pk=player.pk)  # removed a moment ago?
        if player.removed:
            raise Refused(_("The teacher has removed you from this game."))
        if game.state == LiveGame.State.PAUSED:
            raise Refused(_("The game is paused: wait for the teacher."))
        if game.state != LiveGame.State.QUESTION or index != game.index:
            raise Refused(_("That question is closed: answers are no longer counted."))
        if game.is_due(now):
            raise Refused(_("Time is up: answers sent after the time limit are not counted."))
        question, choices = question_and_choices(game, index)
        form = AnswerForm(fields, question=question, choices=choices, scope=game.token_scope)
        if not form.is_valid():
            raise Refused(" ".join(str(e) for errors in form.errors.values() for e in errors))
        given = form.answer()
        result = grading.grade(taking.grading_key(question, choices), given)
        try:
            with transaction.atomic():
                return LiveAnswer.objects.create(
                    player=player,
                    index=index,
                    question=question,
                    answer=given,
                    grade=result.points,
                    is_correct=result.is_correct,
                    points=points_for(game, result.points, now),
                    language=language,
                    received_at=now,
                )
        except IntegrityError as error:
            if "liveanswer_once_per_question" in str(error) or "UNIQUE" in str(error).upper():
                raise Refused(_("You have already answered this question.")) from None
            raise


def answers_in(game: LiveGame) -> int:
    return LiveAnswer.objects.filter(player__game=game, index=game.index, player__removed=False).count()


# --- the host's moves ----------------------------------------------------------------------------------


def _open(game: LiveGame, index: int, now) -> None:
    game.state, game.index, game.opened_at, game.paused_remaining = LiveGame.State.QUESTION, index, now, None
    game.deadline = now + timedelta(seconds=game.seconds_per_question) if game.seconds_per_question else None


def _score_open_question(game: LiveGame) -> None:
    """Add the open question's points to every player's score: one UPDATE, with the game row locked,
    so an answer lands before this (and counts) or is refused after it."""
    points = LiveAnswer.objects.filter(player=OuterRef("pk"), index=game.index).values("points")[:1]
    game.players.update(score=F("score") + Coalesce(Subquery(points), Value(0)))


def _close(game: LiveGame) -> None:
    _score_open_question(game)
    game.state, game.deadline, game.paused_remaining = LiveGame.State.REVEAL, None, None


def _next(game: LiveGame, now) -> None:
    if game.index + 1 < game.total:
        _open(game, game.index + 1, now)
    else:
        _end(game, now)


def _end(game: LiveGame, now) -> None:
    if game.state in (LiveGame.State.QUESTION, LiveGame.State.PAUSED):
        _score_open_question(game)  # ended mid-question: what was answered still counts
    game.state, game.ended_at, game.deadline, game.paused_remaining = LiveGame.State.ENDED, now, None, None


_S = LiveGame.State
# Each move of the host, and the states it is allowed from. Anything else is refused (a double
# click, a second projector tab): nothing changes then.
ALLOWED_FROM = {
    "start": {_S.LOBBY},
    "pause": {_S.QUESTION},
    "resume": {_S.PAUSED},
    "reveal": {_S.QUESTION, _S.PAUSED},
    "leaderboard": {_S.REVEAL},
    "next": {_S.REVEAL, _S.LEADERBOARD},
    "skip": {_S.QUESTION, _S.PAUSED, _S.REVEAL},
    "end": {_S.LOBBY, _S.QUESTION, _S.PAUSED, _S.REVEAL, _S.LEADERBOARD},
    "remove": {_S.LOBBY, _S.QUESTION, _S.PAUSED, _S.REVEAL, _S.LEADERBOARD},
}
ACTIONS = tuple(ALLOWED_FROM)


@transaction.atomic
def control(*, game_id: int, action: str, player_id=None, now=None, rng: random.Random | None = None) -> LiveGame:
    """One move of the host; Refused when the game's state does not allow it."""
    game = LiveGame.objects.select_for_update().get(pk=game_id)
    now = now or timezone.now()
    if game.is_due(now):
        _close(game)  # the time ran out before this move: close first, as the clock said
    if game.state not in ALLOWED_FROM.get(action, ()):
        game.save()
        raise Refused(_("That is not possible at this point of the game."))
    _MOVES[action](game, now=now, player_id=player_id, rng=rng or random.SystemRandom())
    game.save()
    return game


def _start(game, *, now, rng, **_kw):
    if not game.players.filter(removed=False).exists():
        raise Refused(_("Wait until at least one player has joined."))
    if game.teams:
        draw_teams(game, rng)
    game.started_at = now
    _open(game, 0, now)


def _pause(game, *, now, **_kw):
    game.paused_remaining = game.seconds_left(now)
    game.state = LiveGame.State.PAUSED


def _resume(game, *, now, **_kw):
    if game.paused_remaining is not None:
        game.deadline = now + timedelta(seconds=game.paused_remaining)
        # The speed bonus counts from the opening: shift it by the pause, so pausing costs no one points.
        game.opened_at = game.deadline - timedelta(seconds=game.seconds_per_question or 0)
    game.state, game.paused_remaining = LiveGame.State.QUESTION, None


def _reveal(game, **_kw):
    _close(game)


def _leaderboard(game, **_kw):
    game.state = LiveGame.State.LEADERBOARD


def _skip(game, *, now, **_kw):
    # A skipped question earns no one anything: its points are not added, or taken back once added.
    if game.state == LiveGame.State.REVEAL:
        points = LiveAnswer.objects.filter(player=OuterRef("pk"), index=game.index).values("points")[:1]
        game.players.update(score=F("score") - Coalesce(Subquery(points), Value(0)))
    game.skipped = sorted({*game.skipped, game.index})
    _next(game, now)


def _remove(game, *, player_id, **_kw):
    if not game.players.filter(public_id=player_id, removed=False).update(removed=True):
        raise Refused(_("That player is not in this game."))


_MOVES = {
    "start": _start,
    "pause": _pause,
    "resume": _resume,
    "reveal": _reveal,
    "leaderboard": _leaderboard,
    "next": lambda game, *, now, **_kw: _next(game, now),
    "skip": _skip,
    "end": lambda game, *, now, **_kw: _end(game, now),
    "remove": _remove,
}


def close_if_due(game_id: int, now=None) -> bool:
    """Close the open question when its time has run out. True when this call closed it (so the
    caller tells everyone); False when it was not due or someone else closed it first."""
    now = now or timezone.now()
    if not LiveGame.objects.filter(pk=game_id, state=LiveGame.State.QUESTION, deadline__lte=now).exists():
        return False
    with transaction.atomic():
        game = LiveGame.objects.select_for_update().get(pk=game_id)
        if not game.is_due(now):
            return False
        _close(game)
        game.save()
    return True


# --- after the game ------------------------------------------------------------------------------------


def store_attempts(game: LiveGame) -> int:
    """Each signed-in player's answers become an attempt of the quiz, with the game as its source,
    through the quiz's own record and finish code: they count in My progress, class reports and
    statistics by language, and wrong answers bring their flashcards back. Safe to run again: a
    player whose attempt exists is skipped. Returns how many attempts were made."""
    from ..ownership import Learner

    asked = [qid for i, qid in enumerate(game.question_ids[: game.index + 1]) if i not in set(game.skipped)]
    if not game.is_over or not asked:
        return 0
    made = 0
    players = game.players.filter(user__isnull=False, removed=False, attempt__isnull=True).select_related("user")
    for player in players:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                quiz=game.quiz,
                assignment=game.assignment,
                classroom=game.assignment.classroom if game.assignment else None,
                question_ids=asked,
                choice_order={k: v for k, v in game.choice_order.items() if int(k) in asked},
                started_at=game.started_at or game.created_at,
                max_score=len(asked),
                **Learner(user_id=player.user_id, anon_key="").owner_fields(),
            )
            for given in player.answers.exclude(index__in=game.skipped).order_by("index"):
                question, choices = question_and_choices(game, given.index)
                taking.record_answer(
                    attempt=attempt, question=question, choices=choices, answer=given.answer, language=given.language
                )
            taking.finish_attempt(attempt)
            Player.objects.filter(pk=player.pk).update(attempt=attempt)
            made += 1
    logger.info("live game %s: %s attempts stored", game.public_id, made)
    return made

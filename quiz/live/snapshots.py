"""What every screen of a game shows, built once per change of the game and rendered per viewer.

`build` reads the database once and returns plain data (the texts in every language), which the
channel layer carries to each server's consumers; each consumer renders it for its own viewer in
that viewer's language (`render_player`, `render_host`) without another query. The pages that work
without JavaScript render the very same templates from the same data.

The correct answer is in a snapshot only once its question has closed: before, a snapshot carries
the question and its choices (by this game's opaque tokens) and nothing that tells them apart.
"""

import uuid
from collections import Counter, OrderedDict

from django.template.loader import render_to_string
from django.utils import timezone, translation

from .. import languages
from ..models import LiveAnswer, LiveGame
from ..tokens import choice_token
from . import services

TOP = 5
# Teams are told apart by a name and a shape, never by colour alone.
TEAM_SYMBOLS = ("★", "●", "▲", "■", "◆", "✚")


def team_name(number: int | None) -> str:
    from django.utils.translation import gettext

    names = (
        gettext("Apollo"),
        gettext("Soyuz"),
        gettext("Vostok"),
        gettext("Gemini"),
        gettext("Salyut"),
        gettext("Skylab"),
    )
    return names[(number - 1) % len(names)] if number else ""


def _texts(game: LiveGame, index: int) -> dict:
    """The question at `index` in every language, choices by token in the game's order."""
    question, choices = services.question_and_choices(game, index)
    texts = {}
    for code in languages.codes():
        with translation.override(code):
            texts[code] = {
                "text": question.text,
                "hint": str(question.kind_handler.hint),
                "choices": [{"token": choice_token(game.token_scope, c.pk), "text": c.text} for c in choices],
            }
    return {"kind": question.kind, "texts": texts}


def _reveal(game: LiveGame, answers: list[LiveAnswer]) -> dict:
    """The closed question's answer, its explanation and how the room answered."""
    from ..kinds.number import plain

    question, choices = services.question_and_choices(game, game.index)
    key = question.kind_handler.key(question, choices)
    token = {c.pk: choice_token(game.token_scope, c.pk) for c in choices}
    picks = Counter()
    for given in answers:
        picks.update(given.answer.get("choices", []))
    right = sum(1 for a in answers if a.is_correct)
    reveal = {
        "answered": len(answers),
        "right": right,
        "partly": sum(1 for a in answers if 0 < a.grade < 1),
        "correct": {},
        "explanation": {},
        "bars": [],
    }
    for code in languages.codes():
        with translation.override(code):
            reveal["explanation"][code] = question.explanation
            reveal["correct"][code] = question.kind_handler.describe(question, choices, None)[1]
    if question.kind in ("single", "multiple", "true_false"):
        for c in choices:
            label = {}
            for code in languages.codes():
                with translation.override(code):
                    label[code] = c.text
            reveal["bars"].append(
                {"token": token[c.pk], "label": label, "count": picks[c.pk], "correct": c.pk in key.correct_ids}
            )
    elif question.kind == "number":
        counts, right_values = Counter(), set()
        for given in answers:
            value = plain(given.answer.get("number"))
            counts[value] += 1
            if given.is_correct:
                right_values.add(value)
        for value, count in counts.most_common(5):  # the five most given numbers
            reveal["bars"].append(
                {
                    "token": "",
                    "label": dict.fromkeys(languages.codes(), value),
                    "count": count,
                    "correct": value in right_values,
                }
            )
    return reveal


def ranks_by_score(players) -> dict:
    """Competition ranking (1, 2, 2, 4) by score."""
    ranks, last_score, last_rank = {}, None, 0
    for n, player in enumerate(players, start=1):
        if player.score != last_score:
            last_score, last_rank = player.score, n
        ranks[player.pk] = last_rank
    return ranks


def build(game: LiveGame, now=None) -> dict:
    """Everything any screen of the game shows now: four queries however many players."""
    now = now or timezone.now()
    players = list(game.players.filter(removed=False).order_by("-score", "joined_at", "id"))
    removed = list(game.players.filter(removed=True).values_list("public_id", flat=True))
    snap = {
        "stamp": uuid.uuid4().hex,  # names this build: screens rendered from it can be shared (render_player)
        "game": str(game.public_id),
        "code": game.code,
        "state": game.state,
        "index": game.index,
        "number": game.index + 1,
        "total": game.total,
        "scoring": game.scoring,
        "teams": game.teams,
        "seconds": game.seconds_per_question,
        "remaining": game.seconds_left(now),
        "skipped": list(game.skipped),
        "question": None,
        "reveal": None,
        "answers_in": 0,
        "removed": [str(pk) for pk in removed],
    }
    open_states = (LiveGame.State.QUESTION, LiveGame.State.PAUSED, LiveGame.State.REVEAL, LiveGame.State.LEADERBOARD)
    answers = []
    if game.state in open_states and game.question_id() is not None:
        snap["question"] = _texts(game, game.index)
        answers = list(LiveAnswer.objects.filter(player__game=game, player__removed=False, index=game.index))
        snap["answers_in"] = len(answers)
        if game.state in (LiveGame.State.REVEAL, LiveGame.State.LEADERBOARD):
            snap["reveal"] = _reveal(game, answers)
    by_player = {a.player_id: a for a in answers}
    ranks = ranks_by_score(players)
    snap["players"] = [
        {
            "id": str(p.public_id),
            "name": p.nickname,
            "team": p.team,
            "score": p.score,
            "rank": ranks[p.pk],
            "answered": p.pk in by_player,
            "correct": by_player[p.pk].is_correct if p.pk in by_player else False,
            "points": by_player[p.pk].points if p.pk in by_player else 0,
        }
        for p in players
    ]
    snap["team_board"] = team_board(snap["players"], game.teams)
    return snap


def team_board(players: list[dict], teams: int) -> list[dict]:
    """Teams by their members' average score, so a team one player short is not behind for it."""
    if not teams:
        return []
    rows = []
    for team in range(1, teams + 1):
        scores = [p["score"] for p in players if p["team"] == team]
        rows.append({"team": team, "members": len(scores), "score": round(sum(scores) / len(scores)) if scores else 0})
    return sorted(rows, key=lambda row: -row["score"])


# --- rendering, per viewer and language -------------------------------------------------------------


def _localised(snap: dict, language: str) -> dict:
    """The snapshot's texts in `language` (the default language's where one is missing)."""
    fallback = languages.default()
    view = {"question": None, "reveal": None}
    if snap["question"]:
        texts = snap["question"]["texts"]
        view["question"] = {"kind": snap["question"]["kind"], **texts.get(language, texts[fallback])}
    if snap["reveal"]:
        reveal = snap["reveal"]
        view["reveal"] = {
            **reveal,
            "explanation": reveal["explanation"].get(language) or reveal["explanation"][fallback],
            "correct": reveal["correct"].get(language) or reveal["correct"][fallback],
            "bars": [{**bar, "label": bar["label"].get(language) or bar["label"][fallback]} for bar in reveal["bars"]],
        }
    return view


def _team(snap_team: int | None) -> dict | None:
    if not snap_team:
        return None
    return {
        "number": snap_team,
        "name": team_name(snap_team),
        "symbol": TEAM_SYMBOLS[(snap_team - 1) % len(TEAM_SYMBOLS)],
    }


def player_context(snap: dict, player_id: str, language: str, answered: bool, csrf_token: str = "") -> dict:
    me = next((p for p in snap["players"] if p["id"] == player_id), None)
    with translation.override(language):
        return {
            "snap": snap,
            **_localised(snap, language),
            "me": me,
            "csrf_token": csrf_token,
            "answered": answered or bool(me and me["answered"]),
            "team": _team(me["team"]) if me else None,
            "players_count": len(snap["players"]),
            "top": [{**p, "team_info": _team(p["team"])} for p in snap["players"][:TOP]],
            "teams": [{**row, **_team(row["team"])} for row in snap["team_board"]],
        }


_RENDERED: OrderedDict = OrderedDict()  # a few recent screens of this process, shared by its players
_RENDERED_SIZE = 256


def render_player(snap: dict, player_id: str, language: str, answered: bool = False, csrf_token: str = "") -> str:
    """The player's screen. `csrf_token` lets its form post without JavaScript (over a socket none is
    given: the page's script puts the page's own in).

    While a question is open every player who has not answered sees the same screen in their
    language: it is rendered once per process and language, not once per player (the benchmark's
    "next → last phone" time, bench/README.md)."""
    me = next((p for p in snap["players"] if p["id"] == player_id), None)
    answered = answered or bool(me and me["answered"])
    shared = snap["state"] in (LiveGame.State.QUESTION, LiveGame.State.PAUSED) and not csrf_token
    key = (snap.get("stamp"), language, answered) if shared else None
    if key and key in _RENDERED:
        return _RENDERED[key]
    with translation.override(language):
        context = player_context(snap, player_id, language, answered, csrf_token)
        html = render_to_string("quiz/live/_player_stage.html", context)
    if key:
        _RENDERED[key] = html
        while len(_RENDERED) > _RENDERED_SIZE:
            _RENDERED.popitem(last=False)
    return html


def host_context(snap: dict, language: str, csrf_token: str = "") -> dict:
    with translation.override(language):
        bars_max = max([bar["count"] for bar in (snap["reveal"] or {}).get("bars", [])] or [0])
        return {
            "snap": snap,
            **_localised(snap, language),
            "bars_max": bars_max or 1,
            "csrf_token": csrf_token,
            "chart_height": 56 * len((snap["reveal"] or {}).get("bars", [])),
            "players": [{**p, "team_info": _team(p["team"])} for p in snap["players"]],
            "top": [{**p, "team_info": _team(p["team"])} for p in snap["players"][:TOP]],
            "teams": [{**row, **_team(row["team"])} for row in snap["team_board"]],
        }


def render_host(snap: dict, language: str, csrf_token: str = "") -> str:
    with translation.override(language):
        return render_to_string("quiz/live/_host_stage.html", host_context(snap, language, csrf_token))


def announcement(snap: dict, language: str) -> str:
    """One sentence for screen readers (aria-live) when the stage changes."""
    from django.utils.translation import gettext

    with translation.override(language):
        state = snap["state"]
        if state == LiveGame.State.QUESTION and snap["question"]:
            return gettext("Question %(number)s of %(total)s.") % {"number": snap["number"], "total": snap["total"]}
        if state == LiveGame.State.PAUSED:
            return gettext("The game is paused.")
        if state == LiveGame.State.REVEAL:
            return gettext("The answer is shown.")
        if state == LiveGame.State.LEADERBOARD:
            return gettext("The leaderboard is shown.")
        if state == LiveGame.State.ENDED:
            return gettext("The game has ended.")
        return gettext("Waiting for the game to start.")

"""A finished (or running) game's results for its teacher: per player and per question, and as CSV.
Four queries however many players and questions."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from ..models import Choice, LiveAnswer, Question
from ..rounding import percent
from . import snapshots


def game_report(game) -> dict:
    players = list(game.players.order_by("removed", "-score", "joined_at", "id").select_related("user"))
    answers = LiveAnswer.objects.filter(player__game=game).values_list(
        "player_id", "index", "is_correct", "grade", "points", "answer"
    )
    by_player: dict[int, dict[int, tuple]] = {}
    for player_id, index, is_correct, grade, points, given in answers:
        by_player.setdefault(player_id, {})[index] = (is_correct, grade, points, given)
    asked = [i for i in range(min(game.index + 1, game.total)) if i not in set(game.skipped)]
    # The choices are read in the active language (the teacher's): built here, not at import time.
    questions_by_pk = Question.objects.filter(pk__in=[game.question_ids[i] for i in asked]).prefetch_related(
        Prefetch("choices", queryset=Choice.objects.order_by("position", "id"))
    )
    asked_questions = {q.pk: q for q in questions_by_pk}
    ranks = snapshots.ranks_by_score([p for p in players if not p.removed])
    rows = []
    for player in players:
        given = by_player.get(player.pk, {})
        cells = [given.get(i) for i in asked]
        rows.append(
            {
                "player": player,
                "rank": ranks.get(player.pk),
                "team": snapshots.team_name(player.team),
                "correct": sum(1 for cell in cells if cell and cell[0]),
                "answered": sum(1 for cell in cells if cell),
                "cells": cells,
            }
        )
    counted = [row for row in rows if not row["player"].removed]
    questions = []
    for position, i in enumerate(asked):
        answered = [row["cells"][position] for row in counted if row["cells"][position]]
        right = sum(1 for cell in answered if cell[0])
        question = asked_questions.get(game.question_ids[i])
        questions.append(
            {
                "number": i + 1,
                "question": question,
                "text": question.text if question else "",
                "answered": len(answered),
                "right": right,
                "percent": percent(right, len(counted)) or 0,
            }
        )
    return {"rows": rows, "questions": questions, "asked": asked}


def _answer_text(question, cell) -> str:
    """What the player answered, as text in the active language (the kind's own description)."""
    if question is None:  # deleted since the game
        return ""
    return question.kind_handler.describe(question, list(question.choices.all()), cell[3])[0]


def csv_rows(report: dict):
    """One row per player: rank, nickname, team, score, then for each question the answer as text and
    its points (both empty: no answer)."""
    header = [_("rank"), _("nickname"), _("team"), _("score"), _("correct"), _("removed")]
    for q in report["questions"]:
        header += [
            _("question %(number)s: answer") % {"number": q["number"]},
            _("question %(number)s: points") % {"number": q["number"]},
        ]
    yield header
    for row in report["rows"]:
        player = row["player"]
        line = [row["rank"] or "", player.nickname, row["team"], player.score, row["correct"]]
        line.append(_("yes") if player.removed else "")
        for q, cell in zip(report["questions"], row["cells"], strict=True):
            line += [_answer_text(q["question"], cell), cell[2]] if cell else ["", ""]
        yield line

"""A finished (or running) game's results for its teacher: per player and per question, and as CSV.
Three queries however many players and questions."""

from django.utils.translation import gettext as _

from ..models import LiveAnswer, Question
from . import snapshots


def game_report(game) -> dict:
    players = list(game.players.order_by("removed", "-score", "joined_at", "id").select_related("user"))
    answers = LiveAnswer.objects.filter(player__game=game).values_list(
        "player_id", "index", "is_correct", "grade", "points"
    )
    by_player: dict[int, dict[int, tuple]] = {}
    for player_id, index, is_correct, grade, points in answers:
        by_player.setdefault(player_id, {})[index] = (is_correct, grade, points)
    asked = [i for i in range(min(game.index + 1, game.total)) if i not in set(game.skipped)]
    texts = dict(Question.objects.filter(pk__in=[game.question_ids[i] for i in asked]).values_list("pk", "text"))
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
    for i in asked:
        cells = [row["cells"][asked.index(i)] for row in counted]
        answered = [cell for cell in cells if cell]
        right = sum(1 for cell in answered if cell[0])
        questions.append(
            {
                "number": i + 1,
                "text": texts.get(game.question_ids[i], ""),
                "answered": len(answered),
                "right": right,
                "percent": round(100 * right / len(counted)) if counted else 0,
            }
        )
    return {"rows": rows, "questions": questions, "asked": asked}


def csv_rows(report: dict):
    """One row per player: rank, nickname, team, score, then each question's points (empty: no answer)."""
    yield [_("rank"), _("nickname"), _("team"), _("score"), _("correct"), _("removed")] + [
        _("question %(number)s") % {"number": q["number"]} for q in report["questions"]
    ]
    for row in report["rows"]:
        player = row["player"]
        yield [
            row["rank"] or "",
            player.nickname,
            row["team"],
            player.score,
            row["correct"],
            _("yes") if player.removed else "",
        ] + [cell[2] if cell else "" for cell in row["cells"]]

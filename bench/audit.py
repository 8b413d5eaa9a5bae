"""The correctness audit after a run: `python bench/audit.py sent.json` (DATABASE_URL = the bench database).

- every answer the server accepted (302) is stored exactly once, with the answer that was sent;
- no (attempt, question) has two rows, and no double click was accepted twice;
- every stored response's points equal a fresh regrade with quiz.grading, and every finished
  attempt's score equals the sum of its responses' points (seeded history included).
Prints one JSON object.
"""

import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asts_site.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Count, F  # noqa: E402

from quiz import grading  # noqa: E402
from quiz.kinds.matching import match_scope  # noqa: E402
from quiz.models import Attempt, CardState, Question, Response, ReviewLog  # noqa: E402
from quiz.taking import grading_key  # noqa: E402
from quiz.tokens import choice_token  # noqa: E402


def as_sent(public_id: str, answer: dict) -> dict:
    """A stored answer (choice ids) as the page named its choices (tokens of the attempt)."""
    scope = Attempt(public_id=public_id).token_scope
    if "choices" in answer:
        return {"choices": sorted(choice_token(scope, pk) for pk in answer["choices"])}
    if "order" in answer:
        return {"order": [choice_token(scope, pk) for pk in answer["order"]]}
    if "pairs" in answer:
        return {
            "pairs": {
                choice_token(scope, int(left)): choice_token(match_scope(scope), right)
                for left, right in answer["pairs"].items()
            }
        }
    return answer


def audit(sent: list[dict]) -> dict:
    public_ids = {entry["attempt"] for entry in sent}
    stored = defaultdict(list)
    for attempt_id, question_id, answer in Response.objects.filter(attempt__public_id__in=public_ids).values_list(
        "attempt__public_id", "question_id", "answer"
    ):
        stored[(str(attempt_id), question_id)].append(as_sent(str(attempt_id), answer))

    by_pair = defaultdict(list)
    for entry in sent:
        by_pair[(entry["attempt"], entry["question"])].append(entry)
    accepted = lost = double = refused = doubles_sent = 0
    for pair, entries in by_pair.items():
        statuses = [s for entry in entries for s in entry["statuses"]]
        doubles_sent += sum(1 for entry in entries if len(entry["statuses"]) > 1)
        rows = stored.get(pair, [])
        if statuses.count(302) > 1 or len(rows) > 1:
            double += 1
        if 302 in statuses:
            accepted += 1
            first = next(entry for entry in entries if 302 in entry["statuses"])
            if not rows or rows[0] != first["answer"]:
                lost += 1
        elif not rows:
            refused += 1
    phantom = sum(1 for pair in stored if pair not in by_pair)
    return {
        "answers_sent": sum(len(entry["statuses"]) for entry in sent),
        "answers_accepted": accepted,
        "double_clicks_sent": doubles_sent,
        "lost": lost,
        "double_counted": double,
        "refused": refused,
        "stored_without_request": phantom,
        **regrade(),
    }


def audit_ratings(rated: list[dict]) -> dict:
    """Every rating the server accepted is one review; no double click counted twice; every card's
    review count equals its reviews (the seeded data has none, so every review is from this run)."""
    accepted = sum(1 for entry in rated if 302 in entry["statuses"])
    doubled = sum(1 for entry in rated if entry["statuses"].count(302) > 1)
    refused = sum(1 for entry in rated if 302 not in entry["statuses"] and len(entry["statuses"]) == 1)
    inconsistent = CardState.objects.annotate(n=Count("reviews")).exclude(reps=F("n")).count()
    return {
        "ratings_sent": sum(len(entry["statuses"]) for entry in rated),
        "ratings_accepted": accepted,
        "rating_double_clicks_sent": sum(1 for entry in rated if len(entry["statuses"]) > 1),
        "reviews_stored": ReviewLog.objects.count(),
        "ratings_counted_twice": doubled,
        "ratings_refused": refused,
        "card_states_inconsistent": inconsistent,
    }


def regrade() -> dict:
    """Grade every stored response again from scratch and add up every finished attempt again."""
    keys = {q.pk: grading_key(q, list(q.choices.all())) for q in Question.objects.prefetch_related("choices")}
    wrong_points, totals, checked = 0, Counter(), 0
    for attempt_id, question_id, answer, points, is_correct in Response.objects.values_list(
        "attempt_id", "question_id", "answer", "points", "is_correct"
    ).iterator(chunk_size=10_000):
        fresh = grading.grade(keys[question_id], answer)
        if (fresh.points, fresh.is_correct) != (points, is_correct):
            wrong_points += 1
        totals[attempt_id] += points
        checked += 1
    wrong_scores = finished = 0
    for attempt_id, score in Attempt.objects.finished().values_list("id", "score").iterator(chunk_size=10_000):
        finished += 1
        if abs(round(totals[attempt_id], 4) - score) > 1e-9:
            wrong_scores += 1
    return {
        "responses_regraded": checked,
        "responses_graded_wrong": wrong_points,
        "attempts_rescored": finished,
        "scores_wrong": wrong_scores,
    }


if __name__ == "__main__":
    sent = json.loads(Path(sys.argv[1]).read_text())
    print(json.dumps({**audit(sent["answers"]), **audit_ratings(sent["ratings"])}))

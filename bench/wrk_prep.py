"""What wrk sends (bench/wrk.py), prepared in the bench database with the server's own settings:
`python bench/wrk_prep.py OUT.json --answers N` (DATABASE_URL, REDIS_URL and SECRET_KEY as the server's).

A returning anonymous visitor per connection would need a browser's round trips to set up; instead
this script makes the sessions directly (the session engine of the settings, so Redis or the
database), starts attempts for them with quiz.taking, and writes, for every question of every
attempt, the form a student would post: the choice tokens of quiz.tokens (an HMAC under SECRET_KEY,
so the same as the page shows) and a CSRF secret matching the cookie sent with it. Each answer is
posted once; the order interleaves the attempts, so concurrent connections rarely wait for one
attempt's lock. With `--verify OUT.json` it prints how many of those answers are stored.
"""

import argparse
import json
import os
import random
import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asts_site.settings")

import django  # noqa: E402

django.setup()

from importlib import import_module  # noqa: E402

from django.conf import settings  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from quiz.models import Attempt, Deck, Question, Quiz, Response  # noqa: E402
from quiz.ownership import SESSION_KEY, Learner  # noqa: E402
from quiz.studying import directions_for  # noqa: E402
from quiz.taking import start_attempt  # noqa: E402


def new_session(anon_key: str) -> str:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = anon_key
    store.create()
    return store.session_key


def visitor(csrf: str) -> tuple[str, str]:
    """(anonymous key, Cookie header) of a new returning visitor."""
    anon_key = get_random_string(32, "0123456789abcdef")
    cookie = f"{settings.SESSION_COOKIE_NAME}={new_session(anon_key)}; {settings.CSRF_COOKIE_NAME}={csrf}"
    return anon_key, cookie


def prepare(answers: int, quiz_slug: str, seed: int) -> dict:
    rng = random.Random(seed)
    csrf = get_random_string(32)  # an unmasked secret is a valid token for the cookie holding it
    quiz = Quiz.objects.get(slug=quiz_slug)
    questions = {q.pk: q for q in Question.objects.prefetch_related("choices")}
    anon_key, cookie = visitor(csrf)
    page_attempt = start_attempt(quiz=quiz, learner=Learner(user_id=None, anon_key=anon_key))
    per_attempt = []
    while sum(len(rows) for rows in per_attempt) < answers:
        anon_key, answer_cookie = visitor(csrf)
        attempt = start_attempt(quiz=quiz, learner=Learner(user_id=None, anon_key=anon_key), rng=rng)
        rows = []
        for number, question_id in enumerate(attempt.question_ids, start=1):
            question = questions[question_id]
            kind = question.kind_handler
            answer = kind.correct_answer(kind.key(question, list(question.choices.all())))
            form = {**kind.form_data(answer, attempt.token_scope), "csrfmiddlewaretoken": csrf}
            rows.append(
                {
                    "path": f"/en/attempts/{attempt.public_id}/q/{number}/",
                    "cookie": answer_cookie,
                    "body": urlencode(form, doseq=True),
                }
            )
        per_attempt.append(rows)
    interleaved = [rows[n] for n in range(max(map(len, per_attempt))) for rows in per_attempt if n < len(rows)]
    deck = Deck.objects.filter(is_published=True).order_by("position", "id").first()
    return {
        "cookie": cookie,
        "question": f"/en/attempts/{page_attempt.public_id}/q/1/",
        "study": f"/en/decks/{deck.slug}/study/{directions_for(deck)[0]}/" if deck else None,
        "answers": interleaved[:answers],
        "attempts": [rows[0]["path"].split("/")[3] for rows in per_attempt],
    }


def verify(path: Path) -> dict:
    prepared = json.loads(path.read_text())
    stored = Response.objects.filter(attempt__public_id__in=prepared["attempts"]).count()
    doubled = Attempt.objects.filter(public_id__in=prepared["attempts"]).count()
    return {"answers_prepared": len(prepared["answers"]), "answers_stored": stored, "attempts": doubled}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--answers", type=int, default=6000)
    parser.add_argument("--quiz", default="first-look")
    parser.add_argument("--seed", type=int, default=1975)
    parser.add_argument("--verify", action="store_true", help="count what was stored of a prepared file")
    parser.add_argument("--ids", action="store_true", help="print the seeded class's and first quiz's ids")
    args = parser.parse_args()
    if args.ids:
        from quiz.models import Classroom  # noqa: PLC0415

        quiz = Quiz.objects.published().real().order_by("position", "id").first()
        print(json.dumps({"classroom": Classroom.objects.get(name="Bench class").pk, "quiz": quiz.pk}))
        return 0
    if args.verify:
        print(json.dumps(verify(args.out)))
        return 0
    args.out.write_text(json.dumps(prepare(args.answers, args.quiz, args.seed)))
    print(json.dumps({"prepared": args.answers}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

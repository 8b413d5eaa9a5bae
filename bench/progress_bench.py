"""Benchmark My progress and the leaderboards at school scale (a script, not a test).

Creates a scratch database, seeds 10,000 students with 100,000 finished attempts (with their answers
and some flashcard states) using bulk_create, then requests the pages in-process with Django's test
client and prints median / p95 response times and the SQL query count of each page.

    .venv/bin/python bench/progress_bench.py                                    # SQLite, /tmp file
    .venv/bin/python bench/progress_bench.py --database postgres://postgres@127.0.0.1:5432/asts_progress_bench

The PostgreSQL database named in the URL is dropped and created again: give it a throwaway name.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_SQLITE = "sqlite:////tmp/asts_progress_bench.sqlite3"
BATCH = 5000


def fresh_database(url: str) -> None:
    """An empty database at `url`: the SQLite file is deleted, the PostgreSQL database re-created."""
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(parts.path + suffix).unlink(missing_ok=True)
        return
    import psycopg

    name = parts.path.lstrip("/")
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"refusing to drop a database named {name!r}")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asts_site.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("loaddata", *sorted(str(p) for p in (ROOT / "fixtures" / "content").glob("*.json")), verbosity=0)


def seed(students: int, attempts: int, answers_per_attempt: int, rng: random.Random) -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from quiz.models import Attempt, Card, CardState, Profile, Question, Quiz, Response

    User = get_user_model()
    password = make_password("bench-orbit-1975")  # hashed once: a scratch database only
    User.objects.bulk_create(
        [User(username=f"progress-bench-{n:05d}", password=password) for n in range(students)], batch_size=BATCH
    )
    user_ids = list(
        User.objects.filter(username__startswith="progress-bench-").order_by("id").values_list("id", flat=True)
    )
    # Most students have a profile (a few opted out, some without a display name); some have none yet.
    Profile.objects.bulk_create(
        [
            Profile(user_id=uid, display_name=f"Cosmonaut {n}" if n % 4 else "", show_on_leaderboard=n % 20 != 0)
            for n, uid in enumerate(user_ids)
            if n % 10
        ],
        batch_size=BATCH,
    )
    quizzes = [q for q in Quiz.objects.published() if q.question_count()] + [Quiz.practice()]
    topic_of = dict(Question.objects.published().values_list("id", "topic_id"))
    questions = {
        quiz.pk: [i for i in quiz.draw_question_ids(rng) if i in topic_of] or list(topic_of)[:5] for quiz in quizzes
    }
    heavy = user_ids[0]  # one very keen student: the worst case of My progress
    now, made, answered = timezone.now(), 0, 0
    while made < attempts:
        batch, rows = [], []
        for _n in range(min(BATCH, attempts - made)):
            quiz = rng.choice(quizzes)
            ids = questions[quiz.pk]
            started = now - timedelta(days=rng.uniform(0, 180))
            score = float(rng.randint(0, len(ids)))
            user_id = heavy if made % 100 == 0 else rng.choice(user_ids)
            batch.append(
                Attempt(
                    quiz=quiz,
                    user_id=user_id,
                    question_ids=ids,
                    started_at=started,
                    score=score,
                    max_score=len(ids),
                    submitted_at=started + timedelta(seconds=rng.randint(60, 1200)),
                )
            )
            made += 1
        with transaction.atomic():
            Attempt.objects.bulk_create(batch)
            for attempt in batch:
                for number, qid in enumerate(attempt.question_ids[:answers_per_attempt]):
                    rows.append(
                        Response(
                            attempt_id=attempt.pk,
                            question_id=qid,
                            answer={},
                            language="en",
                            is_correct=number < attempt.score,
                            points=float(number < attempt.score),
                            answered_at=attempt.started_at + timedelta(seconds=number),
                        )
                    )
            Response.objects.bulk_create(rows, batch_size=BATCH)
        answered += len(rows)
    cards = list(Card.objects.values_list("id", flat=True)[:20])
    states = [
        CardState(card_id=card, user_id=uid, reps=rng.randint(0, 6), due=now + timedelta(days=rng.randint(-3, 9)))
        for uid in user_ids[::2]
        for card in rng.sample(cards, min(5, len(cards)))
    ]
    CardState.objects.bulk_create(states, batch_size=BATCH)
    return {
        "students": len(user_ids),
        "attempts": made,
        "responses": answered,
        "card states": len(states),
        "heavy student attempts": Attempt.objects.filter(user_id=heavy).count(),
    }


def measure(client, url: str, runs: int) -> tuple[list[float], int]:
    """Times of `runs` requests after a first one that counts the queries (a counting wrapper, not
    connection.queries: every request resets that list)."""
    from django.db import connection

    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _n in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    return times, len(executed)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run(runs: int, viewers: int, rng: random.Random) -> list[tuple[str, list[float], set[int]]]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from quiz.models import Quiz

    ids = list(
        get_user_model()
        .objects.filter(username__startswith="progress-bench-")
        .order_by("id")
        .values_list("id", flat=True)
    )
    users = get_user_model().objects.in_bulk([ids[0], *rng.sample(ids[1:], viewers)])
    clients = {}
    for uid, user in users.items():
        clients[uid] = Client()
        clients[uid].force_login(user)
    quiz_slugs = list(Quiz.objects.published().values_list("slug", flat=True))
    pages = {
        "progress (keen student)": [(clients[ids[0]], "/en/progress/")],
        "progress (typical student)": [(c, "/ru/progress/") for uid, c in clients.items() if uid != ids[0]],
        "leaderboard overall": [(c, "/en/leaderboard/") for c in clients.values()],
        "leaderboard per quiz": [(c, f"/ru/leaderboard/{rng.choice(quiz_slugs)}/") for c in clients.values()],
        "leaderboard, anonymous": [(Client(), "/en/leaderboard/")],
    }
    results = []
    for name, targets in pages.items():
        times, counts = [], set()
        per_target = max(1, runs // len(targets))
        for client, url in targets:
            taken, count = measure(client, url, per_target)
            times += taken
            counts.add(count)
        results.append((name, times, counts))
    return results


def explain() -> None:
    """The plans of the heavy queries, to see the indexes at work."""
    from django.db import connection

    from quiz import progress
    from quiz.models import Attempt, Profile, Quiz

    quote = connection.ops.quote_name
    sql = progress.BOARD_SQL.format(
        attempt=quote(Attempt._meta.db_table),
        quiz=quote(Quiz._meta.db_table),
        profile=quote(Profile._meta.db_table),
        quiz_filter="AND a.quiz_id = %s",
    )
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    quiz = Quiz.objects.published().first()
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, [quiz.pk, 20, 1])
        print("\nPlan of the per-quiz leaderboard:")
        for row in cursor.fetchall():
            print("   ", " | ".join(str(v) for v in row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default=DEFAULT_SQLITE, help="a DATABASE_URL; it is emptied first")
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--answers-per-attempt", type=int, default=5)
    parser.add_argument("--runs", type=int, default=200, help="timed requests per page")
    parser.add_argument("--viewers", type=int, default=40, help="different signed-in students making them")
    parser.add_argument("--seed", type=int, default=1975)
    parser.add_argument("--explain", action="store_true", help="print the leaderboard's query plan")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    fresh_database(args.database)
    started = time.perf_counter()
    setup_django(args.database)
    from django.db import connection

    counts = seed(args.students, args.attempts, args.answers_per_attempt, rng)
    with connection.cursor() as cursor:
        # Planner statistics (and on PostgreSQL the visibility map that index-only scans need), as
        # autovacuum would have made them on a database in service.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(
        f"{connection.vendor}: seeded "
        + ", ".join(f"{v:,} {k}" for k, v in counts.items())
        + f" in {time.perf_counter() - started:.0f} s"
    )
    results = run(args.runs, args.viewers, rng)
    print("\n| page | requests | median ms | p95 ms | SQL queries |\n|---|---:|---:|---:|---:|")
    for name, times, queries in results:
        shown = "/".join(str(q) for q in sorted(queries))
        print(f"| {name} | {len(times)} | {statistics.median(times):.1f} | {p95(times):.1f} | {shown} |")
    if args.explain:
        explain()


if __name__ == "__main__":
    main()

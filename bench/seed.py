"""Seed a scratch database with a school's worth of history: N students, each with finished attempts,
until R responses exist. Run by bench/run.py after `migrate` and `loaddata fixtures/content/*.json`,
with DATABASE_URL pointing at the scratch database.

Every seeded score is what quiz.grading gives, so the audit at the end of a run can regrade them too.
"""

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asts_site.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from quiz import answer_sums, grading, progress  # noqa: E402
from quiz.models import Attempt, Question, Quiz, Response  # noqa: E402
from quiz.taking import grading_key  # noqa: E402

BATCH = 5000
PASSWORD = "bench-orbit-1975"  # noqa: S105 — the seeded students' password, for a scratch database only


def random_answer(question: Question, choices, rng: random.Random) -> dict:
    """Right about two times in three, like a class that has done its reading."""
    kind, key = question.kind_handler, grading_key(question, choices)
    if rng.random() < 0.65:
        return kind.correct_answer(key)
    return kind.random_answer(key, [c.pk for c in choices], rng)


def seed(students: int, responses: int, rng: random.Random) -> dict:
    User = get_user_model()
    password = make_password(PASSWORD)  # hashed once: every seeded student shares it
    users = [User(username=f"bench-student-{n:05d}", password=password) for n in range(1, students + 1)]
    User.objects.bulk_create(users, batch_size=BATCH)
    user_ids = list(User.objects.filter(username__startswith="bench-student-").values_list("id", flat=True))

    quizzes = [q for q in Quiz.objects.published() if q.question_count()]
    questions = {q.pk: q for q in Question.objects.published().prefetch_related("choices")}
    keys = {pk: grading_key(q, list(q.choices.all())) for pk, q in questions.items()}
    made, attempts_made, now = 0, 0, timezone.now()
    while made < responses:
        attempts, answers = [], []
        for _n in range(BATCH // 10):
            quiz = rng.choice(quizzes)
            ids = [i for i in quiz.draw_question_ids(rng) if i in questions][: responses - made]
            if not ids:
                break
            started = now - timedelta(days=rng.randint(1, 120), minutes=rng.randint(0, 600))
            attempt = Attempt(
                quiz=quiz,
                user_id=rng.choice(user_ids),
                question_ids=ids,
                started_at=started,
                submitted_at=started + timedelta(minutes=len(ids)),
                max_score=len(ids),
                choice_order={str(i): [c.pk for c in questions[i].choices.all()] for i in ids},
            )
            rows = []
            for qid in ids:
                answer = random_answer(questions[qid], list(questions[qid].choices.all()), rng)
                result = grading.grade(keys[qid], answer)
                rows.append(
                    Response(
                        question_id=qid,
                        answer=answer,
                        is_correct=result.is_correct,
                        points=result.points,
                        language=rng.choice(["en", "ru"]),
                        answered_at=started,
                    )
                )
            attempt.score = round(sum(r.points for r in rows), 4)
            attempts.append(attempt)
            answers.append(rows)
            made += len(rows)
            if made >= responses:
                break
        with transaction.atomic():
            Attempt.objects.bulk_create(attempts)
            for attempt, rows in zip(attempts, answers, strict=True):
                for row in rows:
                    row.attempt_id = attempt.pk
            Response.objects.bulk_create([row for rows in answers for row in rows], batch_size=BATCH)
        attempts_made += len(attempts)
    return {"students": len(user_ids), "attempts": attempts_made, "responses": made}


def seed_class(size: int, rng: random.Random) -> dict:
    """A teacher (a superuser, for every admin page) with a class of `size` seeded students and the
    first quiz assigned: the admin pages the benchmark times."""
    from quiz.models import Assignment, Classroom, Membership  # noqa: PLC0415

    User = get_user_model()
    teacher = User.objects.create_superuser("bench-teacher", password=PASSWORD)
    classroom = Classroom.objects.create(teacher=teacher, name="Bench class")
    students = list(User.objects.filter(username__startswith="bench-student-").order_by("id")[:size])
    Membership.objects.bulk_create(Membership(classroom=classroom, student=s) for s in students)
    quiz = Quiz.objects.published().real().order_by("position", "id").first()
    Assignment.objects.create(classroom=classroom, quiz=quiz, created_at=timezone.now() - timedelta(days=200))
    return {"classroom": classroom.pk, "members": len(students)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--responses", type=int, default=200_000)
    parser.add_argument("--class-size", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1975)
    args = parser.parse_args()
    started = time.perf_counter()
    rng = random.Random(args.seed)
    counts = seed(args.students, args.responses, rng)
    klass = seed_class(args.class_size, rng)
    progress.rebuild_best_scores()  # the leaderboards' rows: bulk inserts send no signals
    answer_sums.fold()  # the statistics' kept counts, as cron's `manage.py fold_statistics` leaves them
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # planner statistics for the new rows, as autovacuum would soon
            cursor.execute("ANALYZE")
    print(
        f"seeded {counts['students']:,} students, {counts['attempts']:,} attempts, {counts['responses']:,} "
        f"responses and a class of {klass['members']} in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()

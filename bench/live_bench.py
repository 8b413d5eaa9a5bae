"""The live game under load: one game, 100 simulated players over real WebSockets, against daphne
with production settings and the Redis channel layer (bench/README.md, "Live game").

    .venv/bin/python bench/live_bench.py                       # SQLite, one server
    .venv/bin/python bench/live_bench.py --db postgres --servers 2

It reports the time from the teacher's "next" to each player receiving the question (p50, p99, and
the slowest player per question), answers accepted per second while everyone answers at once, and
audits the database: every answer the server accepted is stored once, no double tap (10 % of players
send their answer twice) is stored twice, and every score equals the sum of its answers' points.
"""

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = ROOT / ".venv" / "bin" / "python"
DAPHNE = ROOT / ".venv" / "bin" / "daphne"


def parse():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--players", type=int, default=100)
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument("--servers", type=int, default=1, help="daphne servers sharing Redis and the database")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"))
    parser.add_argument("--pg", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_LIVE_PORT", "8121")))
    parser.add_argument("--double-rate", type=float, default=0.1)
    return parser.parse_args()


def environment(args, workdir: Path) -> dict:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "live-bench-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "REDIS_URL": args.redis,
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "asts_site.settings",
    }
    if args.db == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'live.sqlite3'}"
    else:
        env["DATABASE_URL"] = f"{args.pg}/asts_live_bench_{os.getpid()}"
    return env


def setup_database(args, env):
    if args.db == "postgres":
        name = env["DATABASE_URL"].rsplit("/", 1)[1]
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    subprocess.run([str(PY), "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    import redis

    redis.Redis.from_url(args.redis).flushdb()


def seed(args):
    """A quiz of single and multiple choice questions, a teacher, a game and its players' seats."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group, User

    from quiz.live import services
    from quiz.live.consumers import SEATS_SESSION_KEY
    from quiz.models import Choice, Question, Quiz, QuizQuestion, Topic

    topic = Topic.objects.create(slug="bench-live", title_en="Bench", title_ru="Тест")
    quiz = Quiz.objects.create(slug="bench-live", title_en="Live bench", title_ru="Нагрузка", shuffle_choices=True)
    for n in range(args.questions):
        kind = "multiple" if n % 2 else "single"
        question = Question.objects.create(
            topic=topic,
            kind=kind,
            text_en=f"Question {n}?",
            text_ru=f"Вопрос {n}?",
            explanation_en="Because.",
            explanation_ru="Потому что.",
        )
        for c in range(4):
            Choice.objects.create(
                question=question,
                text_en=f"Choice {c}",
                text_ru=f"Вариант {c}",
                position=c,
                is_correct=c == 0 or (kind == "multiple" and c == 2),
            )
        QuizQuestion.objects.create(quiz=quiz, question=question, position=n)
    teacher = User.objects.create_user("bench-teacher", password="x" * 20, is_staff=True)
    teacher.groups.add(Group.objects.get(name="Teachers"))
    game = services.create_game(quiz=quiz, host=teacher)
    store = import_module(settings.SESSION_ENGINE).SessionStore

    def session(data):
        s = store()
        s.update(data)
        s.create()
        return s.session_key

    host_key = session(
        {
            SESSION_KEY: str(teacher.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: teacher.get_session_auth_hash(),
        }
    )
    players = []
    for n in range(args.players):
        player = services.join(game=game, nickname=f"Player {n}", language="ru" if n % 3 == 0 else "en")
        players.append(
            {
                "key": session({SEATS_SESSION_KEY: {str(game.public_id): player.seat}}),
                "lang": player.language,
                "pk": player.pk,
            }
        )
    answers = {}  # index → what a phone sends: a right answer for odd players, a wrong one for even ones
    for index, question_id in enumerate(game.question_ids):
        question = Question.objects.get(pk=question_id)
        choices = list(question.choices.all())
        kind = question.kind_handler
        right = kind.form_data(kind.correct_answer(kind.key(question, choices)), game.token_scope)
        wrong_choice = next(c for c in choices if not c.is_correct)
        wrong = kind.form_data({"choices": [wrong_choice.pk]}, game.token_scope)
        answers[index] = (right, wrong)
    return game, host_key, players, answers, settings.SESSION_COOKIE_NAME


def start_servers(args, env):
    servers = []
    for n in range(args.servers):
        port = args.port + n
        servers.append(
            subprocess.Popen(
                [
                    str(DAPHNE),
                    "-b",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "--websocket-max-message-size",
                    "65536",
                    "asts_site.asgi:application",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=open(Path(tempfile.gettempdir()) / f"live-bench-daphne-{port}.log", "w"),  # noqa: SIM115
            )
        )
    import socket

    for n in range(args.servers):
        for _wait in range(300):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", args.port + n)) == 0:
                    break
            time.sleep(0.1)
    return servers


async def run_game(args, game, host_key, players, answers, cookie):  # noqa: PLR0915  (one scenario, read top to bottom)
    import websockets

    received = {}  # (index, player) → monotonic time the question arrived
    accepted, refused, sent = 0, 0, 0
    opened = {}
    ack_times, first_send = {}, {}  # index → times
    all_in = {}
    reasons = {}  # what the server said when it refused an answer

    def url(n):
        return f"ws://127.0.0.1:{args.port + n % args.servers}/ws/live/{game.public_id}/"

    async def connect(n, role, key, lang="en"):
        port = args.port + n % args.servers
        return await websockets.connect(
            url(n) + f"{role}/?lang={lang}",
            open_timeout=30,
            max_size=2**22,
            additional_headers={"Cookie": f"{cookie}={key}", "Origin": f"http://127.0.0.1:{port}"},
        )

    host = await connect(0, "host", host_key)
    phones = []
    for n, player in enumerate(players):
        phones.append(await connect(n, "play", player["key"], player["lang"]))
        if n % 20 == 19:
            await asyncio.sleep(0.05)
    rng = random.Random(1)
    doubles = set(rng.sample(range(len(players)), int(len(players) * args.double_rate)))

    async def phone_loop(n, ws):
        nonlocal accepted, refused, sent
        answered_index = -1
        async for raw in ws:
            message = json.loads(raw)
            if message["type"] == "stage" and message["state"] == "question" and message["index"] != answered_index:
                index = message["index"]
                if (index, n) in received:
                    # our own answer's confirmation: the same question's screen again
                    accepted += 1
                    ack_times.setdefault(index, []).append(time.monotonic())
                    answered_index = index
                    if len([k for k in received if k[0] == index]) == len(players) and accepted % len(players) == 0:
                        all_in[index] = time.monotonic()
                    continue
                received[(index, n)] = time.monotonic()
                fields = answers[index][0] if n % 2 else answers[index][1]
                frame = json.dumps({"type": "answer", "q": index, "fields": {k: v for k, v in fields.items()}})
                first_send.setdefault(index, []).append(time.monotonic())
                await ws.send(frame)
                sent += 1
                if n in doubles:
                    await ws.send(frame)  # a double tap
            elif message["type"] == "error":
                refused += 1
                reasons[message["message"]] = reasons.get(message["message"], 0) + 1
            elif message["type"] == "stage" and message["state"] == "ended":
                return

    async def host_loop():
        async for raw in host:
            message = json.loads(raw)
            if message["type"] == "stage":
                opened[message["index"], message["state"]] = time.monotonic()

    tasks = [asyncio.create_task(phone_loop(n, ws)) for n, ws in enumerate(phones)]
    host_task = asyncio.create_task(host_loop())
    await asyncio.sleep(1)
    latencies, slowest = [], []
    for index in range(game.total):
        t0 = time.monotonic()
        await host.send(json.dumps({"type": "control", "action": "start" if index == 0 else "next"}))
        for _wait in range(600):
            if sum(1 for k in received if k[0] == index) == len(players):
                break
            await asyncio.sleep(0.01)
        times = [received[(index, n)] - t0 for n in range(len(players)) if (index, n) in received]
        latencies += times
        slowest.append(max(times))
        await asyncio.sleep(2.5)  # everyone answers
        await host.send(json.dumps({"type": "control", "action": "reveal"}))
        await asyncio.sleep(1)
    await host.send(json.dumps({"type": "control", "action": "next"}))  # past the last question: the end
    await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 30)
    host_task.cancel()
    for ws in [*phones, host]:
        await ws.close()
    # Per question: answers confirmed / (last confirmation − first answer sent), everyone answering at once.
    rate_windows = [len(ack_times[i]) / (max(ack_times[i]) - min(first_send[i])) for i in ack_times if i in first_send]
    span = 0
    return {
        "latencies": latencies,
        "slowest": slowest,
        "sent": sent,
        "accepted": accepted,
        "refused": refused,
        "doubles": len(doubles) * game.total,
        "span": span,
        "rate_windows": rate_windows,
        "reasons": reasons,
    }


def audit(game, sent_answers: int):
    from django.db.models import Sum

    from quiz.models import LiveAnswer, Player

    rows = LiveAnswer.objects.filter(player__game=game).count()
    pairs = LiveAnswer.objects.filter(player__game=game).values("player", "index").distinct().count()
    bad_scores = 0
    for player in Player.objects.filter(game=game):
        total = player.answers.aggregate(total=Sum("points"))["total"] or 0
        bad_scores += player.score != total
    return {"rows": rows, "distinct": pairs, "bad_scores": bad_scores, "lost": sent_answers - rows}


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))] if values else float("nan")


def main():
    args = parse()
    workdir = Path(tempfile.mkdtemp(prefix="asts-live-bench-"))
    env = environment(args, workdir)
    os.environ.update(env)
    setup_database(args, env)
    game, host_key, players, answers, cookie = seed(args)
    servers = start_servers(args, env)
    try:
        started = time.time()
        result = asyncio.run(run_game(args, game, host_key, players, answers, cookie))
        elapsed = time.time() - started
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(10)
    game.refresh_from_db()
    # Every frame sent is either stored or refused with a message to its player; "lost" is neither.
    checked = audit(game, result["sent"] + result["doubles"] - result["refused"])
    ms = [t * 1000 for t in result["latencies"]]
    lines = [
        f"# Live game benchmark, {datetime.now():%Y-%m-%d %H:%M} — {args.db}, {args.servers} daphne server(s), Redis channel layer",
        "",
        f"{len(players)} players over real WebSockets (players split across the servers round-robin; the projector on the first), "
        f"{game.total} questions, production settings (DEBUG=0), 2 shared cores; the driver runs on the same machine. {elapsed:.0f} s in all.",
        "",
        "| figure | value |",
        "|---|---|",
        f'| teacher\'s "next" → a player receives the question, p50 | {pct(ms, 50):.0f} ms |',
        f"| … p99 | {pct(ms, 99):.0f} ms |",
        f"| … the last player, per question | {', '.join(f'{t * 1000:.0f}' for t in result['slowest'])} ms |",
        f"| answers accepted per second (all {len(players)} answering at once; first sent → last confirmed) | "
        f"{statistics.median(result['rate_windows']) if result['rate_windows'] else 0:.0f} /s (median of the questions) |",
        f"| answers sent (first taps) / confirmed | {result['sent']} / {result['accepted']} |",
        f'| double taps sent / refused as "already answered" | {result["doubles"]} / {result["refused"]} |',
        f"| answers stored / distinct (player, question) | {checked['rows']} / {checked['distinct']} |",
        f"| refused, by the server's message | {'; '.join(f'{k} ×{v}' for k, v in result['reasons'].items())} |",
        f"| lost answers (sent − stored − refused with a message) | {checked['lost']} |",
        f"| players whose score ≠ the sum of their answers' points | {checked['bad_scores']} |",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    out = ROOT / "bench" / "results" / f"{datetime.now():%Y%m%d-%H%M%S}-live-{args.db}-{args.servers}srv.md"
    out.write_text(report)
    if args.db == "postgres":
        from django.db import connections

        connections.close_all()
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", env["DATABASE_URL"].rsplit("/", 1)[1]], check=False
        )
    shutil.rmtree(workdir, ignore_errors=True)
    ok = (
        checked["lost"] == 0
        and checked["rows"] == checked["distinct"]
        and checked["bad_scores"] == 0
        and pct(ms, 99) <= 500
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

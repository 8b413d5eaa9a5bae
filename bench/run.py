"""`make bench`: seed a scratch database, serve it with gunicorn under production settings, drive it
with simulated students from this process, audit every answer, and write bench/results/<time>-<db>.md.

Runs on SQLite, then on PostgreSQL + Redis when they answer (see bench/README.md). Stops by itself:
each target takes about two and a half minutes with the defaults.
"""

import argparse
import asyncio
import json
import math
import os
import platform
import re
import runpy
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import driver  # noqa: E402
import wrk  # noqa: E402

RESULTS = ROOT / "bench" / "results"
PY = sys.executable
GUNICORN = str(Path(PY).with_name("gunicorn"))

# The budgets of DESIGN.md this run checks.
RATIO_BUDGET = 0.35  # the question page's throughput as a share of /healthz's, both measured with wrk
CPU_BUDGET_MS = 2.3  # server CPU per question page, wrk
P99_BUDGET_MS = 250
WEIGHT_BUDGET = 30 * 1024
FONT_FILES_BUDGET, FONT_BYTES_BUDGET = 2, 80 * 1024  # the typeface: at most two woff2 files together
QUERY_BUDGET = 10
BUDGET_PAGES = ("question page", "answer (POST)", "feedback page")
ADMIN_PAGES = [  # (label, path): what a teacher opens, timed one after another (bench/seed.py makes the class)
    ("admin: question statistics", "/en/admin/quiz/question/statistics/"),
    ("admin: statistics, flagged", "/en/admin/quiz/question/statistics/?flag=any"),
    ("admin: questions", "/en/admin/quiz/question/"),
    ("admin: class (300 students)", "/en/admin/quiz/classroom/{classroom}/change/"),
    ("admin: class report", "/en/admin/quiz/classroom/{classroom}/report/"),
    ("admin: attempts", "/en/admin/quiz/attempt/"),
    ("admin: quizzes", "/en/admin/quiz/quiz/"),
    ("admin: quiz", "/en/admin/quiz/quiz/{quiz}/change/"),
]
ADMIN_REPEAT = 5
SEED_PASSWORD = "bench-orbit-1975"  # noqa: S105 — bench/seed.py's accounts, in a scratch database only
STUDENT_PAGES = (
    "home",
    "timeline",
    "quiz list",
    "quiz page",
    "start (POST)",
    "question page",
    "answer (POST)",
    "feedback page",
    "finish (POST)",
    "result page",
    "deck list",
    "deck page",
    "study page",
    "rate (POST)",
)
# A double click's second request is refused with 409, by design.
EXPECTED = {"start (POST)": {302}, "answer (POST)": {302, 409}, "finish (POST)": {302}, "rate (POST)": {302, 409}}

# Paths in the server's request log → the driver's endpoint labels.
SERVER_LABELS = [
    ("GET", re.compile(r"^/healthz$"), "/healthz"),
    ("GET", re.compile(r"^/(en|ru)/$"), "home"),
    ("GET", re.compile(r"^/(en|ru)/timeline/$"), "timeline"),
    ("GET", re.compile(r"^/(en|ru)/quizzes/$"), "quiz list"),
    ("GET", re.compile(r"^/(en|ru)/quizzes/[\w-]+/$"), "quiz page"),
    ("POST", re.compile(r"^/(en|ru)/quizzes/[\w-]+/$"), "start (POST)"),
    ("GET", re.compile(r"^/(en|ru)/attempts/[\w-]+/q/\d+/$"), "question page"),
    ("POST", re.compile(r"^/(en|ru)/attempts/[\w-]+/q/\d+/$"), "answer (POST)"),
    ("POST", re.compile(r"^/(en|ru)/attempts/[\w-]+/finish/$"), "finish (POST)"),
    ("GET", re.compile(r"^/(en|ru)/attempts/[\w-]+/result/$"), "result page"),
    ("GET", re.compile(r"^/(en|ru)/decks/$"), "deck list"),
    ("GET", re.compile(r"^/(en|ru)/decks/[\w-]+/$"), "deck page"),
    ("GET", re.compile(r"^/(en|ru)/decks/[\w-]+/study/[\w-]+/$"), "study page"),
    ("POST", re.compile(r"^/(en|ru)/decks/[\w-]+/study/[\w-]+/$"), "rate (POST)"),
    ("GET", re.compile(r"^/(en|ru)/leaderboard/$"), "leaderboard"),
    ("GET", re.compile(r"^/(en|ru)/progress/$"), "my progress"),
    ("GET", re.compile(r"^/en/admin/quiz/question/statistics/$"), "admin: question statistics"),
    ("GET", re.compile(r"^/en/admin/quiz/question/$"), "admin: questions"),
    ("GET", re.compile(r"^/en/admin/quiz/classroom/\d+/change/$"), "admin: class (300 students)"),
    ("GET", re.compile(r"^/en/admin/quiz/classroom/\d+/report/$"), "admin: class report"),
    ("GET", re.compile(r"^/en/admin/quiz/attempt/$"), "admin: attempts"),
    ("GET", re.compile(r"^/en/admin/quiz/quiz/$"), "admin: quizzes"),
    ("GET", re.compile(r"^/en/admin/quiz/quiz/\d+/change/$"), "admin: quiz"),
]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def answers(url: str, timeout: float = 2.0) -> bool:
    parts = urlsplit(url)
    default_port = {"postgres": 5432, "postgresql": 5432, "redis": 6379}.get(parts.scheme, 80)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or default_port), timeout=timeout):
            return True
    except OSError:
        return False


def production_env(database_url: str, redis_url: str, port: int, workers: int | None) -> dict:
    """What an operator would set (docs/deploy.md), for plain http on the loopback interface."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_URL", "DATABASE_URL"))}
    env.update(
        DEBUG="0",
        SECRET_KEY="bench-" + os.urandom(24).hex(),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        DATABASE_URL=database_url,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        LOG_FORMAT="json",
        PYTHONUNBUFFERED="1",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    return env


def manage(env: dict, *args: str, timeout: int = 600) -> str:
    done = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def script(env: dict, path: str, *args: str, timeout: int = 600) -> str:
    done = subprocess.run(
        [PY, str(ROOT / path), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode:
        raise SystemExit(f"{path} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout.strip()


class Target:
    """One database (+ cache) to benchmark: creates and drops its scratch database."""

    def __init__(self, name: str, args):
        self.name, self.args = name, args
        if name == "sqlite":
            self.path = Path(args.sqlite_path)
            self.database_url = f"sqlite:///{self.path}"
            self.redis_url = ""
        else:
            self.db_name = f"asts_bench_{os.getpid()}"
            admin = urlsplit(args.pg_url)
            self.admin_url = args.pg_url
            self.database_url = urlunsplit(admin._replace(path=f"/{self.db_name}"))
            self.redis_url = args.redis_url if answers(args.redis_url) else ""

    @property
    def label(self) -> str:
        if self.name == "sqlite":
            return "SQLite (sessions in the database, local-memory cache)"
        return "PostgreSQL + Redis (cache and cached_db sessions)" if self.redis_url else "PostgreSQL (no Redis)"

    def create(self) -> None:
        self._remove(recreate=True)

    def drop(self) -> None:
        if self.args.keep_db:
            log(f"kept the database: {self.database_url}")
            return
        self._remove(recreate=False)

    def _remove(self, recreate: bool) -> None:
        """Delete the scratch database (and empty the bench's Redis db), then make a new one if asked."""
        if self.name == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
            if recreate:
                conn.execute(f'CREATE DATABASE "{self.db_name}"')
        if self.redis_url:
            import redis

            redis.Redis.from_url(self.redis_url, socket_timeout=5).flushdb()


class Server:
    def __init__(self, env: dict, port: int, log_path: Path):
        self.env, self.port, self.log_path = env, port, log_path
        self.process = None

    def __enter__(self):
        self.log_file = self.log_path.open("w")
        self.process = subprocess.Popen(
            # BENCH_GUNICORN_CONF and BENCH_WSGI_APP let a profiling run swap in its own (bench/README.md).
            [
                GUNICORN,
                "-c",
                os.environ.get("BENCH_GUNICORN_CONF", str(ROOT / "gunicorn.conf.py")),
                os.environ.get("BENCH_WSGI_APP", "asts_site.wsgi"),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited at start; see {self.log_path}:\n{self.log_path.read_text()[-3000:]}")
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/healthz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn did not answer /healthz within 60 s; see {self.log_path}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()

    def __exit__(self, *exc):
        self.stop()


def tree_cpu(pid: int) -> float:
    """CPU seconds used so far by the gunicorn master and its workers, living or recycled
    (a recycled worker's time is in the master's "children" counters once it has been reaped)."""
    tick = os.sysconf("SC_CLK_TCK")

    def times(p: int) -> list[int]:
        try:
            return [int(v) for v in Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[11:15]]
        except OSError:
            return [0, 0, 0, 0]

    try:
        children = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        children = []
    return (sum(times(pid)) + sum(sum(times(c)[:2]) for c in children)) / tick


def system_busy() -> float:
    """CPU seconds the whole machine has spent busy since boot (all processes, all cores)."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """Server and driver CPU seconds, added up over the phases measured with it."""

    def __init__(self, server_pid: int):
        self.server_pid = server_pid
        self.server = self.driver = 0.0

    def __enter__(self):
        self._server, self._driver = tree_cpu(self.server_pid), time.process_time()
        return self

    def __exit__(self, *exc):
        self.server += tree_cpu(self.server_pid) - self._server
        self.driver += time.process_time() - self._driver


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def server_stats(log_path: Path, window: tuple[float, float]) -> dict[str, dict]:
    """Per endpoint label: the most SQL queries one request made (whole run), and the server-side p50
    latency during the students phase (`window`, epoch seconds)."""
    queries, times = defaultdict(int), defaultdict(list)
    start, end = (datetime.fromtimestamp(t, UTC).isoformat(timespec="milliseconds") for t in window)
    for line in log_path.read_text(errors="replace").splitlines():
        if not line.startswith("{"):
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("logger") != "asts.request":
            continue
        for method, pattern, label in SERVER_LABELS:
            if entry["method"] == method and pattern.match(entry["path"]):
                queries[label] = max(queries[label], entry["queries"])
                if start <= entry["time"] <= end:
                    times[label].append(entry["ms"])
                break
    queries["feedback page"] = queries.get("question page", 0)
    return {
        label: {
            "queries": queries[label],
            "server_p50": percentile(times[label], 50),
            "server_p99": percentile(times[label], 99),
        }
        for label in queries
    }


async def wait_for_quiet(limit: float) -> None:
    """Other work on the machine slows every figure: wait (up to `limit` seconds) until it is idle."""
    deadline = time.monotonic() + limit
    while True:
        before, started = system_busy(), time.monotonic()
        await asyncio.sleep(2)
        busy = (system_busy() - before) / (time.monotonic() - started) / cores()
        if busy < 0.25 or time.monotonic() >= deadline:
            log(f"machine {busy:.0%} busy with other work" + (" — going ahead anyway" if busy >= 0.25 else ""))
            return
        log(f"machine {busy:.0%} busy with other work: waiting for it to calm down")


async def load(base: str, args, server_pid: int, env: dict) -> dict:
    await wait_for_quiet(args.wait_quiet)
    load_before = loadavg()
    everything = CpuMeter(server_pid)
    everything.__enter__()
    machine_before = system_busy()
    log("warming up (5 s, not counted)")
    _warm, warm_sent, warm_rated = await driver.students_phase(
        base, students=10, seconds=5, think=0, double_rate=0.0, seed=7
    )
    log(f"students: {args.students} for {args.seconds} s, thinking {args.think * 0.5:g}–{args.think * 1.5:g} s")
    window_start = time.time()
    with CpuMeter(server_pid) as students_cpu:
        students, sent, rated = await driver.students_phase(
            base,
            students=args.students,
            seconds=args.seconds,
            think=args.think,
            double_rate=args.double_rate,
            seed=1975,
        )
    window = (window_start, time.time())
    wrk_results = []
    if not args.no_wrk:
        prepared_path = Path(tempfile.mkdtemp(prefix="asts-wrk-")) / "prepared.json"
        script(
            env,
            "bench/wrk_prep.py",
            str(prepared_path),
            "--answers",
            str(args.wrk_answers),
            "--quiz",
            args.saturation_quiz,
        )
        prepared = json.loads(prepared_path.read_text())
        wrk_results = wrk.measure_all(
            args.wrk_path,
            base,
            prepared,
            seconds=args.wrk_seconds,
            connections=args.students,
            server_cpu=lambda: tree_cpu(server_pid),
            rounds=args.wrk_rounds,
            log=log,
        )
        wrk_stored = json.loads(script(env, "bench/wrk_prep.py", str(prepared_path), "--verify"))
    admin = await admin_pages(base, env)
    clients = await driver.open_attempts(base, 1, args.saturation_quiz)
    weight = await driver.page_weight(base, clients[0][1], clients[0][0])
    for client, _url in clients:
        await client.aclose()
    everything.__exit__()
    others = system_busy() - machine_before - everything.server - everything.driver
    return {
        "students": students,
        "sent": warm_sent + sent,
        "rated": warm_rated + rated,
        "wrk": wrk_results,
        "wrk_stored": wrk_stored if wrk_results else None,
        "admin": admin,
        "weight": weight,
        "load_before": load_before,
        "load_after": loadavg(),
        "others_cpu": max(0.0, others),
        "load_cpu": everything,
        "window": window,
        "cpu": {"students": students_cpu},
    }


async def admin_pages(base: str, env: dict) -> dict[str, list[float]]:
    """A teacher logs in and opens each admin page ADMIN_REPEAT times, one after another: wall ms each."""
    ids = json.loads(script(env, "bench/wrk_prep.py", "-", "--ids"))
    async with httpx.AsyncClient(base_url=base, timeout=60, follow_redirects=False) as client:
        page = await client.get("/en/admin/login/")
        token = driver.CSRF.search(page.text).group(1)
        await client.post(
            "/en/admin/login/?next=/en/admin/",
            data={"csrfmiddlewaretoken": token, "username": "bench-teacher", "password": SEED_PASSWORD},
        )
        timings = defaultdict(list)
        statuses = defaultdict(set)
        for label, path in ADMIN_PAGES:
            for _n in range(ADMIN_REPEAT):
                started = time.perf_counter()
                response = await client.get(path.format(**ids))
                timings[label].append((time.perf_counter() - started) * 1000)
                statuses[label].add(response.status_code)
    return {"timings": dict(timings), "statuses": {k: sorted(v) for k, v in statuses.items()}}


def run_target(target: Target, args, stamp: str) -> tuple[str, bool]:
    log(f"== {target.label}")
    began = time.monotonic()
    env = production_env(target.database_url, target.redis_url, args.port, args.workers)
    target.create()
    try:
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "loaddata", "-v0", *sorted(str(p) for p in (ROOT / "fixtures" / "content").glob("*.json")))
        log(
            "seeding "
            + f"{args.seed_students * args.scale:,} students and {args.seed_responses * args.scale:,} responses"
        )
        seeded = script(
            env,
            "bench/seed.py",
            "--students",
            str(args.seed_students * args.scale),
            "--responses",
            str(args.seed_responses * args.scale),
            timeout=3600,
        )
        log(seeded)
        work = Path(tempfile.mkdtemp(prefix="asts-bench-"))
        server_log = work / f"gunicorn-{target.name}.log"
        with Server(env, args.port, server_log) as server:
            measured = asyncio.run(load(f"http://127.0.0.1:{args.port}", args, server.process.pid, env))
        sent_path = work / "sent.json"
        sent_path.write_text(json.dumps({"answers": measured["sent"], "ratings": measured["rated"]}))
        log("auditing every answer sent and regrading every stored response")
        audit = json.loads(script(env, "bench/audit.py", str(sent_path)).splitlines()[-1])
        stats = server_stats(server_log, measured["window"])
    finally:
        target.drop()
    report, green = render(
        target,
        args,
        stamp=stamp,
        seeded=seeded,
        measured=measured,
        audit=audit,
        stats=stats,
        wall=time.monotonic() - began,
        server_log=server_log,
    )
    return report, green


def fmt_ms(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def wrk_section(measured: dict, args) -> tuple[list[str], int, object, float]:
    """The wrk table, a row a page with the median of its rounds: (lines, bad responses, the question
    page's median result, /healthz's median rps)."""
    results, lines = measured["wrk"], []
    errors = sum(r.bad for r in results)
    by_label: dict[str, list] = {}
    for result in results:
        by_label.setdefault(result.label, []).append(result)
    medians = {label: sorted(runs, key=lambda r: r.server_cpu_ms)[len(runs) // 2] for label, runs in by_label.items()}
    healthz = sorted(r.rps for r in by_label.get("/healthz", []))
    healthz_rps = healthz[len(healthz) // 2] if healthz else 0.0
    if not results:
        return lines, errors, None, healthz_rps
    lines += [
        "",
        f"## Throughput with wrk: {args.students} connections, no think time, {args.wrk_seconds:g} s a page, "
        f"{args.wrk_rounds} rounds",
        "",
        "wrk (C, 2 threads) on the same machine; server CPU = the gunicorn master's and workers' utime + stime "
        "(/proc) over the run ÷ requests. Every page is measured in each round (/healthz first and last) and "
        "each row is the page's median round by server CPU, with every round's CPU beside it; the ratio is "
        "against /healthz's median rps. The database's and Redis's own CPU is not in the server figure (it is "
        "in “other processes” above).",
        "",
        "| endpoint | requests | rps | ÷ /healthz | p50 ms | p99 ms | non-2xx/3xx | socket errors, timeouts "
        "| server CPU ms/request | each round | wrk CPU ms/request |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for label, r in medians.items():
        rounds = ", ".join(f"{run.server_cpu_ms:.2f}" for run in by_label[label])
        lines.append(
            f"| {r.label} | {r.requests} | {r.rps:.0f} | {r.rps / healthz_rps:.0%} | {fmt_ms(r.p50_ms)} | "
            f"{fmt_ms(r.p99_ms)} | {r.bad} | {r.socket_errors} | {r.server_cpu_ms:.2f} | {rounds} | "
            f"{r.wrk_cpu_ms:.3f} |"
        )
    stored = measured["wrk_stored"]
    answered = medians.get("answer (POST)")
    if answered and stored:
        lines += [
            "",
            f"Answers posted by wrk: {answered.requests - answered.bad} answered 2xx/3xx within its "
            f"{args.wrk_seconds:g} s, {stored['answers_stored']} stored (requests still in flight when wrk "
            f"stops are answered after it stops counting; of {stored['answers_prepared']} prepared, each "
            "posted once). Each stored one is regraded by the audit.",
        ]
    return lines, errors, medians.get("question page"), healthz_rps


def admin_section(admin: dict, stats: dict) -> tuple[list[str], int]:
    lines, errors = (
        [
            "",
            f"## Admin pages: one teacher, each page {ADMIN_REPEAT} times in a row, after the load",
            "",
            "| page | p50 ms | max ms | statuses | max SQL queries |",
            "|---|---:|---:|---|---:|",
        ],
        0,
    )
    for label, values in admin["timings"].items():
        errors += sum(1 for code in admin["statuses"][label] if code != 200)
        lines.append(
            f"| {label} | {fmt_ms(percentile(values, 50))} | {fmt_ms(max(values))} | "
            f"{', '.join(map(str, admin['statuses'][label]))} | "
            f"{stats.get(label, {}).get('queries', '–')} |"
        )
    return lines, errors


def render(target, args, *, stamp, seeded, measured, audit, stats, wall, server_log) -> tuple[str, bool]:
    students, weight = measured["students"], measured["weight"]
    span = students.elapsed
    conf = runpy.run_path(os.environ.get("BENCH_GUNICORN_CONF", str(ROOT / "gunicorn.conf.py")))
    workers = args.workers or conf["workers"]
    worker_class = conf["worker_class"] + (
        f" ({conf.get('threads', 1)} threads each)" if conf.get("threads", 1) > 1 else ""
    )
    lines = [
        f"# Benchmark · {target.label} · {stamp}",
        "",
        f"{cores()} cores ({platform.processor() or platform.machine()}), Python {platform.python_version()}, "
        f"gunicorn with {workers} {worker_class} workers, production settings (DEBUG=0, whitenoise, JSON request log). "
        f"{seeded}. Students phase: {args.students} simulated students for {span:.0f} s, each thinking "
        f"{args.think * 0.5:g}–{args.think * 1.5:g} s between pages, {args.double_rate:.0%} of answers sent twice "
        f"at once (a double click); a quarter of the students' sessions study flashcards. The load driver runs "
        f"on the same machine. While the load ran, the server used {measured['load_cpu'].server:.0f} CPU-seconds, "
        f"the driver {measured['load_cpu'].driver:.0f}, and other processes on the machine "
        f"{measured['others_cpu']:.0f} (load average {measured['load_before']} before, {measured['load_after']} after; "
        f"other work slows every figure below).",
        "",
        f"## {args.students} students, think time",
        "",
        "| endpoint | requests | rps | p50 ms | p95 ms | p99 ms | max ms | server p50 / p99 ms | statuses "
        "| max SQL queries |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    errors = 0
    for label in STUDENT_PAGES:
        values = students.samples.get(label, [])
        if not values:
            continue
        statuses = students.statuses[label]
        ok = EXPECTED.get(label, {200})
        errors += sum(n for s, n in statuses.items() if s not in ok)
        server = stats.get(label, {})
        lines.append(
            f"| {label} | {len(values)} | {len(values) / span:.1f} | {fmt_ms(percentile(values, 50))} | "
            f"{fmt_ms(percentile(values, 95))} | {fmt_ms(percentile(values, 99))} | {fmt_ms(max(values))} | "
            f"{fmt_ms(server.get('server_p50', float('nan')))} / {fmt_ms(server.get('server_p99', float('nan')))} | "
            f"{', '.join(f'{s}×{n}' for s, n in sorted(statuses.items()))} | {server.get('queries', '–')} |"
        )
    wrk_lines, wrk_errors, question, healthz_rps = wrk_section(measured, args)
    admin_lines, admin_errors = admin_section(measured["admin"], stats)
    lines += wrk_lines + admin_lines
    errors += wrk_errors + admin_errors
    admin = measured["admin"]
    ratio = question.rps / healthz_rps if question and healthz_rps else 0.0
    fonts = [path.stat().st_size for path in (ROOT / "quiz" / "static" / "quiz" / "fonts").glob("*.woff2")]
    page_bytes = weight["html_gzip"] + sum(v for k, v in weight.items() if k.endswith("_gzip") and k != "html_gzip")
    worst_queries, worst_page = max((stats.get(p, {}).get("queries", 0), p) for p in STUDENT_PAGES)
    checks = []
    if question:
        checks += [
            (
                "question page throughput vs /healthz (wrk, same run)",
                f"≥ {RATIO_BUDGET:.0%}",
                f"{ratio:.0%} ({question.rps:.0f} / {healthz_rps:.0f} rps)",
                ratio >= RATIO_BUDGET,
            ),
            (
                "server CPU per question page (wrk)",
                f"≤ {CPU_BUDGET_MS} ms",
                f"{question.server_cpu_ms:.2f} ms",
                question.server_cpu_ms <= CPU_BUDGET_MS,
            ),
            (
                f"p99 question page, {args.students} connections, no think time",
                f"≤ {P99_BUDGET_MS} ms",
                f"{fmt_ms(question.p99_ms)} ms",
                question.p99_ms <= P99_BUDGET_MS,
            ),
        ]
    student_p99 = {
        page: percentile(students.samples.get(page, []), 99) for page in STUDENT_PAGES if students.samples.get(page)
    }
    worst_p99_page = max(student_p99, key=student_p99.get)
    checks.append(
        (
            f"p99 of every student page, {args.students} students with think time",
            f"≤ {P99_BUDGET_MS} ms",
            f"worst {fmt_ms(student_p99[worst_p99_page])} ms ({worst_p99_page})",
            student_p99[worst_p99_page] <= P99_BUDGET_MS,
        )
    )
    slowest_admin = max(admin["timings"], key=lambda k: percentile(admin["timings"][k], 50))
    admin_p50 = percentile(admin["timings"][slowest_admin], 50)
    checks.append(
        (
            "admin pages, one teacher (p50 of the slowest)",
            "≤ 1000 ms",
            f"{fmt_ms(admin_p50)} ms ({slowest_admin})",
            admin_p50 <= 1000,
        )
    )
    for page in BUDGET_PAGES:
        p99 = percentile(students.samples.get(page, []), 99)
        checks.append(
            (
                f"p99 {page}, {args.students} students",
                f"≤ {P99_BUDGET_MS} ms",
                f"{fmt_ms(p99)} ms",
                p99 <= P99_BUDGET_MS,
            )
        )
    checks += [
        ("answers lost", "0", f"{audit['lost']} of {audit['answers_accepted']} accepted", audit["lost"] == 0),
        (
            "answers counted twice",
            "0",
            f"{audit['double_counted']} ({audit['double_clicks_sent']} double clicks sent)",
            audit["double_counted"] == 0,
        ),
        (
            "stored with no request / refused",
            "0",
            f"{audit['stored_without_request']} / {audit['refused']}",
            audit["stored_without_request"] == 0 and audit["refused"] == 0,
        ),
        (
            "responses equal a fresh regrade",
            "all",
            f"{audit['responses_regraded'] - audit['responses_graded_wrong']:,} of {audit['responses_regraded']:,}",
            audit["responses_graded_wrong"] == 0,
        ),
        (
            "attempt scores equal the sum of their points",
            "all",
            f"{audit['attempts_rescored'] - audit['scores_wrong']:,} of {audit['attempts_rescored']:,}",
            audit["scores_wrong"] == 0,
        ),
        (
            "ratings lost or counted twice",
            "0",
            f"{audit['ratings_accepted']} accepted, {audit['reviews_stored']} stored, {audit['ratings_counted_twice']} "
            f"counted twice ({audit['rating_double_clicks_sent']} double clicks sent), "
            f"{audit['card_states_inconsistent']} cards out of step",
            audit["ratings_accepted"] == audit["reviews_stored"]
            and audit["ratings_counted_twice"] == 0
            and audit["card_states_inconsistent"] == 0
            and audit["ratings_refused"] == 0,
        ),
        (
            "SQL queries per student page or action",
            f"≤ {QUERY_BUDGET}",
            f"at most {worst_queries} ({worst_page})",
            worst_queries <= QUERY_BUDGET,
        ),
        (
            "question page, gzip HTML+CSS+JS",
            "≤ 30 KB",
            f"{page_bytes / 1024:.1f} KB (HTML {weight['html_gzip'] / 1024:.1f} KB of {weight['html'] / 1024:.1f} KB)",
            page_bytes <= WEIGHT_BUDGET,
        ),
        (
            "fonts: woff2 files, their size together",
            "≤ 2 files, ≤ 80 KB",
            f"{len(fonts)} files, {sum(fonts) / 1024:.1f} KB",
            len(fonts) <= FONT_FILES_BUDGET and sum(fonts) <= FONT_BYTES_BUDGET,
        ),
        ("unexpected statuses (5xx, refused connections)", "0", str(errors), errors == 0),
    ]
    lines += ["", "## Budgets", "", "| budget | target | measured | |", "|---|---|---|---|"]
    lines += [
        f"| {name} | {target_} | {value} | {'✅ met' if ok else '❌ missed'} |" for name, target_, value, ok in checks
    ]
    green = all(ok for *_rest, ok in checks)
    lines += ["", f"All budgets met: {'yes' if green else 'NO'}. Whole run {wall:.0f} s. Server log: {server_log}"]
    if not green:
        lines.append(
            "What the profile shows about a missed budget: bench/README.md, “The goals still missed, the profile, and the next steps”."
        )
    lines.append("")
    return "\n".join(lines), green


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres", "all"], default=os.environ.get("BENCH_DB", "all"))
    parser.add_argument("--students", type=int, default=int(os.environ.get("BENCH_STUDENTS") or 50))
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS") or 60))
    parser.add_argument("--wrk-seconds", type=float, default=6, help="seconds of wrk on each page in each round")
    parser.add_argument("--wrk-rounds", type=int, default=3, help="rounds over every page; each figure is the median")
    parser.add_argument("--wrk-answers", type=int, default=8000, help="answers prepared for wrk to post (each once)")
    parser.add_argument("--no-wrk", action="store_true", help="skip the wrk phase (the 10× data run does)")
    parser.add_argument(
        "--scale", type=int, default=1, help="multiply the seeded students and responses (10: the data-growth budget)"
    )
    parser.add_argument("--think", type=float, default=1.0, help="mean think time between pages, seconds")
    parser.add_argument("--double-rate", type=float, default=0.05, help="share of answers sent twice at once")
    parser.add_argument("--seed-students", type=int, default=10_000)
    parser.add_argument("--seed-responses", type=int, default=200_000)
    parser.add_argument("--saturation-quiz", default="first-look")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT") or 8107))
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: gunicorn.conf.py)")
    parser.add_argument(
        "--sqlite-path", default=os.environ.get("BENCH_SQLITE", str(Path(tempfile.gettempdir()) / "asts_bench.sqlite3"))
    )
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL role that may create databases; the bench makes and drops its own",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        help="a Redis database the bench may flush",
    )
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=60,
        help="seconds to wait, at most, for other work on the machine to stop before measuring",
    )
    args = parser.parse_args()

    if not Path(GUNICORN).exists() and not shutil.which("gunicorn"):
        raise SystemExit("gunicorn is not installed: make install-dev")
    args.wrk_path = "" if args.no_wrk else wrk.ensure_wrk()
    names = ["sqlite", "postgres"] if args.db == "all" else [args.db]
    if "postgres" in names and not answers(args.pg_url):
        if args.db == "postgres":
            raise SystemExit(f"no PostgreSQL answers at {args.pg_url}")
        log(f"no PostgreSQL answers at {args.pg_url}: benchmarking SQLite only")
        names.remove("postgres")

    log("collectstatic (compressed, hashed files for whitenoise)")
    manage(production_env("sqlite://:memory:", "", args.port, None), "collectstatic", "--no-input", "-v0")
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    all_green = True
    for name in names:
        report, green = run_target(Target(name, args), args, stamp)
        path = RESULTS / f"{stamp}-{name}{f'-x{args.scale}' if args.scale != 1 else ''}.md"
        path.write_text(report)
        print("\n" + report)
        log(f"wrote {path.relative_to(ROOT)}")
        all_green &= green
    return 0 if all_green else 1


if __name__ == "__main__":
    sys.exit(main())

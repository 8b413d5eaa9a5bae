"""CPU per request of each student page, in-process, under production settings — and, with
`--profile PAGE`, where that CPU goes (pyinstrument, a dev requirement).

    .venv/bin/python bench/profile_pages.py                       # CPU ms per page, SQLite scratch db
    .venv/bin/python bench/profile_pages.py --profile question    # the question page's profile
    DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python bench/profile_pages.py

CPU time (time.process_time) of this process only: unlike wall-clock time it hardly changes when
other work shares the cores, so it is the figure to compare before and after a change on a busy
machine. It leaves out the database server's own CPU (PostgreSQL, Redis), which wrk's run
(bench/run.py) includes in its machine-wide figures.
"""

import argparse
import logging
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.update(
    DEBUG="0",
    SECRET_KEY="profile-" + "x" * 40,
    ALLOWED_HOSTS="testserver",
    SECURE_SSL_REDIRECT="0",
    SECURE_COOKIES="0",
    SECURE_HSTS_SECONDS="0",
    DJANGO_SETTINGS_MODULE="asts_site.settings",
)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(tempfile.gettempdir()) / 'asts-profile.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from quiz.models import Attempt, Fact, Quiz  # noqa: E402

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def prepare() -> None:
    call_command("collectstatic", interactive=False, verbosity=0)  # the hashed names pages link to
    call_command("migrate", verbosity=0)
    if not Fact.objects.exists():
        call_command("load_content", verbosity=0)


def pages(client: Client) -> dict[str, tuple[str, str, dict]]:
    """label → (method, url, data) for every page measured, with an attempt started for them."""
    quiz = Quiz.objects.published().real().order_by("position", "id").first()
    client.get("/en/")
    client.post(f"/en/quizzes/{quiz.slug}/")
    attempt = Attempt.objects.latest("started_at")
    deck_page = client.get("/en/decks/").content.decode()
    deck = re.search(r'href="/en/decks/([\w-]+)/"', deck_page).group(1)
    study = re.search(r'href="(/en/decks/[\w-]+/study/[\w-]+/)"', client.get(f"/en/decks/{deck}/").content.decode())
    found = {
        "healthz": ("get", "/healthz", {}),
        "home": ("get", "/en/", {}),
        "quiz list": ("get", "/en/quizzes/", {}),
        "question": ("get", f"/en/attempts/{attempt.public_id}/q/1/", {}),
        "timeline": ("get", "/en/timeline/", {}),
        "leaderboard": ("get", "/en/leaderboard/", {}),
        "progress": ("get", "/en/progress/", {}),
    }
    if study:
        found["study"] = ("get", study.group(1), {})
    return found


def measure(client: Client, method: str, url: str, data: dict, repeat: int) -> tuple[float, float]:
    """(median, best) CPU ms of one request over `repeat` runs, after a warm-up."""
    for _ in range(5):
        getattr(client, method)(url, data)
    runs = []
    for _ in range(repeat):
        started = time.process_time()
        response = getattr(client, method)(url, data)
        runs.append((time.process_time() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(runs), min(runs)


def main() -> int:
    logging.getLogger("asts.request").setLevel(logging.WARNING)  # its lines would drown the table
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--profile", help="a page label: print its pyinstrument profile")
    args = parser.parse_args()
    prepare()
    client = Client()
    found = pages(client)
    if args.profile:
        from pyinstrument import Profiler  # noqa: PLC0415  (a dev requirement, only here)

        method, url, data = found[args.profile]
        measure(client, method, url, data, 5)
        profiler = Profiler(interval=0.0002)
        with profiler:
            for _ in range(args.repeat):
                getattr(client, method)(url, data)
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return 0
    print(f"{'page':<12} {'CPU ms median':>14} {'best':>8}")
    for label, (method, url, data) in found.items():
        median, best = measure(client, method, url, data, args.repeat)
        print(f"{label:<12} {median:>14.2f} {best:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Browser tests drive Debian's Chromium through Playwright (never `playwright install`)."""

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}: apt-get install chromium")
    skip = pytest.mark.skip(reason="no Chromium installed (apt-get install chromium); browser tests skipped")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def content(transactional_db):
    """live_server's database is flushed after each test: load the shipped bank for each one."""
    fixtures = sorted(str(p) for p in (Path(__file__).resolve().parents[2] / "fixtures" / "content").glob("*.json"))
    call_command("loaddata", *fixtures, verbosity=0)


@pytest.fixture
def shot(page):
    """Save a screenshot for people to look at (tests/browser/screenshots/, not committed)."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(name: str):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take


# The live game over real WebSockets (test_live_browser.py, test_live_screens.py) -----------------


@pytest.fixture(scope="session")
def daphne_server():
    """daphne, serving the project's ASGI application (pages, static files and WebSockets) in a
    thread of this process, so it sees the test database. Twisted's reactor runs once per process:
    one server for the session."""
    from channels.routing import ProtocolTypeRouter
    from daphne.endpoints import build_endpoint_description_strings
    from daphne.server import Server
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
    from django.core.asgi import get_asgi_application

    from asts_site.asgi import application

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = ProtocolTypeRouter(
        {
            "http": ASGIStaticFilesHandler(get_asgi_application()),
            "websocket": application.application_mapping["websocket"],
        }
    )
    server = Server(
        application=app,
        endpoints=build_endpoint_description_strings(host="127.0.0.1", port=port),
        signal_handlers=False,
    )
    threading.Thread(target=server.run, daemon=True).start()
    for _n in range(100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    yield server, f"http://127.0.0.1:{port}"


@pytest.fixture
def asgi_server(daphne_server):
    return daphne_server[1]


def _wait_for_sockets_to_finish(server, seconds: float = 10) -> None:
    """Until every WebSocket's consumer has run its disconnect: Channels closes old database
    connections there, which after the test would be a "Database access not allowed" traceback."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        running = [
            details
            for protocol, details in list(server.connections.items())
            if type(protocol).__name__ == "WebSocketProtocol"
            and not (details.get("application_instance") and details["application_instance"].done())
        ]
        if not running:
            return
        time.sleep(0.05)


@pytest.fixture
def contexts(browser, transactional_db, daphne_server):
    """Browser contexts closed before the test database is flushed, even when the test fails: an open
    page keeps its WebSocket, whose consumer would touch the database after the test (a "Database
    access not allowed" traceback at teardown)."""
    made = []

    def new(**options):
        made.append(browser.new_context(**options))
        return made[-1]

    yield new
    for context in made:
        context.close()
    _wait_for_sockets_to_finish(daphne_server[0])

"""Browser tests drive Debian's Chromium through Playwright (never `playwright install`)."""

import os
import shutil
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
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"],
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

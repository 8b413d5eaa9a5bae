import os

import pytest
from django.utils import translation

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be allowed there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Live-server threads would otherwise keep PostgreSQL connections open past the test database's teardown.
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def pytest_collection_modifyitems(config, items):
    """Browser tests last (a stable sort: the order is otherwise kept). Playwright's sync API leaves an
    event loop running in the main thread, and async_to_sync — which the live game's socket tests
    use — refuses to run where one is: after a browser test they would fail."""
    items.sort(key=lambda item: "tests/browser/" in str(item.path).replace("\\", "/"))


@pytest.fixture(autouse=True)
def _reset_language():
    """The test client activates languages; without this one test's language leaks into the next."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield

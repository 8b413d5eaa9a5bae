"""Settings for Handshake in Orbit, read from the environment.

Development needs nothing set: SQLite in the project folder, DEBUG on, a local-memory cache.
Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and REDIS_URL (docs/deploy.md).
"""

import os
import zoneinfo
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the app refuses to start without a secret key: "
            "set SECRET_KEY to a long random string (see docs/deploy.md)."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "daphne",  # first: its runserver serves WebSockets too, so `make run` plays the live game
    "modeltranslation",  # before the admin, so that its translated fields are patched in first
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "quiz",
]

MIDDLEWARE = [
    "asts_site.logging.RequestLogMiddleware",  # first: its timing covers every other middleware
    "django.middleware.security.SecurityMiddleware",
    "quiz.middleware.RejectMalformedRequestMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "quiz.middleware.LearnerTimeZoneMiddleware",  # the learner's day: the daily goal, dates shown
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "quiz.middleware.SecurityHeadersMiddleware",
    "quiz.middleware.PrivatePagesMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "asts_site.urls"
WSGI_APPLICATION = "asts_site.wsgi.application"
ASGI_APPLICATION = "asts_site.asgi.application"  # the live game's WebSockets (quiz/live/)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "quiz.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        # A reused connection is checked with a `SELECT 1` round trip at the start of each request:
        # the price of never failing a request on a connection the database dropped (a restart, a
        # failover). DB_HEALTH_CHECKS=0 saves it where connections are recycled by a pooler anyway.
        conn_health_checks=env_bool("DB_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers write to one file: wait for the lock instead of failing at once,
    # and let readers go on while one writes. Connections persist like PostgreSQL's (DB_CONN_MAX_AGE):
    # opening one, with its PRAGMA, cost about a tenth of a question page (bench/README.md).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails a request (and /healthz) in seconds instead of hanging it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", env_int("DB_CONNECT_TIMEOUT", 5))
    # Behind PgBouncer in transaction mode, server-side cursors do not survive between statements.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DB_DISABLE_SERVER_SIDE_CURSORS", False)

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Redis is a cache, not a single point of failure: when it is down or hung, reads miss and writes
    # are skipped (quiz/resilient_cache.py), so sessions and questions come from the database. A
    # healthy Redis answers in a millisecond, so a short timeout only bounds what an outage costs.
    REDIS_TIMEOUT = env_int("REDIS_TIMEOUT_MS", 300) / 1000
    CACHES = {
        "default": {
            "BACKEND": "quiz.resilient_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
                # After a failure each process leaves Redis alone this long, then tries again.
                "retry_seconds": env_int("REDIS_RETRY_SECONDS", 5),
            },
        }
    }
    # Sessions are written through to the database, so a Redis restart logs no one out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The layout's fixed parts, rendered once per process and language (quiz/base.html's {% cache %}):
# they depend only on the code, the templates and the catalogue, which change with a deploy, which
# restarts the processes. Local memory, not Redis: a round trip would cost more than it saves.
CACHES["layout"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "layout"}
# The live game's messages between consumers (quiz/live/). With REDIS_URL every app server's players
# and projector meet in one game; the in-memory layer serves one process (`make run`). The game's
# state is in the database either way: the layer only carries messages.
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # The layer waits for messages with BZPOPMIN for 5 s; redis-py 8 gives up reading after
                # 5 s by default, so a quiet socket's wait could end in a TimeoutError that drops every
                # player of that consumer (found by bench/live_bench.py). Read longer than the layer waits.
                "hosts": [{"address": REDIS_URL, "socket_timeout": 15}],
                "prefix": "asts:live:",
                "capacity": 500,
                "expiry": 30,
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# How long a cached question (quiz/content_cache.py) may live. Edits forget it at once in a shared
# cache (Redis); a local-memory cache is per process, so there this is how stale another worker may be.
CONTENT_CACHE_SECONDS = env_int("CONTENT_CACHE_SECONDS", 3600 if REDIS_URL else 60)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "quiz:progress"
LOGOUT_REDIRECT_URL = "quiz:home"

# Login throttling: five failures lock that username from that address for 15 minutes, and
# LOGIN_FAILED_USERNAMES_PER_ADDRESS usernames failing from one address lock the address
# (password spraying; quiz/throttling.py says why this is a handler of our own).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "quiz.throttling.LoginThrottleHandler"
LOGIN_FAILED_USERNAMES_PER_ADDRESS = env_int("LOGIN_FAILED_USERNAMES_PER_ADDRESS", 20)
# How many proxies in front of the app append to X-Forwarded-For (docs/deploy.md): 0 means the app
# is reached directly and REMOTE_ADDR is the client. One rule for axes and the join-code limit.
# (axes' AXES_IPWARE_* settings need django-ipware, which is not installed: they would do nothing.)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 0 or more, not {TRUSTED_PROXY_COUNT}")
AXES_CLIENT_IP_CALLABLE = "quiz.throttling.client_address"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The school's zone: what "15:00" means on an assignment of a class that keeps the default, and the
# zone of the admin's forms. Times are stored in UTC whatever it is (USE_TZ); each class may have its own.
TIME_ZONE = os.environ.get("TIME_ZONE", "") or "UTC"
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(
        f"TIME_ZONE must be an IANA time zone such as Europe/Moscow, not {TIME_ZONE!r}"
    ) from None
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["asts_site.formats"]  # "20 September 1963" in English (asts_site/formats/en)

MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGES[0][0]  # the first language: every text has it
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)  # every language of the interface
MODELTRANSLATION_FALLBACK_LANGUAGES = (MODELTRANSLATION_DEFAULT_LANGUAGE,)
# The tabbed admin would load jQuery UI from a CDN; we serve our own copy.
JQUERY_UI_URL = "quiz/vendor/jquery-ui.min.js"

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "asts_site.storage.StaticFilesStorage"
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Requests larger than this are refused with 400 before a view sees them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # load balancers probe app servers over plain http
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    LANGUAGE_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)

# One JSON object per line in production (asts_site/logging.py); readable lines in development.
# Every request is logged by asts_site.logging.RequestLogMiddleware at INFO (logger asts.request).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain" if DEBUG else "json")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "asts_site.logging.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # runserver prints each request already; production logs them here.
        "asts.request": {"level": os.environ.get("REQUEST_LOG_LEVEL", "WARNING" if DEBUG else "INFO")},
    },
}

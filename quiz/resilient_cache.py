"""Django's Redis cache, made to treat Redis as a cache and not as a single point of failure.

When Redis cannot be reached (stopped, hung, refusing writes), a read is a miss and a write is
skipped: cached_db sessions and quiz/content_cache.py then read the database, and requests go on.
After a failure the process leaves Redis alone for `retry_seconds` (OPTIONS, default 5), so a hung
Redis costs one socket timeout per interval instead of one per request, and the next operation
after the interval tries again. One warning is logged when Redis goes, one info line when it is back.

A write lost while Redis was away would leave the value from before the outage in Redis (a
session from before a log-out, a question from before an edit), so the keys of lost writes are
deleted first thing when Redis answers again. Errors that mean a wrong command (ResponseError),
`clear()`, and a missing key in `incr()` still raise as with Django's RedisCache.
"""

import logging
import threading
import time
from urllib.parse import urlsplit

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

# "Redis cannot serve us right now", as opposed to "this command is wrong".
UNREACHABLE = (
    redis.ConnectionError,  # refused, reset, wrong password, still loading its data
    redis.TimeoutError,  # hung: connected but silent
    redis.exceptions.ReadOnlyError,  # a replica during a failover
    redis.exceptions.OutOfMemoryError,  # full, with maxmemory-policy noeviction
    OSError,
)
# Lost writes remembered per process; past this many, the rest expire on their own.
MAX_LOST_KEYS = 10_000

_MISSING = object()


class _Outage:
    """Whether one Redis is usable, shared by every thread's cache object in this process (Django
    makes one cache object per thread, so state kept on the object would be found out per thread)."""

    def __init__(self, where: str, retry_seconds: float):
        self.where, self.retry_seconds = where, retry_seconds
        self.lock = threading.Lock()
        self.down = False
        self.retry_at = 0.0
        self.lost: set[tuple[str, int]] = set()  # (key, version) of writes that did not reach Redis

    def may_try(self) -> bool:
        if not self.down:  # the usual case, read without the lock
            return True
        with self.lock:
            if not self.down:
                return True
            now = time.monotonic()
            if now < self.retry_at:
                return False
            self.retry_at = now + self.retry_seconds  # this caller probes; the others keep skipping
            return True

    def failed(self, error: Exception, lost=()) -> None:
        with self.lock:
            was_down, self.down = self.down, True
            self.retry_at = time.monotonic() + self.retry_seconds
            self.remember(lost)
        if not was_down:
            logger.warning(
                "Redis at %s does not answer (%s: %s); using the database without the cache, "
                "trying Redis again every %g s",
                self.where,
                type(error).__name__,
                error,
                self.retry_seconds,
            )

    def skipped(self, lost=()) -> None:
        with self.lock:
            self.remember(lost)

    def remember(self, lost) -> None:
        room = MAX_LOST_KEYS - len(self.lost)
        self.lost.update(list(lost)[: max(room, 0)])

    def take_lost(self) -> set[tuple[str, int]]:
        if not self.lost:
            return set()
        with self.lock:
            lost, self.lost = self.lost, set()
        return lost

    def answered(self) -> None:
        if not self.down:
            return
        with self.lock:
            was_down, self.down = self.down, False
        if was_down:
            logger.info("Redis at %s answers again; the cache is back in use", self.where)


_outages: dict[tuple[str, str], _Outage] = {}
_outages_lock = threading.Lock()


def _outage_for(location: str, key_prefix: str, retry_seconds: float) -> _Outage:
    key = (location, key_prefix)
    with _outages_lock:
        if key not in _outages:
            _outages[key] = _Outage(_without_password(location), retry_seconds)
        outage = _outages[key]
    outage.retry_seconds = retry_seconds  # the latest settings win (tests change them)
    return outage


def _without_password(location: str) -> str:
    """The addresses for a log line: a REDIS_URL may carry a password."""
    urls = [urlsplit(url) for url in location.split(",")]
    return ",".join(url._replace(netloc=url.netloc.rpartition("@")[2]).geturl() for url in urls)


class _OneClientPerPool(RedisCacheClient):
    """Django's Redis client, keeping one redis.Redis object per connection pool. Django makes a new
    one for every operation, and redis-py's constructor copies its table of reply callbacks each
    time: about 0.1 ms of CPU per cache read, two or three reads a page (bench/README.md). The
    object only holds the pool, and redis-py allows sharing it between threads."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        retry_seconds = float(options.pop("retry_seconds", 5))  # not a redis-py connection option
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = _OneClientPerPool
        location = server if isinstance(server, str) else ",".join(server)
        self._outage = _outage_for(location, self.key_prefix, retry_seconds)

    def _call(self, operation, *args, fallback, lost=(), **kwargs):
        """`operation` against Redis, or `fallback` when Redis cannot be reached; `lost` are the
        (key, version) pairs whose new value would then not be in Redis."""
        if not self._outage.may_try():
            self._outage.skipped(lost)
            return fallback
        try:
            self._forget_lost()
            result = operation(*args, **kwargs)
        except UNREACHABLE as error:
            self._outage.failed(error, lost)
            return fallback
        except Exception:
            self._outage.answered()  # Redis answered, with an error for the caller (a missing key in incr())
            raise
        self._outage.answered()
        return result

    def _forget_lost(self) -> None:
        lost = self._outage.take_lost()
        if not lost:
            return
        by_version: dict[int, list[str]] = {}
        for key, version in lost:
            by_version.setdefault(version, []).append(key)
        try:
            for version, keys in by_version.items():
                super().delete_many(keys, version=version)
        except UNREACHABLE:
            self._outage.skipped(lost)  # still away: remember them for the next try
            raise

    def _versioned(self, keys, version) -> list[tuple[str, int]]:
        return [(key, self.version if version is None else version) for key in keys]

    def is_reachable(self) -> bool:
        """Whether this process uses Redis right now (for /readyz): false within `retry_seconds`
        of a failure, else whether Redis answers a cheap command."""
        return self._call(super().has_key, "readyz", fallback=None) is not None

    def get(self, key, default=None, version=None):
        return self._call(super().get, key, default, version=version, fallback=default)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, keys, version=version, fallback={})

    def has_key(self, key, version=None):
        return self._call(super().has_key, key, version=version, fallback=False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, key, value, timeout, version=version, fallback=False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call(
            super().set, key, value, timeout, version=version, fallback=None, lost=self._versioned([key], version)
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's contract: the keys that could not be stored.
        return self._call(
            super().set_many, data, timeout, version=version, fallback=list(data), lost=self._versioned(data, version)
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, key, timeout, version=version, fallback=False)

    def delete(self, key, version=None):
        return self._call(super().delete, key, version=version, fallback=False, lost=self._versioned([key], version))

    def delete_many(self, keys, version=None):
        self._call(super().delete_many, keys, version=version, fallback=None, lost=self._versioned(keys, version))

    def incr(self, key, delta=1, version=None):
        # Without Redis no key exists, and a missing key is what incr() reports with ValueError.
        result = self._call(super().incr, key, delta, version=version, fallback=_MISSING)
        if result is _MISSING:
            raise ValueError(f"Key '{key}' not found.")
        return result

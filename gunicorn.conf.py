"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py asts_site.wsgi` (docs/deploy.md).

Every value can be overridden from the environment, so one file serves a laptop, a container and
the benchmark (bench/run.py)."""

import os


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def _cores() -> int:
    # The cores this process may run on (a container's CPU set), not every core of the host.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two per core plus one keeps the cores busy while some workers wait on the database; more only
# adds switching and memory: on 2 cores 10 workers served fewer requests than 5 (docs/deploy.md).
workers = _env_int("WEB_CONCURRENCY", 2 * _cores() + 1)
# Threaded workers, chosen on purpose over sync ones: a sync worker closes the connection after every
# response (keepalive does nothing there), so every request paid for a new TCP connection, and a
# worker waiting on the database served nobody. gthread keeps connections alive (the load
# balancer's, a browser's) and lets a worker's other threads run while one waits on PostgreSQL or
# Redis. Measured with wrk on 2 busy cores, same minute: /healthz 1,300–1,950 rps against 430–560
# with sync, the question page 225–250 against 53–185 (bench/README.md). Python runs one thread of a
# worker at a time, so more threads do not add CPU: 4 cover the waits. Each thread holds its own
# database connection: workers × threads per server (docs/deploy.md, connection pooling).
# A gthread worker's heartbeat does not stop while a request runs, so `timeout` no longer kills a
# slow request; nothing here runs long (exports stream in chunks, imports are capped).
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = _env_int("GUNICORN_THREADS", 4)
# Recycle workers now and then, staggered, so a slow leak never reaches production memory limits.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", 500)
timeout = _env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 20
# Seconds an idle keep-alive connection stays open (threaded workers only: sync ones ignore it).
keepalive = _env_int("GUNICORN_KEEPALIVE", 5)
# Import the app once in the master and fork: less memory, and a broken deploy fails before any
# worker starts. Database connections are opened lazily per worker, so nothing is shared by fork.
preload_app = True


def when_ready(server):
    """In the master, after the app is loaded and before any worker is forked: do each worker's
    first-request work once (templates, URLs, catalogues), so a new or recycled worker starts warm."""
    from asts_site.warmup import warm  # noqa: PLC0415  (needs Django set up: the preloaded app did it)

    server.log.info("warmed %d templates before forking the workers", len(warm()))


# Heartbeat files on a RAM disk: a slow disk cannot make the master kill healthy workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# Trust X-Forwarded-* only from the load balancer's address.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips

# The app writes one JSON line per request itself (asts_site.logging); gunicorn's access log would
# repeat it. Set GUNICORN_ACCESS_LOG=- to get gunicorn's as well.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
capture_output = True

"""Structured logs: one JSON object per line, and one such line per request.

A log shipper (journald, Vector, Loki, CloudWatch …) can read the lines as they are; `jq` reads
them on a laptop. The request line carries what an operator asks first: which page, how long, how
many SQL queries (statements that read or write data; BEGIN/SAVEPOINT are not counted), which
status, and the request id the load balancer sent (X-Request-ID).
"""

import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from django.db import connection

request_logger = logging.getLogger("asts.request")

# Attributes every LogRecord has; anything else on a record came in through `extra=` and is logged.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


# Transaction control is not a query: SQLite sends BEGIN through the cursor, PostgreSQL's driver does not.
_CONTROL = ("BEGIN", "SAVEPOINT", "RELEASE", "ROLLBACK")


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        if not sql.startswith(_CONTROL):
            self.count += 1
        return execute(sql, params, many, context)


class RequestLogMiddleware:
    """Logs each request as one line (logger `asts.request`, level INFO) and tags the response
    with its request id. First in MIDDLEWARE, so the time includes every other middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        counter = _QueryCounter()
        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        if request_logger.isEnabledFor(logging.INFO):
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "queries": counter.count,
                    "request_id": request_id,
                    "user": _user_id(request),
                },
            )
        response.headers.setdefault("X-Request-ID", request_id)
        return response


def _user_id(request) -> int | None:
    """The signed-in user's id, only when the request looked them up anyway (no extra query)."""
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", None)
    if wrapped is None or not getattr(wrapped, "is_authenticated", False):
        return None
    return wrapped.pk

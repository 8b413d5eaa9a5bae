"""Limits on guessing: log-ins (django-axes, plus a limit per network address) and class join codes.
And the one rule for a request's client address behind the trusted proxies."""

import ipaddress
import logging

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def client_address(request) -> str:
    """The address of the browser behind the request.

    With TRUSTED_PROXY_COUNT = 0 it is REMOTE_ADDR: the app is reached directly, and an
    X-Forwarded-For header is whatever the client wrote. With N trusted proxies each appends the
    address it saw, so the Nth entry from the right is the one the outermost proxy saw; entries
    further left were written by the client and may be forged. A header too short to hold it (a
    request that bypassed the proxies) or not holding an address falls back to REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


# Log-ins -----------------------------------------------------------------------------------------


class LoginThrottleHandler(AxesDatabaseHandler):
    """axes' database handler, plus a limit on how many usernames may fail from one address.

    axes locks a username from an address after AXES_FAILURE_LIMIT failures (kept). Password
    spraying tries a few passwords on many usernames and never reaches that. A second lockout
    parameter list ["ip_address"] cannot be given its own threshold: axes compares the largest count
    of all lists with one AXES_FAILURE_LIMIT, and a callable limit cannot tell which list counted.
    And counting failures per address would let one student hammering their own locked username
    lock out a whole school behind one NAT. So this counts the distinct usernames that failed from
    the address within the cool-off (a success from there deletes that username's failures).
    """

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or self._address_is_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False) or not self._address_is_locked(request):
            return
        request.axes_locked_out = True
        request.axes_credentials = credentials
        request.login_paused_for_address = True  # registration/locked_out.html says why
        username = get_client_username(request, credentials)
        user_locked_out.send("axes", request=request, username=username, ip_address=request.axes_ip_address)

    def _address_is_locked(self, request) -> bool:
        failed = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
        )
        return failed.values("username").distinct().count() >= settings.LOGIN_FAILED_USERNAMES_PER_ADDRESS


# Join codes --------------------------------------------------------------------------------------

JOIN_WINDOW_SECONDS = 15 * 60
# A learner alone gets 10 wrong codes a quarter of an hour; an address shared by a school (one NAT)
# gets more, so a class mistyping the code on the board is not locked out by a few classmates.
JOIN_FAILURES_PER_LEARNER = 10
JOIN_FAILURES_PER_ADDRESS = 50


class FailureCounter:
    """Failures counted in the cache under several keys, each with its own limit, in a fixed
    window that starts with the first failure. Redis shares the counts between servers; a
    local-memory cache counts per process, which still slows a guesser down.

    The cache is a helper here, not a gate: when it fails, the action goes ahead (and is logged)."""

    def __init__(self, limits: dict[str, int], window: int):
        self.limits = limits
        self.window = window

    def exhausted(self) -> bool:
        try:
            counts = cache.get_many(list(self.limits))
        except Exception:  # each backend raises its own errors (redis.ConnectionError, …)
            logger.warning("throttle: the cache did not answer; not limiting", exc_info=True)
            return False
        return any(counts.get(key, 0) >= limit for key, limit in self.limits.items())

    def add_failure(self) -> None:
        for key in self.limits:
            try:
                cache.add(key, 0, timeout=self.window)  # only the first failure starts the window
                cache.incr(key)
            except ValueError:  # the key expired between add and incr: a new window
                cache.add(key, 1, timeout=self.window)
            except Exception:  # each backend raises its own errors (redis.ConnectionError, …)
                logger.warning("throttle: the cache did not answer; failure not counted", exc_info=True)
                return


def join_code_failures(request) -> FailureCounter:
    """Wrong join codes, counted per learner (every session of the account) and per address."""
    return FailureCounter(
        {
            f"throttle:join:user:{request.user.pk}": JOIN_FAILURES_PER_LEARNER,
            f"throttle:join:address:{client_address(request)}": JOIN_FAILURES_PER_ADDRESS,
        },
        window=JOIN_WINDOW_SECONDS,
    )

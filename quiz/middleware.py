"""Headers every response carries: a strict Content-Security-Policy (no inline script or style,
nothing from another origin) and a permissions policy that turns off what the app never uses;
no caching of a known learner's pages. And a guard that turns malformed requests into a 400 before
any view reads them."""

import functools

from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY
from django.core.exceptions import BadRequest
from django.utils import timezone

from .ownership import SESSION_KEY as LEARNER_SESSION_KEY

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


# Django's admin writes a few style attributes of its own; only its pages allow them.
ADMIN_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        is_admin = request.path.split("/")[2:3] == ["admin"]
        response.setdefault("Content-Security-Policy", ADMIN_CSP if is_admin else CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class PrivatePagesMiddleware:
    """Pages shown to a known learner carry their data (progress, results, cards, classes, and the
    username in the navigation of every page), and schools share computers: no browser or proxy may
    keep them. Known means a session holding a log-in or an anonymous learner's key. One rule for
    every page rather than a list of url names, so a new personal page cannot be forgotten; a public
    page seen by a known learner is not stored either, which costs only a re-download. Reading the
    session keys, not request.user, costs no query. A view that set Cache-Control keeps its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        known = session is not None and (AUTH_SESSION_KEY in session or LEARNER_SESSION_KEY in session)
        if known and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response


class RejectMalformedRequestMiddleware:
    """A Content-Length that is not a whole number makes Django's request.body raise ValueError (a 500).
    gunicorn and proxies refuse such requests themselves; this keeps it a 400 behind anything else too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = request.META.get("CONTENT_LENGTH", "")
        if length and not (length.isascii() and length.isdigit()):
            raise BadRequest("Content-Length is not a whole number")
        return self.get_response(request)


@functools.lru_cache(maxsize=256)
def _learner_zone(cookie: str):
    """The zone a `tz` cookie names, or None: checked by its form once per name and process (a form
    per request was a tenth of the middleware's time, and a school has a handful of zones)."""
    from .forms.habits import TimeZoneForm  # noqa: PLC0415  (forms load models: not at import time)

    form = TimeZoneForm({TimeZoneForm.COOKIE: cookie})
    return form.cleaned_data["tz"] if form.is_valid() else None


class LearnerTimeZoneMiddleware:
    """A learner's day is their own: site.js stores the browser's time zone in the `tz` cookie, and
    this turns it on for the request (dates shown, the daily goal, the new-card allowance). Without
    the cookie, or with a name the time-zone database does not know, the site's TIME_ZONE holds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = _learner_zone(request.COOKIES.get("tz", "")[:100])  # TimeZoneForm.COOKIE; bounded: a cache key
        if zone:
            timezone.activate(zone)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

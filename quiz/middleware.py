"""Headers every response carries: a strict Content-Security-Policy (no inline script or style,
nothing from another origin) and a permissions policy that turns off what the app never uses.
And a guard that turns malformed requests into a 400 before any view reads them."""

from django.core.exceptions import BadRequest

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

from functools import partial

from django.conf import settings
from django.urls import get_script_prefix, translate_url
from django.utils.text import capfirst
from django.utils.translation import get_language_info


def site(request):
    """The same page in every language, for the switcher and the hreflang links."""
    path = request.get_full_path()
    current = getattr(request, "LANGUAGE_CODE", None)
    languages = [
        {
            "code": code,
            "short": code.upper(),
            "name": capfirst(get_language_info(code)["name_local"]),
            "url": in_language(path, request, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    # A callable, so that only a page that shows it asks for the host: an error page about a bad
    # Host header must not raise again while it renders.
    return {"languages": languages, "origin": partial(_origin, request)}


def _origin(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def in_language(path: str, request, code: str) -> str:
    """`path` (this request's) in language `code`. Our addresses differ between languages only in their
    prefix (i18n_patterns; no path is translated), so swapping it gives what translate_url would, without
    resolving and reversing the URL on every page (tests/test_quiz_take.py compares the two)."""
    here = f"{get_script_prefix()}{getattr(request, 'LANGUAGE_CODE', '')}/"
    if path.startswith(here):
        return f"{get_script_prefix()}{code}/{path[len(here) :]}"
    return translate_url(path, code)  # an address without our prefix (an error page, say)

"""Work each app-server process would otherwise do on its first requests, done once in the gunicorn
master before it forks the workers (gunicorn.conf.py, `preload_app`): compiling every template of
the app, building the URL patterns in each language, reading the translation catalogues and the
static files' manifest. A worker — new at start or when one is recycled — then serves its first
pages as fast as the thousandth: the benchmark saw a worker's first views take 300–400 ms, enough to
miss the p99 budget with a few dozen requests a page. Nothing here touches the database, so no
connection is opened before the fork."""

import contextlib
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import reverse
from django.utils import formats, translation

APP_TEMPLATES = Path(__file__).resolve().parent.parent / "quiz" / "templates"


def warm() -> list[str]:
    """Compile the app's templates (and, through them, the admin's they extend); returns their names."""
    engine = engines["django"]
    compiled = []
    for path in sorted(APP_TEMPLATES.rglob("*.html")):
        name = path.relative_to(APP_TEMPLATES).as_posix()
        try:
            engine.get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):  # a partial of another engine's syntax: left for later
            continue
        compiled.append(name)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):  # loads the catalogue
            reverse("quiz:home")  # builds the reverse table for this language's prefix
            formats.get_format("DATE_FORMAT")  # imports the language's format module
    with contextlib.suppress(ValueError):  # no collectstatic yet (a development server): nothing to read
        staticfiles_storage.url("quiz/site.css")  # reads the manifest of hashed names
    return compiled

"""The error pages, in the visitor's language: Django's own views render 400.html, 403.html,
403_csrf.html and 404.html; two cases need more than a template.

- An attempt the learner cannot open gets a page that says why and how to go on (404).
- A server error is rendered without the database or the request's context, either of which may be
  what failed, in the language of the URL's prefix.
"""

from django.conf import settings
from django.http import Http404, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.views import defaults


class AttemptUnavailable(Http404):
    """An attempt this learner does not own: made in a session that has ended, made under another
    account, or no attempt at all. All three get the same page, so that a stranger holding a link
    learns nothing about whose it is."""

    def __init__(self, public_id, attempt=None):
        super().__init__("No attempt of this learner")
        self.public_id, self.attempt = public_id, attempt


def page_not_found(request, exception):
    if isinstance(exception, AttemptUnavailable):
        return attempt_unavailable(request, exception)
    return defaults.page_not_found(request, exception)


def attempt_unavailable(request, exception: AttemptUnavailable):
    """404 rather than 403: a 403 would tell a stranger that the attempt exists. The page offers to
    log in (back to the attempt, which the right account owns) or to start the quiz again."""
    attempt = exception.attempt
    context = {
        # The practice "quiz" has no page of its own: its get_absolute_url leads back to the timeline.
        "again_url": attempt.quiz.get_absolute_url() if attempt else reverse("quiz:quiz_list"),
        "resume_url": reverse("quiz:resume", args=[exception.public_id]),
    }
    return render(request, "quiz/attempt_unavailable.html", context, status=404)


def server_error(request):
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        body = loader.get_template("500.html").render({"home_url": f"/{language}/"})
    return HttpResponseServerError(body)

"""Pages that only read: home, the timeline, and the health checks for the load balancer."""

import functools
import logging
from collections import defaultdict
from datetime import timedelta
from itertools import groupby

from django.core.cache import caches
from django.db import connection
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import engines
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

from .. import habits, page_cache
from ..forms.pages import TimelineForm
from ..models import Attempt, Card, CardState, Deck, Fact, Period, Question, Quiz, Topic
from ..ownership import learner_for
from ..resilient_cache import ResilientRedisCache
from ..studying import start_of_day
from .classes import assignments_for

logger = logging.getLogger(__name__)


def home(request):
    """Action first: the quiz left open, the cards due today and the day's goal; then quizzes and topics."""
    learner = learner_for(request)
    context = {"catalogue": _catalogue(), "open_attempt": None, "due_today": 0, "habit": None}
    if learner.is_known:
        now = timezone.now()
        context["open_attempt"] = (
            Attempt.objects.owned_by(learner).unfinished().exclude(deadline__lte=now).select_related("quiz").first()
        )
        context["due_today"] = CardState.objects.owned_by(learner).due(start_of_day(now) + timedelta(days=1)).count()
        context["habit"] = habits.habit_for(learner, weeks=1)
    if request.user.is_authenticated:  # what the student's classes still expect, overdue first
        context["assignments"] = assignments_for(request.user, open_only=True)[:8]
    return render(request, "quiz/home.html", context)


def _catalogue() -> str:
    """The quizzes and topics, the same for every visitor in a language: rendered once per language
    and kept in quiz.page_cache. Rendered without the request, so nothing of the visitor gets in."""
    language = get_language()
    content = page_cache.get("home", language)
    if content is None:
        quizzes = list(Quiz.objects.published().with_question_counts().prefetch_related("topics"))
        context = {"quizzes": quizzes[:6], "topics": _topic_rows(quizzes)}
        content = render_to_string("quiz/_home_catalogue.html", context)
        page_cache.put("home", language, content)
    return mark_safe(content)  # noqa: S308 — our own render


def _topic_rows(quizzes) -> list[dict]:
    """Each topic with the ways into it: its quizzes, its deck and its part of the timeline."""
    deck = Deck.objects.published().filter(topic=OuterRef("pk")).order_by("position", "id")
    topics = Topic.objects.annotate(
        question_count=Count("questions", filter=Q(questions__is_published=True), distinct=True),
        dated_count=Count("facts", filter=Q(facts__happened_on__isnull=False), distinct=True),
        deck_slug=Subquery(deck.values("slug")[:1]),
    )
    by_topic = defaultdict(list)  # topic id → its quizzes, in the quizzes' order
    for quiz in quizzes:
        for topic in quiz.topics.all():
            by_topic[topic.pk].append(quiz)
    return [{"topic": topic, "quizzes": by_topic[topic.pk]} for topic in topics]


# The timeline page is quiz/timeline.html as it stands; only its content block is taken from the
# cache (quiz.page_cache). These two templates extend it: one renders the block and marks where it
# is, the other puts a cached copy in its place.
_MARK_START, _MARK_END = "<!--timeline-content-->", "<!--/timeline-content-->"
_RENDER_CONTENT = (
    '{% extends "quiz/timeline.html" %}{% block content %}'
    + _MARK_START
    + "{{ block.super }}"
    + _MARK_END
    + "{% endblock %}"
)
_CACHED_CONTENT = '{% extends "quiz/timeline.html" %}{% block content %}{{ cached_content }}{% endblock %}'


@functools.cache
def _template(source: str):
    return engines["django"].from_string(source)


def timeline(request):
    form = TimelineForm(request.GET)
    if not form.is_valid():
        raise Http404
    topic = form.cleaned_data["topic"]
    token = get_token(request)  # the same token in the layout and in the content's forms
    context = {"topic": topic, "form": form, "csrf_token": token}
    if topic:  # one topic's part is rendered each time: the whole timeline is what most visitors read
        return render(request, "quiz/timeline.html", {**context, "chapters": _chapters(topic)})
    language = get_language()
    content = page_cache.get("timeline", language, token)
    if content is not None:
        context["cached_content"] = mark_safe(content)  # noqa: S308 — our own render
        return HttpResponse(_template(_CACHED_CONTENT).render(context, request))
    html = _template(_RENDER_CONTENT).render({**context, "chapters": _chapters(None)}, request)
    before, _start, rest = html.partition(_MARK_START)
    content, _end, after = rest.partition(_MARK_END)
    page_cache.put("timeline", language, content, token)
    return HttpResponse(before + content + after)


def _chapters(topic) -> list[dict]:
    facts = (
        Fact.objects.filter(happened_on__isnull=False)
        .select_related("topic")
        .prefetch_related(
            Prefetch("questions", queryset=Question.objects.published().only("id", "fact_id")),
            Prefetch(
                "cards",
                queryset=Card.objects.filter(deck__is_published=True).select_related("deck"),
                to_attr="published_cards",
            ),
        )
        .order_by("happened_on", "position", "id")
    )
    if topic:
        facts = facts.filter(topic=topic)
    shown = set()
    for fact in facts:  # each picture once a page, beside the first fact that names it
        fact.picture = fact.picture_template if fact.illustration not in shown else None
        shown.add(fact.illustration)
    return [
        {"period": Period(period), "facts": list(group)} for period, group in groupby(facts, key=lambda f: f.period)
    ]


def _database_error() -> Exception | None:
    """None when the database answers `SELECT 1`; the error when it does not. A database that does
    not answer at all fails within DB_CONNECT_TIMEOUT seconds (settings), never hangs."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 — any database failure means "unhealthy"
        logger.warning("health check: the database does not answer: %r", error)
        return error
    return None


@never_cache
def healthz(request):
    """Liveness, for restarting a server: 200 when the database answers, 503 when it does not."""
    error = _database_error()
    if error is not None:
        return JsonResponse({"status": "unavailable", "database": type(error).__name__}, status=503)
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Readiness, for routing: the database and Redis reported apart. Only a database that does not
    answer makes it 503; without Redis the app serves from the database (quiz/resilient_cache.py), so
    that is "degraded", 200. Waits at most the database and Redis timeouts."""
    database = "ok" if _database_error() is None else "unavailable"
    cache = caches["default"]
    if not isinstance(cache, ResilientRedisCache):
        cache_state = "not configured"  # a local-memory cache, per process, always there
    else:
        cache_state = "ok" if cache.is_reachable() else "unavailable"
    if database != "ok":
        status = "unavailable"
    elif cache_state == "unavailable":
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse(
        {"status": status, "database": database, "cache": cache_state}, status=503 if status == "unavailable" else 200
    )

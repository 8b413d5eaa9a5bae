"""Pages that only read: home, the timeline, and the health check."""

import logging
from itertools import groupby

from django.db import connection
from django.db.models import Count, Prefetch, Q
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from ..models import Card, Fact, Period, Question, Quiz, Topic
from .classes import assignments_for

logger = logging.getLogger(__name__)


def home(request):
    context = {
        "quizzes": Quiz.objects.published().with_question_counts()[:6],
        "topics": Topic.objects.annotate(question_count=Count("questions", filter=Q(questions__is_published=True))),
    }
    if request.user.is_authenticated:  # what the student's classes still expect, overdue first
        context["assignments"] = assignments_for(request.user, open_only=True)[:8]
    return render(request, "quiz/home.html", context)


def timeline(request):
    facts = (
        Fact.objects.filter(happened_on__isnull=False)
        .select_related("topic")
        .prefetch_related(
            Prefetch("questions", queryset=Question.objects.published().only("id", "fact_id")),
            Prefetch("cards", queryset=Card.objects.filter(deck__is_published=True).select_related("deck"),
                     to_attr="published_cards"),
        )
        .order_by("happened_on", "position", "id")
    )
    chapters = [
        {"period": Period(period), "facts": list(group)} for period, group in groupby(facts, key=lambda f: f.period)
    ]
    return render(request, "quiz/timeline.html", {"chapters": chapters})


@never_cache
def healthz(request):
    """For the load balancer: 200 when the database answers, 503 when it does not. A database that
    does not answer at all fails within DB_CONNECT_TIMEOUT seconds (settings), never hangs."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 — any database failure means "unhealthy"
        logger.warning("healthz: the database does not answer: %r", error)
        return JsonResponse({"status": "unavailable", "database": type(error).__name__}, status=503)
    return JsonResponse({"status": "ok"})

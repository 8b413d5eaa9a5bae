"""Pages that only read: home, the timeline, and the health check."""

from itertools import groupby

from django.db import connection
from django.db.models import Count, Prefetch, Q
from django.http import JsonResponse
from django.shortcuts import render

from ..models import Card, Fact, Period, Question, Quiz, Topic


def home(request):
    context = {
        "quizzes": Quiz.objects.published().with_question_counts()[:6],
        "topics": Topic.objects.annotate(question_count=Count("questions", filter=Q(questions__is_published=True))),
    }
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


def healthz(request):
    """For the load balancer: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 — any database failure means "unhealthy"
        return JsonResponse({"status": "unavailable", "database": type(error).__name__}, status=503)
    return JsonResponse({"status": "ok"})

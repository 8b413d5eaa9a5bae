"""The teacher's workspace outside the admin: the start page, assigning a quiz, the printable quiz,
the class memory forecast. Staff only; everything a teacher reads is their own classes' work."""

import datetime
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import fairness, forecast, printing, workspace
from ..forms.teach import AssignQuizForm, ForecastForm, PrintForm, ReviewAssignForm
from ..models import Attempt, Classroom, Quiz


def teacher_required(view):
    """Logged-in staff (teachers and superusers); a student gets 403, a visitor the login page."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@teacher_required
def start(request):
    return _start_page(request, AssignQuizForm(teacher=request.user))


def _start_page(request, form, status=200):
    teacher = request.user
    gaps_total, gaps = workspace.translation_gaps()
    flagged_total, flagged = workspace.flagged_questions(teacher)
    context = {
        "classes": workspace.classes_of(teacher),
        "recent": workspace.recent_results(teacher),
        "gaps": gaps,
        "gaps_total": gaps_total,
        "flagged": flagged,
        "flagged_total": flagged_total,
        "form": form,
        "fairness": workspace.fairness_rows(Attempt.objects.visible_to(teacher)),
        "min_answers": fairness.MIN_PER_GROUP,
    }
    return render(request, "quiz/teach/start.html", context, status=status)


@require_POST
@teacher_required
def assign(request):
    form = AssignQuizForm(request.POST, teacher=request.user)
    if not form.is_valid():
        return _start_page(request, form, status=400)
    assignment = form.save()
    if assignment is None:
        messages.info(request, _("This quiz was assigned to the class already."))
    else:
        messages.success(
            request,
            _("“%(quiz)s” is assigned to %(classroom)s.")
            % {"quiz": assignment.quiz.title, "classroom": assignment.classroom.name},
        )
    return redirect("quiz:teach")


@teacher_required
def print_quiz(request, slug):
    """The quiz on paper, with its answer key on a page of its own (so teachers only)."""
    quiz = get_object_or_404(Quiz.objects.real(), slug=slug)
    form = PrintForm(request.GET or {"language": PrintForm.BOTH})  # no choice: side by side
    if not form.is_valid():
        raise Http404  # a language the site does not have
    context = {"quiz": quiz, "form": form, "items": printing.printable(quiz, form.codes())}
    return render(request, "quiz/teach/print.html", context)


def _get_classroom_for_teacher(request, pk) -> Classroom:
    """The teacher's own class (any for a superuser); another teacher's is a 404 like a missing one."""
    return get_object_or_404(Classroom.objects.visible_to(request.user), pk=pk)


@teacher_required
def memory_forecast(request, pk):
    classroom = _get_classroom_for_teacher(request, pk)
    return _forecast_page(request, classroom, ReviewAssignForm(classroom=classroom))


def _forecast_page(request, classroom, review_form, status=200):
    now = timezone.now()
    today = timezone.localdate(now, classroom.zone)
    day = today + datetime.timedelta(days=7)  # a week ahead unless the teacher picks a day
    form = ForecastForm(request.GET or None, today=today, initial={"on": day})
    if form.is_bound:
        if form.is_valid():
            day = form.cleaned_data["on"]
        else:
            status = 400
    # The chosen day at 9:00 where the class is: a morning lesson.
    then = max(now, datetime.datetime.combine(day, datetime.time(9), tzinfo=classroom.zone))
    context = {
        "classroom": classroom,
        "form": form,
        "day": day,
        "review_form": review_form,
        "rows": forecast.class_forecast(classroom, now, then),
        "likely": round(100 * forecast.LIKELY),
    }
    return render(request, "quiz/teach/forecast.html", context, status=status)


@require_POST
@teacher_required
def forecast_assign(request, pk):
    classroom = _get_classroom_for_teacher(request, pk)
    form = ReviewAssignForm(request.POST, classroom=classroom)
    if not form.is_valid():
        return _forecast_page(request, classroom, form, status=400)
    topic = form.cleaned_data["topic"]
    forecast.assign_review(classroom=classroom, topic=topic, due_at=form.due_at())
    day = date_format(form.cleaned_data["due_date"], "DATE_FORMAT")
    messages.success(
        request,
        _("Assigned to %(classroom)s: review “%(topic)s” before %(day)s.")
        % {"classroom": classroom.name, "topic": topic.title, "day": day},
    )
    return redirect("quiz:teach_forecast", pk=classroom.pk)

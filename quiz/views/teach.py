"""The teacher's workspace outside the admin: the start page, assigning a quiz, the printable quiz,
the class memory forecast. Staff only; everything a teacher reads is their own classes' work."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import fairness, printing, workspace
from ..forms.teach import AssignQuizForm, PrintForm
from ..models import Attempt, Quiz


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
        "fairness": workspace.fairness_rows(Attempt.objects.visible_to(teacher))[: workspace.ATTENTION_ROWS],
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
    form = PrintForm(request.GET)  # no choice: every language side by side
    if not form.is_valid():
        raise Http404  # a language the site does not have
    context = {"quiz": quiz, "form": form, "items": printing.printable(quiz, form.codes())}
    return render(request, "quiz/teach/print.html", context)

"""The teacher's workspace outside the admin: the start page, assigning a quiz, the printable quiz,
the class memory forecast. Staff only; everything a teacher reads is their own classes' work."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import fairness, workspace
from ..forms.teach import AssignQuizForm
from ..models import Attempt


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

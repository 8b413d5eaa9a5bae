"""A student's classes: join one with the teacher's code, and see what is assigned and overdue."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..forms.classes import JoinClassForm
from ..models import Assignment, Membership
from ..throttling import join_code_failures


def assignments_for(user, open_only: bool = False):
    """The assignments of a student's classes, each with `done`, soonest due first (one query)."""
    assignments = (
        Assignment.objects.for_student(user)
        .with_done_by(user)
        .select_related("quiz", "classroom")
        .order_by(F("due_at").asc(nulls_last=True), "id")
    )
    return assignments.filter(done=False) if open_only else assignments


@login_required
def classes(request):
    # A class's join link (its QR code) fills the code in; the student still presses Join.
    initial = {"code": request.GET.get("code", "")[:20]}
    form = JoinClassForm(request.POST or None, initial=initial, user=request.user, failures=join_code_failures(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            membership = form.save()
            messages.success(request, _("You have joined the class “%(name)s”.") % {"name": membership.classroom.name})
            return redirect("quiz:classes")
        status = 429 if form.has_error("code", "throttled") else 400
    memberships = Membership.objects.filter(student=request.user).select_related("classroom__teacher")
    by_class = {
        classroom_id: list(group)
        for classroom_id, group in groupby(
            sorted(assignments_for(request.user), key=lambda a: a.classroom_id), key=lambda a: a.classroom_id
        )
    }
    rows = [
        {"classroom": m.classroom, "membership": m, "assignments": by_class.get(m.classroom_id, [])}
        for m in memberships
    ]
    return render(request, "quiz/classes.html", {"form": form, "rows": rows}, status=status)

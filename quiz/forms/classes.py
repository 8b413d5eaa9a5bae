"""Classes: a student joins with a code, and starts an assigned quiz."""

import re

from django import forms
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import Assignment, Classroom, Membership
from ..throttling import FailureCounter


class JoinClassForm(forms.Form):
    code = forms.CharField(
        label=_("Join code"),
        max_length=20,
        help_text=_("Six letters and digits, from your teacher."),
        error_messages={"required": _("Type the code your teacher gave you.")},
    )

    def __init__(self, *args, user, failures: FailureCounter, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.failures = failures
        self.classroom = None

    def clean_code(self):
        # Codes are few among 887 million: guessing one must be slow. Checked before the lookup, so
        # that a right code is refused too until the window passes (no hint which guess was right).
        if self.failures.exhausted():
            minutes = self.failures.window // 60
            raise forms.ValidationError(
                ngettext(
                    "Too many wrong codes. Check the code with your teacher and try again in %(counter)s minute.",
                    "Too many wrong codes. Check the code with your teacher and try again in %(counter)s minutes.",
                    minutes,
                ),
                params={"counter": minutes},
                code="throttled",
            )
        # Codes are read aloud and copied from a board: ignore case, spaces and dashes.
        code = re.sub(r"[\s-]+", "", self.cleaned_data["code"]).upper()
        classroom = Classroom.objects.filter(join_code=code).first()
        if classroom is None:
            self.failures.add_failure()
            raise forms.ValidationError(
                _("No class has the code %(code)s. Check it with your teacher."), params={"code": code}, code="unknown"
            )
        if classroom.memberships.filter(student=self.user).exists():
            raise forms.ValidationError(
                _("You are already in the class “%(name)s”."), params={"name": classroom.name}, code="joined"
            )
        self.classroom = classroom
        return code

    def save(self) -> Membership:
        try:
            with transaction.atomic():
                return Membership.objects.create(classroom=self.classroom, student=self.user)
        except IntegrityError:  # a double click: the first request joined already
            return Membership.objects.get(classroom=self.classroom, student=self.user)


class StartAttemptForm(forms.Form):
    """Starting a quiz, for an assignment of one of the student's classes or not."""

    assignment = forms.ModelChoiceField(
        queryset=Assignment.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("This quiz was not assigned to a class you are in.")},
    )

    def __init__(self, *args, user, quiz, **kwargs):
        super().__init__(*args, **kwargs)
        if user.is_authenticated:
            self.fields["assignment"].queryset = (
                Assignment.objects.for_student(user).filter(quiz=quiz).select_related("classroom")
            )

"""Forms of the teacher's start page: assign a quiz to one of one's classes, due at a local time."""

import datetime

from django import forms
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from ..models import Assignment, Classroom, Quiz


class AssignQuizForm(forms.Form):
    classroom = forms.ModelChoiceField(
        label=_("Class"),
        queryset=Classroom.objects.none(),
        error_messages={"invalid_choice": _("Choose one of your classes.")},
    )
    quiz = forms.ModelChoiceField(
        label=_("Quiz"),
        queryset=Quiz.objects.none(),
        error_messages={"invalid_choice": _("Choose a published quiz.")},
    )
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for no due date."),
    )
    due_time = forms.TimeField(
        label=_("Due time"),
        required=False,
        initial=datetime.time(23, 59),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("In the class’s time zone."),
    )

    def __init__(self, *args, teacher, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here, not at import: the quiz titles are read in the active language.
        self.fields["classroom"].queryset = Classroom.objects.filter(teacher=teacher).order_by("name", "id")
        self.fields["quiz"].queryset = Quiz.objects.published().real().order_by("position", "id")

    def clean(self):
        cleaned = super().clean()
        classroom, quiz = cleaned.get("classroom"), cleaned.get("quiz")
        if cleaned.get("due_time") and not cleaned.get("due_date"):
            self.add_error("due_date", _("Give the day as well as the time."))
        if classroom and quiz and Assignment.objects.filter(classroom=classroom, quiz=quiz).exists():
            raise forms.ValidationError(
                _("“%(quiz)s” is already assigned to %(classroom)s: change its due date on the class’s page."),
                params={"quiz": quiz.title, "classroom": classroom.name},
                code="assigned",
            )
        return cleaned

    def due_at(self) -> datetime.datetime | None:
        """The due date as an instant: the day and time read in the class's time zone."""
        day = self.cleaned_data.get("due_date")
        if day is None:
            return None
        time = self.cleaned_data.get("due_time") or datetime.time(23, 59)
        return datetime.datetime.combine(day, time, tzinfo=self.cleaned_data["classroom"].zone)

    def save(self) -> Assignment | None:
        """The new assignment, or None when a simultaneous request made it first."""
        try:
            with transaction.atomic():
                return Assignment.objects.create(
                    classroom=self.cleaned_data["classroom"], quiz=self.cleaned_data["quiz"], due_at=self.due_at()
                )
        except IntegrityError:
            return None


class PrintForm(forms.Form):
    """Which language(s) a printed quiz shows: one, or all side by side (read from the query string)."""

    BOTH = "both"
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .. import languages

        self.fields["language"].choices = [
            *((code, languages.local_name(code)) for code in languages.codes()),
            (self.BOTH, _("Side by side")),
        ]

    def codes(self) -> list[str]:
        from .. import languages

        chosen = self.cleaned_data.get("language") or self.BOTH
        return languages.codes() if chosen == self.BOTH else [chosen]

"""Forms of the teacher's start page: assign a quiz to one of one's classes, due at a local time."""

import datetime

from django import forms
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from ..models import Assignment, Classroom, Quiz, Topic


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


class ForecastForm(forms.Form):
    """The day the memory forecast looks at (from the query string), within a year from today."""

    on = forms.DateField(label=_("On"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_on(self):
        day = self.cleaned_data["on"]
        if not self.today <= day <= self.today + datetime.timedelta(days=365):
            raise forms.ValidationError(_("Choose a day from today to a year from now."), code="range")
        return day


class ReviewAssignForm(forms.Form):
    """Turn the forecast of a topic into an assignment: review it before a day."""

    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("That topic has no questions to review.")},
    )
    due_date = forms.DateField(label=_("Review before"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, classroom: Classroom, **kwargs):
        super().__init__(*args, **kwargs)
        self.classroom = classroom
        self.fields["topic"].queryset = Topic.objects.filter(questions__is_published=True).distinct()

    def due_at(self) -> datetime.datetime:
        """The end of the chosen day where the class is."""
        return datetime.datetime.combine(
            self.cleaned_data["due_date"], datetime.time(23, 59), tzinfo=self.classroom.zone
        )

"""The teachers' admin pages: importing the question bank, and choosing what statistics cover."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Classroom, Quiz, Topic

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("JSON in the fixtures format (as exported here), or CSV in UTF-8 with one question a row."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is too large: 5 MB at most."))
        name = upload.name.lower()
        if not name.endswith((".json", ".csv")):
            raise forms.ValidationError(_("Choose a .json or a .csv file."))
        return upload

    @property
    def format(self) -> str:
        return "json" if self.cleaned_data["file"].name.lower().endswith(".json") else "csv"


class StatisticsFilterForm(forms.Form):
    quiz = forms.ModelChoiceField(
        queryset=Quiz.objects.none(), required=False, label=_("Quiz"), empty_label=_("All quizzes")
    )
    classroom = forms.ModelChoiceField(
        queryset=Quiz.objects.none(), required=False, label=_("Class"), empty_label=_("All students")
    )
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.none(), required=False, label=_("Topic"), empty_label=_("All topics")
    )
    flag = forms.ChoiceField(required=False, label=_("Flag"))
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, user, flags: dict, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per request: querysets made at import time would freeze the language (NOTES-i18n).
        self.fields["quiz"].queryset = Quiz.objects.order_by("position", "id")
        self.fields["classroom"].queryset = Classroom.objects.visible_to(user)
        self.fields["topic"].queryset = Topic.objects.order_by("position", "id")
        self.fields["flag"].choices = [("", _("All questions")), *flags.items()]

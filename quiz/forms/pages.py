"""Inputs of the reading pages: which topic's part of the timeline to show."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Topic


class TimelineForm(forms.Form):
    # A queryset built per form: the topic titles follow the language active when the page is drawn.
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.all()

"""The daily goal, and the browser's time zone that decides when a learner's day begins."""

import functools
import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import DailyGoal, GoalKind


@functools.cache
def _known_zones() -> frozenset[str]:
    # Read once per process: listing the database walks the zoneinfo files.
    return frozenset(zoneinfo.available_timezones())


class TimeZoneForm(forms.Form):
    """The `tz` cookie site.js writes (Intl's resolvedOptions().timeZone). Anything the time-zone
    database does not know is refused, so the name can never reach a file path."""

    COOKIE = "tz"
    tz = forms.CharField(max_length=64, required=False)

    def clean_tz(self):
        name = self.cleaned_data["tz"]
        if name and name not in _known_zones():
            raise forms.ValidationError(_("Unknown time zone."), code="unknown")
        return zoneinfo.ZoneInfo(name) if name else None


class DailyGoalForm(forms.ModelForm):
    kind = forms.TypedChoiceField(
        label=_("What counts as a day's study"),
        choices=GoalKind.choices,
        widget=forms.RadioSelect,
        initial=GoalKind.EITHER,
    )
    cards = forms.IntegerField(
        label=_("Flashcards a day"),
        min_value=1,
        max_value=200,
        help_text=_("From 1 to 200. Each card you rate counts, new or review."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "goal-cards"}),
    )

    class Meta:
        model = DailyGoal
        fields = ["kind", "cards"]

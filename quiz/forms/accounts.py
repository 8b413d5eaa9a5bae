"""Accounts: signing up (with an optional leaderboard name), logging in, and the public profile."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..models import Profile

DISPLAY_NAME_HELP = _(
    "Shown on the leaderboard instead of your username. Leave it empty to appear as “Student” and a short code."
)
NOT_YOUR_USERNAME = _("Choose a display name different from your username: your username stays private.")


def _clean_display_name(name: str, username: str) -> str:
    # The leaderboard must never show a username, so a display name may not repeat it.
    name = " ".join(name.split())
    if name and username and name.casefold() == username.casefold():
        raise forms.ValidationError(NOT_YOUR_USERNAME, code="username")
    return name


class SignupForm(UserCreationForm):
    """Username, password twice and an optional display name; the validators and the messages
    for a taken username or a weak password are Django's own (translated)."""

    display_name = forms.CharField(
        label=_("Display name (optional)"), max_length=40, required=False, help_text=DISPLAY_NAME_HELP
    )

    class Meta(UserCreationForm.Meta):
        fields = ("username",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocomplete="username", autocapitalize="none")

    def clean(self):
        cleaned = super().clean()
        if "display_name" in cleaned:
            try:
                cleaned["display_name"] = _clean_display_name(cleaned["display_name"], cleaned.get("username", ""))
            except forms.ValidationError as error:
                self.add_error("display_name", error)
        return cleaned

    @transaction.atomic
    def save(self, commit=True):
        user = super().save(commit=True)
        Profile.objects.create(user=user, display_name=self.cleaned_data.get("display_name", ""))
        return user


class UsernameLengthMixin:
    """AuthenticationForm sets the username's max_length after the field is built, so nothing checks
    it: an overlong name reached django-axes, whose failure record is 255 characters wide (a 500 on
    PostgreSQL). Checked here, the form answers with the usual "at most 150 characters" instead, and
    no one is authenticated, so nothing is recorded."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class LoginForm(UsernameLengthMixin, AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocapitalize="none")


class AdminLoginForm(UsernameLengthMixin, AdminAuthenticationForm):
    """The admin's login form (quiz.admin sets it on the site), with the same check."""


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ("display_name", "show_on_leaderboard")
        help_texts = {"display_name": DISPLAY_NAME_HELP}

    def clean_display_name(self):
        return _clean_display_name(self.cleaned_data["display_name"], self.instance.user.get_username())


class HistoryPageForm(forms.Form):
    """?page= of My progress; anything but a sensible page number is a 404."""

    page = forms.IntegerField(min_value=1, max_value=100_000, required=False)

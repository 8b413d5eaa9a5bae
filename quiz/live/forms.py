"""Every input of the live game goes through a form: the teacher's settings and moves, the join
code, the nickname, and each message a socket receives."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import LiveGame
from ..throttling import FailureCounter
from . import services

SECONDS_CHOICES = [
    ("", _("No time limit")),
    ("10", _("10 seconds")),
    ("20", _("20 seconds")),
    ("30", _("30 seconds")),
    ("60", _("1 minute")),
    ("90", _("1½ minutes")),
]
TEAM_CHOICES = [("0", _("Everyone for themselves")), ("2", _("2 teams")), ("3", _("3 teams")), ("4", _("4 teams"))]


class CreateGameForm(forms.Form):
    scoring = forms.ChoiceField(
        label=_("Points"),
        choices=LiveGame.Scoring.choices,
        initial=LiveGame.Scoring.CORRECT,
        widget=forms.RadioSelect,
        help_text=_("Points for correct answers only is fairer to students who read or type more slowly."),
    )
    seconds = forms.TypedChoiceField(
        label=_("Time per question"),
        choices=SECONDS_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        initial="20",
    )
    teams = forms.TypedChoiceField(
        label=_("Play"),
        choices=TEAM_CHOICES,
        coerce=int,
        initial="0",
        help_text=_("Teams are drawn at random when the game starts, with balanced sizes."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scoring") == LiveGame.Scoring.SPEED and not cleaned.get("seconds"):
            self.add_error("seconds", _("A speed bonus needs a time per question."))
        return cleaned


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Game code"),
        max_length=20,
        help_text=_("The six digits on the projector."),
        error_messages={"required": _("Type the code shown on the projector.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "autocapitalize": "off"}),
    )

    def __init__(self, *args, failures: FailureCounter, **kwargs):
        super().__init__(*args, **kwargs)
        self.failures = failures
        self.game = None

    def clean_code(self):
        # Six digits are few: a guesser must be slow. Checked before the lookup, so that a right code
        # is refused too until the window passes (no hint which guess was right).
        if self.failures.exhausted():
            minutes = self.failures.window // 60
            raise ValidationError(
                ngettext(
                    "Too many wrong codes. Try again in %(counter)s minute.",
                    "Too many wrong codes. Try again in %(counter)s minutes.",
                    minutes,
                ),
                params={"counter": minutes},
                code="throttled",
            )
        code = re.sub(r"[\s-]+", "", self.cleaned_data["code"])
        self.game = LiveGame.objects.open().filter(code=code).first() if code.isdigit() else None
        if self.game is None:
            self.failures.add_failure()
            raise ValidationError(
                _("No game is open with the code %(code)s. Check the projector."),
                params={"code": code[:10]},
                code="unknown",
            )
        return code


class NicknameForm(forms.Form):
    nickname = forms.CharField(
        label=_("Nickname"),
        max_length=40,
        help_text=_("Shown on the projector. Be kind: the whole class sees it."),
        error_messages={"required": _("Choose a nickname.")},
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_nickname(self):
        try:
            return services.check_nickname(self.cleaned_data["nickname"], user=self.user)
        except services.Refused as refused:
            raise ValidationError(str(refused), code="refused") from None


class ControlForm(forms.Form):
    """A move of the host, from the projector's socket or its buttons without JavaScript."""

    action = forms.ChoiceField(choices=[(action, action) for action in services.ACTIONS])
    player = forms.UUIDField(required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "remove" and not cleaned.get("player"):
            self.add_error("player", _("Which player?"))
        return cleaned


class AnswerFieldsField(forms.Field):
    """The answer form's fields as a socket sends them: {"choice": token}, {"choices": [tokens]},
    {"number": "1975"} or {"place_<token>": "2", …}. Only the shape is checked here; the question's
    own AnswerForm checks the values."""

    def to_python(self, value):
        if value in (None, ""):
            return {}
        if not isinstance(value, dict) or len(value) > 20:
            raise ValidationError("fields must be an object of at most 20 entries", code="shape")
        for name, item in value.items():
            items = item if isinstance(item, list) else [item]
            if (
                len(name) > 60
                or len(items) > 20
                or not all(isinstance(i, str | int) and len(str(i)) <= 60 for i in items)
            ):
                raise ValidationError("each field is a short text or a list of them", code="shape")
        return {name: [str(i) for i in item] if isinstance(item, list) else str(item) for name, item in value.items()}


class SocketAnswerForm(forms.Form):
    q = forms.IntegerField(min_value=0, max_value=10_000)
    fields = AnswerFieldsField()

"""Every input goes through a form; one module per feature (answers, study, accounts, classes)."""

from .accounts import HistoryPageForm, LoginForm, ProfileForm, SignupForm
from .answers import AnswerForm, ResultFilterForm
from .habits import DailyGoalForm, TimeZoneForm
from .study import RatingForm, ShowCardForm

__all__ = [
    "AnswerForm",
    "DailyGoalForm",
    "HistoryPageForm",
    "LoginForm",
    "ProfileForm",
    "RatingForm",
    "ResultFilterForm",
    "ShowCardForm",
    "SignupForm",
    "TimeZoneForm",
]

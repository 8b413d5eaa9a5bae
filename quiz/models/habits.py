"""A daily habit: the goal a learner sets. What they studied on each day is not stored again: it is
read from their answers, finished quizzes and flashcard reviews (quiz.habits), which sign-up already
moves to their account. Each change of goal is a row of its own from that day on, so a new goal never
rewrites whether an earlier day was met."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .owned import Owned, OwnedQuerySet


class GoalKind(models.TextChoices):
    EITHER = "either", _("Flashcards or a quiz, whichever comes first")
    CARDS = "cards", _("Flashcards only")
    QUIZ = "quiz", _("One whole quiz")


DEFAULT_CARDS = 10


class DailyGoal(Owned):
    """What counts as a day's study, from `since` (the learner's date) on. A learner who never chose
    has the default: ten flashcards or one quiz."""

    kind = models.CharField(_("goal"), max_length=8, choices=GoalKind.choices, default=GoalKind.EITHER)
    cards = models.PositiveSmallIntegerField(_("flashcards a day"), default=DEFAULT_CARDS)
    since = models.DateField(_("from"), default=timezone.localdate)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["since", "id"]
        verbose_name = _("daily goal")
        verbose_name_plural = _("daily goals")
        constraints = [
            # One goal per learner and day: changing it twice in a day changes that day's row.
            models.UniqueConstraint(
                fields=["user", "since"], condition=Q(user__isnull=False), name="dailygoal_once_a_day_per_user"
            ),
            models.UniqueConstraint(
                fields=["anon_key", "since"], condition=Q(user__isnull=True), name="dailygoal_once_a_day_per_anon"
            ),
            models.CheckConstraint(condition=Q(cards__gte=1, cards__lte=200), name="dailygoal_cards_1_to_200"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.cards})"

    def is_met(self, *, cards: int, quizzes: int) -> bool:
        by_cards = cards >= self.cards
        by_quiz = quizzes >= 1
        if self.kind == GoalKind.CARDS:
            return by_cards
        if self.kind == GoalKind.QUIZ:
            return by_quiz
        return by_cards or by_quiz

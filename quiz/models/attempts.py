"""A learner's run through a quiz, and their answer to each question."""

import uuid
from datetime import timedelta

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import rounding
from .content import Question, Quiz
from .owned import Owned, OwnedQuerySet


class AttemptQuerySet(OwnedQuerySet):
    def finished(self):
        return self.filter(submitted_at__isnull=False)

    def unfinished(self):
        return self.filter(submitted_at__isnull=True)

    def visible_to(self, user):
        """A teacher sees the attempts made for their classes and those of their students; a
        superuser every attempt."""
        if user.is_superuser:
            return self
        mine = Attempt.objects.filter(
            models.Q(classroom__teacher=user) | models.Q(user__memberships__classroom__teacher=user)
        )
        return self.filter(pk__in=mine.values("pk"))

    def exams_in_progress(self, now=None):
        """Open attempts that must not tell right from wrong before they end: feedback at the end,
        or a time limit that has not run out."""
        now = now or timezone.now()
        exam = models.Q(quiz__feedback=Quiz.Feedback.END) | models.Q(deadline__isnull=False)
        return self.unfinished().filter(exam).exclude(deadline__lte=now)


class Attempt(Owned):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("quiz"))
    classroom = models.ForeignKey(
        "quiz.Classroom",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attempts",
        verbose_name=_("class"),
    )
    assignment = models.ForeignKey(
        "quiz.Assignment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attempts",
        verbose_name=_("assignment"),
    )
    # Drawn once at the start, so a reload, a language switch or a second server asks the same questions.
    question_ids = models.JSONField(_("questions"), default=list)
    choice_order = models.JSONField(_("choice order"), default=dict, help_text=_("Choice ids per question, as shown."))
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("finished"), null=True, blank=True)
    score = models.FloatField(_("score"), default=0)
    max_score = models.FloatField(_("maximum score"), default=0)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        indexes = [
            # My progress and the attempts-allowed check: a learner's attempts, newest first.
            models.Index(fields=["user", "quiz", "-started_at"], name="attempt_user_quiz_idx"),
            # The leaderboard: finished attempts of a quiz by score.
            models.Index(fields=["quiz", "-score", "submitted_at"], name="attempt_quiz_score_idx"),
            # The leaderboards' best attempt per student and quiz (quiz.progress.BOARD_SQL): in the
            # window's order and covering every column it reads, so neither database sorts or looks
            # up 100,000 rows (bench/progress_bench.py).
            models.Index(
                fields=["user", "quiz", "-score", "submitted_at", "max_score"],
                condition=models.Q(submitted_at__isnull=False),
                name="attempt_user_best_idx",
            ),
        ]

    def __str__(self):
        return f"{self.quiz} · {self.started_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        if self.is_finished:
            return reverse("quiz:result", args=[self.public_id])
        return reverse("quiz:question", args=[self.public_id, self.next_question_number()])

    @property
    def is_finished(self) -> bool:
        return self.submitted_at is not None

    @property
    def token_scope(self) -> str:
        """What this attempt's choice tokens are drawn from (quiz.tokens)."""
        return f"attempt:{self.public_id}"

    @property
    def question_total(self) -> int:
        return len(self.question_ids)

    @property
    def percent(self) -> int:
        return rounding.percent(self.score, self.max_score) or 0

    @property
    def passed(self) -> bool:
        return self.percent >= self.quiz.pass_mark

    @property
    def duration(self) -> timedelta | None:
        return self.submitted_at - self.started_at if self.submitted_at else None

    def time_is_up(self, now=None) -> bool:
        return self.deadline is not None and (now or timezone.now()) > self.deadline

    def seconds_left(self, now=None) -> int | None:
        if self.deadline is None:
            return None
        return max(0, int((self.deadline - (now or timezone.now())).total_seconds()))

    def minutes_left(self, now=None) -> int | None:
        """Whole minutes left, rounded up: the timer shown without JavaScript never claims 0 too early."""
        seconds = self.seconds_left(now)
        return None if seconds is None else -(-seconds // 60)

    def question_id_at(self, number: int) -> int | None:
        """The question asked as number `number` (1-based), or None when there is none."""
        if 1 <= number <= len(self.question_ids):
            return self.question_ids[number - 1]
        return None

    def answered_ids(self) -> set[int]:
        return set(self.responses.values_list("question_id", flat=True))

    def next_question_number(self, answered: set[int] | None = None) -> int:
        """The first unanswered question, or the last one when all are answered."""
        answered = self.answered_ids() if answered is None else answered
        for number, question_id in enumerate(self.question_ids, start=1):
            if question_id not in answered:
                return number
        return max(1, len(self.question_ids))


class Response(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses", verbose_name=_("attempt"))
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="responses", verbose_name=_("question")
    )
    answer = models.JSONField(_("answer"), help_text=_("What was answered: choice ids, a number or an order."))
    is_correct = models.BooleanField(_("correct"), default=False)
    points = models.FloatField(_("points"), default=0)
    language = models.CharField(_("language"), max_length=5, help_text=_("The language the question was shown in."))
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        ordering = ["attempt", "answered_at", "id"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            # A double submit, a second tab or a race between two servers cannot count an answer twice.
            models.UniqueConstraint(fields=["attempt", "question"], name="response_once_per_question"),
            models.CheckConstraint(condition=models.Q(points__gte=0, points__lte=1), name="response_points_0_to_1"),
        ]
        indexes = [models.Index(fields=["question", "language"], name="response_question_lang_idx")]  # statistics

    def __str__(self):
        return f"{self.attempt} · {self.question_id}"

"""The leaderboards' own table: each signed-in student's best finished attempt per quiz, and the sum
of those over the published quizzes. Kept up to date when an attempt finishes, is created finished,
changes or is deleted (quiz.progress.refresh_best), so a leaderboard reads the top of an index instead
of ranking every attempt ever finished."""

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from .content import Quiz


class BestScore(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Null: the student's total over the published quizzes (the overall board).
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    score = models.FloatField(_("score"))
    max_score = models.FloatField(_("maximum score"))
    quizzes = models.PositiveIntegerField(_("quizzes"), default=1)
    # When the best was reached (the total: the latest of its quizzes' bests); ties go to the earlier.
    reached_at = models.DateTimeField(_("reached"))

    class Meta:
        ordering = ["quiz_id", "-score", "reached_at", "user_id"]  # columns: "quiz" would join Quiz for its ordering
        verbose_name = _("best score")
        verbose_name_plural = _("best scores")
        constraints = [
            # One best per student and quiz, and one total per student: a race cannot rank anyone twice.
            models.UniqueConstraint(fields=["user", "quiz"], name="bestscore_once_per_quiz"),
            models.UniqueConstraint(fields=["user"], condition=models.Q(quiz__isnull=True), name="bestscore_one_total"),
        ]
        indexes = [
            # A board in its order: the top 20 and a student's place are read from this index alone.
            models.Index(fields=["quiz", "-score", "reached_at", "user"], name="bestscore_rank_idx"),
        ]

    def __str__(self):
        return f"{self.user_id} · {self.quiz_id or '*'} · {self.score}"


# Every way an attempt's result changes, other than quiz.taking.finish_attempt (which calls
# quiz.progress.record_finish in its own transaction): an attempt created already finished (the
# live game's results, tests), edited or deleted; a quiz published or withdrawn. Bulk writes
# (QuerySet.update, bulk_create) send no signals: their callers recount (quiz.ownership,
# bench/seed.py with quiz.progress.rebuild_best_scores).


@receiver(post_save, sender="quiz.Attempt", dispatch_uid="bestscore_attempt_saved")
def _attempt_saved(sender, instance, created, **kwargs):
    if instance.user_id and (instance.submitted_at or not created):
        from ..progress import refresh_best  # noqa: PLC0415  (progress imports the models)

        refresh_best(instance.user_id, [instance.quiz_id])


@receiver(post_delete, sender="quiz.Attempt", dispatch_uid="bestscore_attempt_deleted")
def _attempt_deleted(sender, instance, **kwargs):
    if instance.user_id and instance.submitted_at:
        from ..progress import refresh_best  # noqa: PLC0415

        refresh_best(instance.user_id, [instance.quiz_id])


@receiver(pre_save, sender=Quiz, dispatch_uid="bestscore_quiz_publishing")
def _quiz_publishing(sender, instance, raw=False, **kwargs):
    was = Quiz.objects.filter(pk=instance.pk).values_list("is_published", flat=True).first() if instance.pk else None
    instance._was_published = was  # read by _quiz_saved just below


@receiver(post_save, sender=Quiz, dispatch_uid="bestscore_quiz_published")
def _quiz_saved(sender, instance, created, **kwargs):
    was = getattr(instance, "_was_published", None)
    if not created and was is not None and was != instance.is_published:
        from ..progress import rebuild_totals  # noqa: PLC0415

        rebuild_totals(user_ids=BestScore.objects.filter(quiz=instance).values("user_id"))

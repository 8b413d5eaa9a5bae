"""The question statistics' own tables: the sums of every finished attempt's answers per quiz,
question and language up to a mark, so a teacher's view adds up only the answers that came since
(quiz.answer_sums keeps them; quiz.reports reads them). Internal: no admin, no names to translate."""

from django.db import models
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone

from .attempts import Attempt
from .content import Question, Quiz


class ResponseSums(models.Model):
    """quiz.item_analysis.Sums of the counted answers to one question in one language, in one quiz's
    attempts. Written only when the answers are folded in (quiz.answer_sums), never per answer: a
    class answering one question at once must not queue on one row."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=5)
    n = models.PositiveIntegerField(default=0)
    points = models.FloatField(default=0)
    pairs = models.PositiveIntegerField(default=0)  # answers with a rest of the test (attempts of 2+ questions)
    x = models.FloatField(default=0)
    y = models.FloatField(default=0)
    xy = models.FloatField(default=0)
    xx = models.FloatField(default=0)
    yy = models.FloatField(default=0)

    class Meta:
        ordering = ["quiz_id", "question_id", "language"]
        constraints = [
            # Folding adds to the row of its quiz, question and language: two rows would count twice.
            models.UniqueConstraint(fields=["quiz", "question", "language"], name="responsesums_once"),
        ]

    def __str__(self):
        return f"{self.quiz_id} · {self.question_id} · {self.language}"


class DifCounts(models.Model):
    """Right and wrong answers to one question in one language, in one quiz's attempts, by the
    attempt's score band (quiz.fairness.band): the tables of the fairness test (DIF)."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=5)
    band = models.PositiveSmallIntegerField()
    right = models.PositiveIntegerField(default=0)
    wrong = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["quiz_id", "question_id", "language", "band"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "question", "language", "band"], name="difcounts_once"),
        ]
        # A page of the statistics reads the rows of its questions.
        indexes = [models.Index(fields=["question"], name="difcounts_question_idx")]

    def __str__(self):
        return f"{self.quiz_id} · {self.question_id} · {self.language} · {self.band}"


class WrongAnswerCounts(models.Model):
    """How often one wrong answer was given to one question in one language, in one quiz's attempts,
    and the first attempt that gave it (ties between answers keep that order)."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=5)
    answer = models.JSONField()
    n = models.PositiveIntegerField(default=0)
    first_attempt = models.BigIntegerField()

    class Meta:
        ordering = ["quiz_id", "question_id", "language", "id"]
        # No unique constraint over the answer (JSON): folding matches rows by the answer in Python.
        indexes = [models.Index(fields=["question"], name="wronganswercounts_question_idx")]

    def __str__(self):
        return f"{self.quiz_id} · {self.question_id} · {self.language} · {self.answer}"


class SumsMark(models.Model):
    """One row: every finished attempt with an id up to `through_attempt` is in ResponseSums, except
    the UncountedAttempt rows (unfinished when counted, or changed since)."""

    through_attempt = models.BigIntegerField(default=0)
    counted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"≤ {self.through_attempt}"


class UncountedAttempt(models.Model):
    """An attempt at or below the mark that the sums leave out: a view adds its answers once it is
    finished, as it adds those of attempts above the mark."""

    attempt = models.OneToOneField(Attempt, on_delete=models.CASCADE, primary_key=True, related_name="+")

    class Meta:
        ordering = ["attempt_id"]

    def __str__(self):
        return str(self.attempt_id)


# A counted attempt that is edited or deleted leaves the sums first (quiz.answer_sums.uncount); one
# being created is above the mark already. Bulk writes send no signals: see quiz.answer_sums.


@receiver(pre_save, sender=Attempt, dispatch_uid="responsesums_attempt_changing")
def _attempt_changing(sender, instance, raw=False, **kwargs):
    if instance.pk is not None and not raw:
        from ..answer_sums import uncount  # noqa: PLC0415  (answer_sums imports the models)

        uncount(instance.pk)


@receiver(pre_delete, sender=Attempt, dispatch_uid="responsesums_attempt_deleting")
def _attempt_deleting(sender, instance, **kwargs):
    from ..answer_sums import uncount  # noqa: PLC0415

    uncount(instance.pk)

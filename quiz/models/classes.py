"""Teachers' classes, their assignments, and a student's public profile."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .attempts import Attempt
from .content import Quiz

# No 0/O or 1/I/L: codes are read aloud and copied from a board.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(6))


class ClassroomQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The classes a user may open in the admin: a teacher's own, every class for a superuser."""
        return self if user.is_superuser else self.filter(teacher=user)


class Classroom(models.Model):
    name = models.CharField(_("name"), max_length=100)
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="classrooms_taught", verbose_name=_("teacher")
    )
    join_code = models.CharField(_("join code"), max_length=8, unique=True, default=new_join_code)
    students = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="classrooms", blank=True, verbose_name=_("students")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = ClassroomQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")

    def __str__(self):
        return self.name


class Membership(models.Model):
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="memberships")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField(_("joined"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["joined_at", "id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["classroom", "student"], name="membership_once_per_class")]

    def __str__(self):
        return f"{self.student} · {self.classroom}"


class AssignmentQuerySet(models.QuerySet):
    def for_student(self, user):
        return self.filter(classroom__memberships__student=user)

    def with_done_by(self, user):
        """Adds `done`: the student finished the quiz since it was assigned (for it or not)."""
        finished = Attempt.objects.filter(
            user=user, quiz=models.OuterRef("quiz_id"), submitted_at__isnull=False,
            started_at__gte=models.OuterRef("created_at"),
        )
        return self.annotate(done=models.Exists(finished))


class Assignment(models.Model):
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("class"))
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("quiz"))
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [models.UniqueConstraint(fields=["classroom", "quiz"], name="assignment_once_per_class")]

    def __str__(self):
        return f"{self.quiz} · {self.classroom}"

    @property
    def is_overdue(self) -> bool:
        """Past its due date and not done (`done` comes from with_done_by)."""
        return self.due_at is not None and self.due_at < timezone.now() and not getattr(self, "done", False)


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(
        _("display name"), max_length=40, blank=True, help_text=_("Shown on the leaderboard instead of your username.")
    )
    show_on_leaderboard = models.BooleanField(_("show me on the leaderboard"), default=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return self.display_name or str(self.user)

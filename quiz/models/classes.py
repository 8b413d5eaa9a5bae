"""Teachers' classes, their assignments, and a student's public profile."""

import secrets
import zoneinfo
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .attempts import Attempt
from .content import Quiz

# No 0/O or 1/I/L: codes are read aloud and copied from a board.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(6))


def default_time_zone() -> str:
    return settings.TIME_ZONE


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("“%(zone)s” is not a time zone. Write it as Region/City, e.g. Europe/Moscow."),
            params={"zone": value},
            code="time_zone",
        ) from None


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
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="classrooms",
        blank=True,
        verbose_name=_("students"),
    )
    # Due dates are stored as instants (UTC); this zone is how they are typed in and shown, to the
    # teacher and the students alike, so "15:00" means 15:00 where the class is.
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_("Where the class is: due dates are set and shown in this zone, e.g. Europe/Moscow."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = ClassroomQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")

    def __str__(self):
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def join_path(self) -> str:
        """The students' page with the code filled in (login first when needed)."""
        from django.urls import reverse

        return f"{reverse('quiz:classes')}?code={self.join_code}"


class MembershipQuerySet(models.QuerySet):
    def accommodation_for(self, user_id: int | None) -> "Accommodation":
        """The student's most generous accommodation over their classes (a teacher grants it to the
        student, not to one quiz): the largest time multiplier and the most extra attempts."""
        if not user_id:
            return Accommodation()  # anonymous learners are in no class
        best = self.filter(student_id=user_id).aggregate(
            time=models.Max("extra_time"), attempts=models.Max("extra_attempts")
        )
        return Accommodation(best["time"] or Decimal(1), best["attempts"] or 0)


class Accommodation:
    """Extra time (a multiplier on every time limit) and extra attempts; the default changes nothing."""

    def __init__(self, time: Decimal = Decimal(1), attempts: int = 0):
        self.time = Decimal(time)
        self.attempts = attempts

    def time_limit(self, minutes: int | None) -> timedelta | None:
        return None if not minutes else timedelta(minutes=float(minutes * self.time))

    def attempts_allowed(self, allowed: int | None) -> int | None:
        return None if allowed is None else allowed + self.attempts


class ExtraTime(models.TextChoices):
    NONE = "1.00", _("none")
    QUARTER = "1.25", _("+25% (time × 1.25)")
    HALF = "1.50", _("+50% (time × 1.5)")
    DOUBLE = "2.00", _("double time (× 2)")


class Membership(models.Model):
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="memberships")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField(_("joined"), default=timezone.now, editable=False)
    # Accommodations: applied silently on the server, shown only to the teacher and the student.
    extra_time = models.DecimalField(
        _("extra time"),
        max_digits=3,
        decimal_places=2,
        default=Decimal(1),
        choices=[(Decimal(value), label) for value, label in ExtraTime.choices],
        help_text=_("Every time limit is multiplied by this for the student."),
    )
    extra_attempts = models.PositiveSmallIntegerField(
        _("extra attempts"), default=0, help_text=_("Added to the attempts each quiz allows.")
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["joined_at", "id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["classroom", "student"], name="membership_once_per_class"),
            # Extra time never shortens a limit, and stays within what the choices offer.
            models.CheckConstraint(
                condition=models.Q(extra_time__gte=1, extra_time__lte=3), name="membership_extra_time_1_to_3"
            ),
        ]

    def __str__(self):
        return f"{self.student} · {self.classroom}"

    @property
    def extra_time_factor(self) -> Decimal:
        """The multiplier without trailing zeros (1.5, not 1.50), for people to read."""
        return self.extra_time.normalize()

    @property
    def has_accommodation(self) -> bool:
        return self.extra_time > 1 or self.extra_attempts > 0


class AssignmentQuerySet(models.QuerySet):
    def for_student(self, user):
        return self.filter(classroom__memberships__student=user)

    def with_done_by(self, user):
        """Adds `done`: the student finished the quiz since it was assigned (for it or not)."""
        finished = Attempt.objects.filter(
            user=user,
            quiz=models.OuterRef("quiz_id"),
            submitted_at__isnull=False,
            started_at__gte=models.OuterRef("created_at"),
        )
        return self.annotate(done=models.Exists(finished))


class Assignment(models.Model):
    classroom = models.ForeignKey(
        Classroom, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("class")
    )
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
    def due_local(self):
        """The due date in the class's time zone (the class must be loaded with it)."""
        return timezone.localtime(self.due_at, self.classroom.zone) if self.due_at else None

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

"""What is taught: topics, facts, questions with their choices, and quizzes."""

import datetime
import random
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .. import diagrams, kinds, languages, pictures
from ..translation_care import outdated_language_field


class Topic(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    outdated_language = outdated_language_field()  # translation care: see quiz.translation_care

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.title


class Period(models.TextChoices):
    """The timeline's chapters, derived from a fact's date."""

    ROAD = "road", _("The road to cooperation, 1963–1972")
    PREPARATION = "preparation", _("Preparation, 1972–1975")
    FLIGHT = "flight", _("The flight, 15–24 July 1975")
    AFTER = "after", _("Afterwards")


class Fact(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="facts", verbose_name=_("topic"))
    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"))
    happened_on = models.DateField(_("date"), null=True, blank=True, help_text=_("Shown on the timeline."))
    source = models.CharField(_("source"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    illustration = models.CharField(
        _("illustration"),
        max_length=30,
        blank=True,
        choices=pictures.choices,
        help_text=_(
            "A picture of the app's own that shows this fact; shown with it on the timeline and after an answer."
        ),
    )
    outdated_language = outdated_language_field()  # translation care: see quiz.translation_care

    class Meta:
        ordering = ["topic__position", "position", "id"]
        verbose_name = _("fact")
        verbose_name_plural = _("facts")
        indexes = [models.Index(fields=["happened_on"], name="fact_happened_on_idx")]  # the timeline

    def __str__(self):
        return self.title

    @property
    def picture_template(self) -> str | None:
        """The template of the picture this fact names (quiz.pictures), for `quiz/pictures/_figure.html`."""
        return pictures.template_for(self.illustration)

    @property
    def period(self) -> str | None:
        day = self.happened_on
        if day is None:
            return None
        if day <= datetime.date(1972, 5, 24):
            return Period.ROAD
        if day < datetime.date(1975, 7, 15):
            return Period.PREPARATION
        if day <= datetime.date(1975, 7, 24):
            return Period.FLIGHT
        return Period.AFTER


class PublishedQuerySet(models.QuerySet):
    """For models a teacher can hide from students with `is_published`."""

    def published(self):
        return self.filter(is_published=True)


class Question(models.Model):
    Kind = kinds.Kind  # one module per kind: quiz/kinds/

    class Difficulty(models.IntegerChoices):
        EASY = 1, _("easy")
        MEDIUM = 2, _("medium")
        HARD = 3, _("hard")

    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="questions", verbose_name=_("topic"))
    fact = models.ForeignKey(
        Fact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("fact"),
        help_text=_("The fact this question tests; shown with the feedback."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.SINGLE)
    text = models.TextField(_("question"))
    explanation = models.TextField(_("explanation"), help_text=_("Shown after the answer: why it is right."))
    difficulty = models.PositiveSmallIntegerField(_("difficulty"), choices=Difficulty.choices, default=2)
    number_answer = models.DecimalField(_("correct number"), max_digits=12, decimal_places=3, null=True, blank=True)
    number_tolerance = models.DecimalField(_("tolerance"), max_digits=12, decimal_places=3, default=0)
    diagram = models.CharField(
        _("diagram"),
        max_length=30,
        blank=True,
        choices=diagrams.choices,
        help_text=_("For “click the diagram” questions: the picture the student clicks on."),
    )
    is_published = models.BooleanField(_("published"), default=True)
    # Plain defaults rather than auto_now: fixtures load with raw saves, which skip auto_now.
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)
    outdated_language = outdated_language_field()  # translation care: see quiz.translation_care

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["topic__position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            # A number question is useless without its answer; the admin says so, the database insists.
            models.CheckConstraint(
                condition=~models.Q(kind="number") | models.Q(number_answer__isnull=False),
                name="question_number_has_answer",
            ),
            models.CheckConstraint(condition=models.Q(difficulty__in=(1, 2, 3)), name="question_difficulty_1_to_3"),
            models.CheckConstraint(condition=models.Q(number_tolerance__gte=0), name="question_tolerance_not_negative"),
        ]
        indexes = [models.Index(fields=["topic", "is_published"], name="question_topic_published_idx")]

    def __str__(self):
        text = self.text or ""
        return text if len(text) <= 80 else text[:79] + "…"

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def kind_handler(self) -> kinds.QuestionKind:
        """What this question's kind does: grading, form, review, checks (quiz.kinds)."""
        return kinds.get(self.kind)

    @property
    def uses_choices(self) -> bool:
        return self.kind_handler.uses_choices

    def clean(self):
        if self.kind == self.Kind.NUMBER and self.number_answer is None:
            raise ValidationError({"number_answer": gettext("A number question needs its correct number.")})

    def check_choices(self, choices) -> list[str]:
        """What is wrong with these (unsaved or saved) choices for this question's kind; empty when fine."""
        return self.kind_handler.check(self, list(choices))


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question"))
    text = models.CharField(_("text"), max_length=300)
    is_correct = models.BooleanField(_("correct"), default=False)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Display order; for “put in order” questions, the correct place.")
    )
    match = models.CharField(
        _("its match"),
        max_length=300,
        blank=True,
        help_text=_("For matching questions: the item on the right that belongs with this one."),
    )
    region = models.SlugField(
        _("part of the diagram"),
        max_length=40,
        blank=True,
        help_text=_("For “click the diagram” questions: the part of the picture this choice names."),
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return self.text


class QuizQuerySet(PublishedQuerySet):
    def with_question_counts(self):
        """Adds `fixed_count`, so a list of quizzes shows its sizes without a query per quiz, and
        `topic_slug` (its first topic's, for the topic colour of its card; a subquery, so the count
        is not multiplied by a join)."""
        published = models.Q(quiz_questions__question__is_published=True)
        first_topic = (
            Quiz.topics.through.objects.filter(quiz_id=models.OuterRef("pk"))
            .order_by("topic__position", "topic_id")
            .values("topic__slug")[:1]
        )
        return self.annotate(
            fixed_count=models.Count("quiz_questions", filter=published), topic_slug=models.Subquery(first_topic)
        )

    def real(self):
        """Quizzes a student chooses: not the practice quiz behind a fact's few questions."""
        return self.filter(is_practice=False)


class Quiz(models.Model):
    class Feedback(models.TextChoices):
        IMMEDIATE = "immediate", _("after each question")
        END = "end", _("only at the end")

    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    questions = models.ManyToManyField(
        Question, through="QuizQuestion", blank=True, related_name="quizzes", verbose_name=_("questions")
    )
    topics = models.ManyToManyField(
        Topic,
        blank=True,
        related_name="quizzes",
        verbose_name=_("topics to draw from"),
        help_text=_("With “questions to draw”: draw from these topics (all topics when none is chosen)."),
    )
    draw_count = models.PositiveSmallIntegerField(
        _("questions to draw"),
        null=True,
        blank=True,
        help_text=_("Draw this many published questions at random for each attempt instead of the fixed list."),
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=True)
    feedback = models.CharField(_("feedback"), max_length=10, choices=Feedback.choices, default=Feedback.IMMEDIATE)
    time_limit_minutes = models.PositiveSmallIntegerField(_("time limit (minutes)"), null=True, blank=True)
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=60)
    is_published = models.BooleanField(_("published"), default=True)
    # The one unlisted quiz that practice attempts belong to (Quiz.practice()); never a quiz result.
    is_practice = models.BooleanField(_("practice"), default=False, editable=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    outdated_language = outdated_language_field()  # translation care: see quiz.translation_care

    objects = QuizQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(condition=models.Q(pass_mark__lte=100), name="quiz_pass_mark_at_most_100"),
            # Two practice quizzes would split a learner's practice between them.
            models.UniqueConstraint(
                fields=["is_practice"], condition=models.Q(is_practice=True), name="quiz_one_practice_quiz"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.is_practice:
            return reverse("quiz:timeline")
        return reverse("quiz:quiz_detail", args=[self.slug])

    @classmethod
    def practice(cls) -> "Quiz":
        """The unlisted quiz that practice attempts (a fact's questions, from the timeline) belong to."""
        # A teacher may already have a quiz called "practice": the slug is only an address.
        slug = "practice" if not cls.objects.filter(slug="practice").exists() else f"practice-{uuid.uuid4().hex[:8]}"
        defaults = {"slug": slug, "is_published": False, "pass_mark": 0}
        for code in languages.codes():
            with translation.override(code):
                defaults[f"title_{code}"] = gettext("Practice")
                defaults[f"description_{code}"] = gettext("Questions about one fact, from the timeline.")
        quiz, _created = cls.objects.get_or_create(is_practice=True, defaults=defaults)
        return quiz

    def draw_question_ids(self, rng: random.Random | None = None) -> list[int]:
        """The questions of a new attempt, in the order they will be asked."""
        rng = rng or random.SystemRandom()
        if self.draw_count:
            pool = Question.objects.published()
            topic_ids = list(self.topics.values_list("id", flat=True))
            if topic_ids:
                pool = pool.filter(topic_id__in=topic_ids)
            ids = list(pool.values_list("id", flat=True))
            return rng.sample(ids, min(self.draw_count, len(ids)))
        ids = list(
            self.quiz_questions.filter(question__is_published=True)
            .order_by("position", "id")
            .values_list("question_id", flat=True)
        )
        if self.shuffle_questions:
            rng.shuffle(ids)
        return ids

    def question_count(self) -> int:
        if self.draw_count:
            return self.draw_count
        if hasattr(self, "fixed_count"):
            return self.fixed_count
        return self.quiz_questions.filter(question__is_published=True).count()


class QuizQuestion(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="quiz_questions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+", verbose_name=_("question"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = pgettext_lazy("a question's place in a quiz", "quiz question")
        verbose_name_plural = pgettext_lazy("a question's place in a quiz", "quiz questions")
        constraints = [
            # A question asked twice in one quiz would be graded twice.
            models.UniqueConstraint(fields=["quiz", "question"], name="quizquestion_once_per_quiz"),
        ]

    def __str__(self):
        return f"{self.quiz} · {self.question}"

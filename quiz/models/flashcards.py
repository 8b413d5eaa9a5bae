"""Flashcard decks, and each learner's spaced-repetition state (FSRS) per card and direction."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import languages
from ..translation_care import outdated_language_field
from .content import Fact, PublishedQuerySet, Topic
from .owned import Owned, OwnedQuerySet


class Deck(models.Model):
    class Kind(models.TextChoices):
        FACTS = "facts", _("fact cards")
        VOCABULARY = "vocabulary", _("vocabulary")

    slug = models.SlugField(_("slug"), unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.FACTS)
    topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="decks", verbose_name=_("topic")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    new_per_day = models.PositiveSmallIntegerField(_("new cards a day"), default=10)
    is_published = models.BooleanField(_("published"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    outdated_language = outdated_language_field()  # translation care: see quiz.translation_care

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("deck")
        verbose_name_plural = _("decks")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("quiz:deck", args=[self.slug])

    @property
    def is_vocabulary(self) -> bool:
        return self.kind == self.Kind.VOCABULARY


class Card(models.Model):
    """A fact card (front: a prompt; back: the answer and context) or, in a vocabulary deck,
    a term (front) with a one-line context sentence (back), each in both languages."""

    deck = models.ForeignKey(Deck, on_delete=models.CASCADE, related_name="cards", verbose_name=_("deck"))
    fact = models.ForeignKey(
        Fact, on_delete=models.SET_NULL, null=True, blank=True, related_name="cards", verbose_name=_("fact")
    )
    front = models.CharField(_("front"), max_length=300)
    back = models.TextField(_("back"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    outdated_language = outdated_language_field()  # translation care: see quiz.translation_care

    class Meta:
        ordering = ["deck", "position", "id"]
        verbose_name = _("card")
        verbose_name_plural = _("cards")

    def __str__(self):
        return self.front


# Labels written for a pair read better than composed ones («английский → русский», lower case in
# Russian); a language added to settings gets composed labels until the catalogue has its own.
_PAIR_LABELS = {("en", "ru"): _("English → Russian"), ("ru", "en"): _("Russian → English")}
# A fact card is studied one way; a vocabulary card from each language into each other one
# (Direction.EN_RU == "en-ru"), each direction scheduled on its own.
Direction = models.TextChoices(
    "Direction",
    [("FACT", ("fact", _("question → answer")))]
    + [
        (f"{a}_{b}".upper(), (f"{a}-{b}", _PAIR_LABELS.get((a, b)) or languages.pair_label(a, b)))
        for a, b in languages.pairs()
    ],
)


class CardStateQuerySet(OwnedQuerySet):
    def due(self, now=None):
        return self.filter(due__lte=now or timezone.now())


class CardState(Owned):
    """One learner's FSRS memory state of one card in one direction."""

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="states", verbose_name=_("card"))
    direction = models.CharField(_("direction"), max_length=5, choices=Direction.choices, default=Direction.FACT)
    # The fields of fsrs.Card, kept as columns so that "what is due" is one indexed query.
    state = models.PositiveSmallIntegerField(_("state"), default=1)
    step = models.PositiveSmallIntegerField(_("step"), null=True, blank=True)
    stability = models.FloatField(_("stability"), null=True, blank=True)
    difficulty = models.FloatField(_("difficulty"), null=True, blank=True)
    due = models.DateTimeField(_("due"), default=timezone.now)
    last_review = models.DateTimeField(_("last review"), null=True, blank=True)
    # Counts the reviews; a rating form carries it, so a replayed or concurrent form is refused.
    reps = models.PositiveIntegerField(_("reviews"), default=0)

    objects = CardStateQuerySet.as_manager()

    class Meta:
        ordering = ["due", "id"]
        verbose_name = _("card state")
        verbose_name_plural = _("card states")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "card", "direction"], condition=Q(user__isnull=False), name="cardstate_once_per_user"
            ),
            models.UniqueConstraint(
                fields=["anon_key", "card", "direction"], condition=Q(user__isnull=True), name="cardstate_once_per_anon"
            ),
        ]
        indexes = [models.Index(fields=["user", "due"], name="cardstate_user_due_idx")]  # what is due now

    def __str__(self):
        return f"{self.card} ({self.get_direction_display()})"


class ReviewLog(models.Model):
    class Rating(models.IntegerChoices):
        AGAIN = 1, _("Again")
        HARD = 2, _("Hard")
        GOOD = 3, _("Good")
        EASY = 4, _("Easy")

    card_state = models.ForeignKey(CardState, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("card"))
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating.choices)
    reps = models.PositiveIntegerField(_("review number"))
    reviewed_at = models.DateTimeField(_("reviewed"), default=timezone.now)

    class Meta:
        ordering = ["-reviewed_at", "-id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            # Two ratings of the same card state from one form: only the first one counts.
            models.UniqueConstraint(fields=["card_state", "reps"], name="reviewlog_once_per_rep"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=4), name="reviewlog_rating_1_to_4"),
        ]

    def __str__(self):
        return f"{self.card_state} · {self.get_rating_display()}"

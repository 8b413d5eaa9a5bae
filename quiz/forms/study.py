"""The flashcard forms: which card to show, and a rating of it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Card, Deck, Direction, ReviewLog


class ShowCardForm(forms.Form):
    """The "Show answer" link (?card=…&answer=1): works without JavaScript."""

    card = forms.IntegerField(min_value=1, required=False)
    answer = forms.BooleanField(required=False)


class RatingForm(forms.Form):
    """One rating of one card. `reps` is the review count the learner saw: a replayed, doubled or
    out-of-date form no longer matches it and is refused (see scheduling.rate)."""

    card = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    direction = forms.ChoiceField(choices=Direction.choices, widget=forms.HiddenInput)
    reps = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    rating = forms.TypedChoiceField(
        choices=ReviewLog.Rating.choices,
        coerce=int,
        error_messages={
            "required": _("Choose how well you remembered: Again, Hard, Good or Easy."),
            "invalid_choice": _("Choose how well you remembered: Again, Hard, Good or Easy."),
        },
    )

    def __init__(self, *args, deck: Deck, direction: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.deck = deck
        self.study_direction = direction

    def clean_card(self) -> Card:
        card = Card.objects.filter(deck=self.deck, pk=self.cleaned_data["card"]).first()
        if card is None:
            raise forms.ValidationError(_("That card is not in this deck."), code="other_deck")
        return card

    def clean_direction(self) -> str:
        # The page's direction is already one the deck allows; a form for the other one is from another tab.
        if self.cleaned_data["direction"] != self.study_direction:
            raise forms.ValidationError(_("That rating was for another direction of this deck."), code="direction")
        return self.cleaned_data["direction"]

    def error_text(self) -> str:
        """All errors in one sentence for the page's message (the fields themselves are hidden)."""
        return " ".join(str(message) for messages in self.errors.values() for message in messages)

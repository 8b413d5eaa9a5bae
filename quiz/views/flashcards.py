"""Flashcards: the deck list, a deck, and the study session — one card a page, rated with a form."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import scheduling
from ..forms import RatingForm, ShowCardForm
from ..models import Deck, Direction, ReviewLog
from ..ownership import learner_for
from ..studying import (
    card_for_learner,
    directions_for,
    format_interval,
    next_card,
    progress,
    session_summary,
    state_for_rating,
)


def _published_decks():
    return Deck.objects.published().annotate(card_count=Count("cards"))


def _get_deck(slug, direction: str | None = None) -> Deck:
    """A published deck; with a direction, only one the deck is studied in (anything else is a 404)."""
    deck = get_object_or_404(_published_decks(), slug=slug)
    if direction is not None and direction not in directions_for(deck):
        raise Http404
    return deck


def deck_list(request):
    decks = list(_published_decks())
    counts = progress(decks, learner_for(request))
    rows = [
        {
            "deck": deck,
            "due": sum(counts[deck.pk, d].due for d in directions_for(deck)),
            "new": sum(counts[deck.pk, d].new for d in directions_for(deck)),
        }
        for deck in decks
    ]
    return render(request, "quiz/deck_list.html", {"rows": rows})


def deck(request, slug):
    deck = _get_deck(slug)
    counts = progress([deck], learner_for(request))
    directions = [
        {"value": d, "label": Direction(d).label, "progress": counts[deck.pk, d]} for d in directions_for(deck)
    ]
    return render(request, "quiz/deck.html", {"deck": deck, "directions": directions})


@require_http_methods(["GET", "POST"])
def study(request, slug, direction):
    deck = _get_deck(slug, direction)
    status = 200
    if request.method == "POST":
        form = RatingForm(request.POST, deck=deck, direction=direction)
        if not form.is_valid():
            messages.error(request, form.error_text())
            status = 400
        elif _rate(request, form):
            return redirect("quiz:study", slug=deck.slug, direction=direction)
        else:
            status = 409
    return _study_page(request, deck, direction, status)


def _rate(request, form: RatingForm) -> bool:
    data = form.cleaned_data
    learner = learner_for(request)
    if learner.is_known:
        state = state_for_rating(data["card"], data["direction"], learner)
    else:  # a first visit: the learner gets a key now, and has no states yet to look up
        learner = learner_for(request, create=True)
        state = scheduling.new_state(data["card"], data["direction"], learner.owner_fields())
    try:
        scheduling.rate(state, data["rating"], expected_reps=data["reps"])
    except scheduling.StaleRating:
        messages.warning(
            request,
            _(
                "That card had been rated already (in another tab, or by a second click): "
                "the first rating counts. Here is the card to study now."
            ),
        )
        return False
    return True


def _study_page(request, deck: Deck, direction: str, status: int = 200):
    learner, now = learner_for(request), timezone.now()
    deck_progress = progress([deck], learner, now)[deck.pk, direction]
    show = ShowCardForm(request.GET)
    if not show.is_valid():
        raise Http404
    if show.cleaned_data["card"] and request.method == "GET":
        picked = card_for_learner(deck, show.cleaned_data["card"], direction, learner, now)
        if picked is None:
            raise Http404
    else:
        picked = next_card(deck, direction, learner, deck_progress, now)
    context = {
        "deck": deck,
        "direction": direction,
        "direction_label": Direction(direction).label,
        "progress": deck_progress,
    }
    if picked is None:
        return render(
            request, "quiz/study_done.html", {**context, **_summary(deck, direction, learner, now)}, status=status
        )
    card, state = picked
    context.update(
        card=card,
        reps=state.reps,
        faces=_faces(card, direction),
        ratings=_ratings(state, now),
        flipped=show.cleaned_data["answer"] and show.cleaned_data["card"] == card.pk,
    )
    return render(request, "quiz/study.html", context, status=status)


def _faces(card, direction: str) -> dict:
    """What each side shows. Vocabulary is mixed-language whatever the page's language, so each text
    carries its own language; fact cards follow the page's language."""
    if direction == Direction.FACT:
        return {"prompt": card.front, "answer": card.back, "prompt_lang": "", "answer_lang": "", "contexts": []}
    source, target = direction.split("-")
    return {
        "prompt": getattr(card, f"front_{source}"),
        "prompt_lang": source,
        "answer": getattr(card, f"front_{target}"),
        "answer_lang": target,
        "contexts": [(getattr(card, f"back_{target}"), target), (getattr(card, f"back_{source}"), source)],
    }


def _ratings(state, now) -> list[dict]:
    intervals = scheduling.next_intervals(state, now)
    return [
        {"value": value, "label": label, "interval": format_interval(intervals[value])}
        for value, label in ReviewLog.Rating.choices
    ]


def _summary(deck: Deck, direction: str, learner, now) -> dict:
    summary = session_summary(deck, direction, learner, now)
    next_due = summary["next_due"]
    return {
        **summary,
        "next_in": format_interval(next_due - now) if next_due else None,
        "next_is_today": bool(next_due) and timezone.localdate(next_due) == timezone.localdate(now),
        "other_directions": [(d, Direction(d).label) for d in directions_for(deck) if d != direction],
    }

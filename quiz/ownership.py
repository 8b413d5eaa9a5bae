"""Who the current learner is. The one place that knows how a request maps to an owner of
attempts and card states, and how an anonymous learner's work moves to their account."""

import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

SESSION_KEY = "learner"


@dataclass(frozen=True)
class Learner:
    user_id: int | None
    anon_key: str

    @classmethod
    def owning(cls, row) -> "Learner":
        """The learner a stored row (an attempt, a card state) belongs to."""
        return cls(user_id=row.user_id, anon_key=row.anon_key)

    @property
    def is_known(self) -> bool:
        """Whether this learner can own anything yet: a visitor who has done nothing has no key, and
        so nothing stored to look up."""
        return bool(self.user_id or self.anon_key)

    def owner_fields(self) -> dict:
        """The field values that mark a new row as this learner's."""
        return {"user_id": self.user_id, "anon_key": "" if self.user_id else self.anon_key}

    def rows(self, prefix: str = "") -> Q:
        """The condition for this learner's rows, seen through a relation `prefix` ("attempt__")."""
        if self.user_id:
            return Q(**{f"{prefix}user_id": self.user_id})
        # A visitor without a key owns nothing; keys are hex, so "-" matches no row.
        return Q(**{f"{prefix}user__isnull": True, f"{prefix}anon_key": self.anon_key or "-"})


def learner_for(request, create: bool = False) -> Learner:
    """The learner behind a request. With create=True an anonymous visitor gets a key, so what
    they do now can be found again (and claimed when they sign in)."""
    user_id = request.user.pk if request.user.is_authenticated else None
    anon_key = request.session.get(SESSION_KEY, "")
    if create and not anon_key and user_id is None:  # a signed-in learner needs no anonymous key
        anon_key = secrets.token_hex(16)
        request.session[SESSION_KEY] = anon_key
    return Learner(user_id=user_id, anon_key=anon_key)


@transaction.atomic
def claim_anonymous_work(anon_key: str, user) -> dict[str, int]:
    """Give `user` the attempts and card states made anonymously under `anon_key`.

    Safe to run twice: what was claimed no longer matches. A card the user already has a state for
    keeps the account's state (the anonymous copy is dropped), so no card is scheduled twice.
    """
    from . import habits
    from .models import Attempt, CardState

    if not anon_key:
        return {"attempts": 0, "card_states": 0, "daily_goals": 0}
    attempts = Attempt.objects.filter(user__isnull=True, anon_key=anon_key).update(user=user, anon_key="")
    if attempts:
        from .progress import refresh_best  # noqa: PLC0415  (progress imports ownership's callers' models)

        refresh_best(user.pk)  # the claimed results count on the leaderboards now
    anonymous = CardState.objects.select_for_update().filter(user__isnull=True, anon_key=anon_key)
    owned = set(CardState.objects.filter(user=user).values_list("card_id", "direction"))
    duplicates = [s.pk for s in anonymous if (s.card_id, s.direction) in owned]
    CardState.objects.filter(pk__in=duplicates).delete()
    states = anonymous.exclude(pk__in=duplicates).update(user=user, anon_key="")
    goals = habits.claim(anon_key, user)  # the streak needs no moving: it is read from the attempts and reviews
    return {"attempts": attempts, "card_states": states, "daily_goals": goals}

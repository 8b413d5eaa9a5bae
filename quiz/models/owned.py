"""Ownership of learner data: a signed-in user, or an anonymous browser.

An anonymous learner is identified by a random key kept in their session (quiz.ownership), not by the
session key itself: Django changes the session key on log-in, and the learner's work must follow them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OwnedQuerySet(models.QuerySet):
    def owned_by(self, learner):
        return self.filter(learner.rows())


class Owned(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    anon_key = models.CharField(_("anonymous learner"), max_length=32, blank=True, db_index=True)

    class Meta:
        abstract = True

    def is_owned_by(self, learner) -> bool:
        if learner.user_id:
            return self.user_id == learner.user_id
        return self.user_id is None and bool(learner.anon_key) and self.anon_key == learner.anon_key

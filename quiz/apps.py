from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizConfig(AppConfig):
    name = "quiz"
    verbose_name = _("Apollo–Soyuz quiz")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import content_cache

        content_cache.connect()  # edits to questions, choices and facts forget their cached copies
        # The data migration creates the Teachers group; a flush (as between browser tests) empties it,
        # so put it back after every migrate.
        post_migrate.connect(_sync_teachers_group, sender=self)


def _sync_teachers_group(sender, **kwargs):
    from django.contrib.auth.models import Group, Permission

    from .roles import sync_teachers_group

    sync_teachers_group(Group, Permission)

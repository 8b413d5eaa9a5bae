from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizConfig(AppConfig):
    name = "quiz"
    verbose_name = _("Apollo–Soyuz quiz")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import content_cache, page_cache

        content_cache.connect()  # edits to questions, choices and facts forget their cached copies
        page_cache.connect()  # and every edit of what the timeline shows forgets its rendered copies
        # The one place the Teachers group is made and kept exact: after every migrate (a new
        # database, a new permission, or a flush between browser tests).
        post_migrate.connect(_sync_teachers_group, sender=self)


def _sync_teachers_group(sender, **kwargs):
    from django.contrib.auth.models import Group, Permission

    from .roles import sync_teachers_group

    sync_teachers_group(Group, Permission)

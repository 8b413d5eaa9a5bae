from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from quiz.models import Card, Choice, Deck, Fact, Question, Quiz, QuizQuestion, Topic

CONTENT = Path(settings.BASE_DIR) / "fixtures" / "content"
# The shipped bank uses ids below this (docs/content.md); rows teachers add start here, so a later
# release of the bank can never overwrite them.
FIRST_LOCAL_ID = 1_000_000
CONTENT_MODELS = (Topic, Fact, Question, Choice, Quiz, QuizQuestion, Deck, Card)


class Command(BaseCommand):
    help = (
        "Load (or update in place) the shipped content bank from fixtures/content/, unpublish shipped "
        "questions, quizzes and decks that a newer bank no longer contains (and delete such cards), and keep ids of content that "
        "teachers add out of the shipped range."
    )

    def handle(self, *args, **options):
        files = sorted(str(path) for path in CONTENT.glob("*.json"))
        with transaction.atomic():
            call_command("loaddata", *files, verbosity=0)
            retired = self._unpublish_retired(files)
            self._reserve_local_ids()
        self.stdout.write(f"Loaded {len(files)} content files; unpublished {retired} retired item(s).")

    def _unpublish_retired(self, files) -> int:
        import json

        shipped = {}
        for name in files:
            for obj in json.loads(Path(name).read_text(encoding="utf-8")):
                shipped.setdefault(obj["model"], set()).add(obj["pk"])
        retired = 0
        for model in (Question, Quiz, Deck):
            label = f"quiz.{model._meta.model_name}"
            stale = model.objects.filter(pk__lt=FIRST_LOCAL_ID, is_published=True).exclude(
                pk__in=shipped.get(label, ())
            )
            retired += stale.update(is_published=False)
        # A card has no "published" flag of its own: a shipped card a newer bank dropped (a merged
        # duplicate, a retired topic) is deleted, with the learners' schedule for it.
        gone = Card.objects.filter(pk__lt=FIRST_LOCAL_ID).exclude(pk__in=shipped.get("quiz.card", ()))
        retired += gone.delete()[1].get("quiz.Card", 0)
        return retired

    def _reserve_local_ids(self):
        with connection.cursor() as cursor:
            for model in CONTENT_MODELS:
                table = model._meta.db_table
                if connection.vendor == "postgresql":
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                        f"GREATEST(%s, (SELECT COALESCE(MAX(id), 0) FROM {table})))",
                        [table, FIRST_LOCAL_ID - 1],
                    )
                elif connection.vendor == "sqlite":
                    cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                    row = cursor.fetchone()
                    if row is None:
                        cursor.execute(
                            "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, FIRST_LOCAL_ID - 1]
                        )
                    elif row[0] < FIRST_LOCAL_ID - 1:
                        cursor.execute(
                            "UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [FIRST_LOCAL_ID - 1, table]
                        )

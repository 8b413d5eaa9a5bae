from django.core.management.base import BaseCommand

from quiz import answer_sums
from quiz.models import SumsMark


class Command(BaseCommand):
    help = (
        "Fold the answers of attempts finished since the last fold into the question statistics' sums "
        "(quiz.answer_sums), so a teacher's view adds up only the few newer ones. Run it from cron every "
        "few minutes, and once after deploying; --recount counts every answer again (after a script "
        "changed attempts with bulk updates, which send no signals)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--recount", action="store_true", help="Count every answer again, from nothing.")

    def handle(self, *args, recount: bool, **options):
        added = answer_sums.fold(recount=recount)
        mark = SumsMark.objects.get(pk=answer_sums.MARK).through_attempt
        self.stdout.write(f"Folded {added} answers into the question statistics; the mark is attempt {mark}.")

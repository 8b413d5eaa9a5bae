from django.core.management.base import BaseCommand, CommandError

from quiz.content_checks import build_report


class Command(BaseCommand):
    help = (
        "Print the content bank's counts by topic, kind and difficulty, and list every missing translation, "
        "question without a fact, question invalid for its kind, duplicate text, or correct answers piled in one "
        "position (over 40 % of a kind's). Exits non-zero on any problem."
    )

    def handle(self, *args, **options):
        report = build_report()
        counts = report.counts
        for name in ("topics", "facts", "questions", "quizzes", "cards", "vocabulary"):
            self.stdout.write(f"{name:>11}: {counts[name]}")
        for heading in ("by_topic", "by_kind", "by_difficulty"):
            row = ", ".join(f"{key}: {value}" for key, value in sorted(counts[heading].items()))
            self.stdout.write(f"{heading.replace('_', ' '):>11}: {row}")
        if report.problems:
            for problem in report.problems:
                self.stdout.write(self.style.ERROR(problem))
            raise CommandError(f"{len(report.problems)} problem(s) in the content bank")
        self.stdout.write(self.style.SUCCESS("The content bank is complete and valid."))

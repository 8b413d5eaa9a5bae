import getpass
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from quiz.roles import TEACHERS_GROUP


class Command(BaseCommand):
    help = (
        "Create a teacher: a staff account in the Teachers group (content, their own classes, results; "
        "nothing over users). The password is asked for, or given with --password for scripts."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help="For scripts; without it the password is asked for twice.")

    def handle(self, *args, username, email, password, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} exists already.")
        try:
            group = Group.objects.get(name=TEACHERS_GROUP)
        except Group.DoesNotExist:
            raise CommandError("The Teachers group is missing: run `manage.py migrate` first.") from None
        password = password if password is not None else self._ask_password()
        user = User(username=username, email=email, is_staff=True)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("The password is not accepted: " + " ".join(error.messages)) from None
        with transaction.atomic():
            user.set_password(password)
            user.save()
            user.groups.add(group)
        self.stdout.write(self.style.SUCCESS(f"Teacher {username!r} created: log in at /en/admin/."))

    def _ask_password(self) -> str:
        if not sys.stdin.isatty():  # a script, a container, CI: getpass would read nothing or hang
            raise CommandError("There is no terminal to ask for the password: give it with --password.")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return first

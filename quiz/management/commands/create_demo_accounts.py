import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from quiz.roles import TEACHERS_GROUP


class Command(BaseCommand):
    help = "Create (or refresh the password of) the demo teacher and student, and print how to log in."

    def handle(self, *args, **options):
        from django.contrib.auth.models import Group

        User = get_user_model()
        for username, is_teacher in (("teacher", True), ("student", False)):
            password = secrets.token_urlsafe(9)
            user, created = User.objects.get_or_create(username=username)
            user.is_staff = is_teacher
            user.set_password(password)
            user.save()
            if is_teacher:
                user.groups.add(Group.objects.get(name=TEACHERS_GROUP))
            role = "teacher (admin at /en/admin/)" if is_teacher else "student"
            state = "created" if created else "password refreshed; their data is kept"
            self.stdout.write(f"Demo {role}: username {username!r}, password {password!r} ({state})")

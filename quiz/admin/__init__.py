"""The teachers' workspace, by subject: content (with translation care, preview, statistics and
import/export of the question bank) and classes with their results."""

from django.contrib import admin

from ..forms.accounts import AdminLoginForm
from . import classes, content, live  # noqa: F401  (importing registers the admins)

admin.site.login_form = AdminLoginForm
# Django's index with a way to the teacher's start page on top (the admin's own template would win
# over an app's admin/index.html, since django.contrib.admin comes first in INSTALLED_APPS).
admin.site.index_template = "admin/quiz/index.html"

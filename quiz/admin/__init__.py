"""The teachers' workspace, by subject: content (with translation care, preview, statistics and
import/export of the question bank) and classes with their results."""

from django.contrib import admin

from ..forms.accounts import AdminLoginForm
from . import classes, content  # noqa: F401  (importing registers the admins)

admin.site.login_form = AdminLoginForm

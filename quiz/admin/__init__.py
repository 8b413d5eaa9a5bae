"""The teachers' workspace, by subject: content (with translation care, preview, statistics and
import/export of the question bank) and classes with their results."""

from . import classes, content  # noqa: F401  (importing registers the admins)

"""The Teachers role: exactly what a teacher may do in the admin, kept in one place so the group
(made and corrected after every migrate: QuizConfig.ready), the create_teacher command and the
tests agree."""

TEACHERS_GROUP = "Teachers"

# model name → permission actions. Content in full; classes in full (the admin limits them to the
# teacher's own); results read-only. Nothing over users, groups or permissions.
TEACHER_PERMISSIONS = {
    "topic": ("add", "change", "delete", "view"),
    "fact": ("add", "change", "delete", "view"),
    "question": ("add", "change", "delete", "view"),
    "choice": ("add", "change", "delete", "view"),
    "quiz": ("add", "change", "delete", "view"),
    "quizquestion": ("add", "change", "delete", "view"),
    "deck": ("add", "change", "delete", "view"),
    "card": ("add", "change", "delete", "view"),
    "classroom": ("add", "change", "delete", "view"),
    "membership": ("add", "change", "delete", "view"),
    "assignment": ("add", "change", "delete", "view"),
    "attempt": ("view",),
    "response": ("view",),
    # The live game: a teacher hosts games (quiz/live/) and reads their results.
    "livegame": ("add", "view"),
    "player": ("view",),
    "liveanswer": ("view",),
}


def teacher_codenames() -> set[str]:
    return {f"{action}_{model}" for model, actions in TEACHER_PERMISSIONS.items() for action in actions}


def sync_teachers_group(group_model, permission_model):
    """Create or correct the Teachers group so it has exactly the permissions above."""
    group, _created = group_model.objects.get_or_create(name=TEACHERS_GROUP)
    permissions = permission_model.objects.filter(content_type__app_label="quiz", codename__in=teacher_codenames())
    group.permissions.set(permissions)
    return group

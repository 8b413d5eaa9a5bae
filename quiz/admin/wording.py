"""Django's own admin phrases whose Russian reads wrong with our model names, listed so that
makemessages keeps them in our catalogue: LOCALE_PATHS come before Django's catalogues, so our
Russian wins. Django's Russian agrees adjectives and verbs with a masculine noun
(«Добавить еще один Задание», «Викторина … был успешно добавлен»); ours names the object after a
colon, which is right whatever its gender. Not imported anywhere: only read by makemessages."""

from django.utils.translation import gettext_noop

DJANGO_ADMIN_PHRASES = [
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("Add %(name)s"),
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("Save and add another"),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
]

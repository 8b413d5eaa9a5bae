from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info


def site(request):
    """The same page in every language, for the switcher and the hreflang links."""
    path = request.get_full_path()
    languages = [
        {"code": code, "name": get_language_info(code)["name_local"], "url": translate_url(path, code)}
        for code, _name in settings.LANGUAGES
    ]
    return {"languages": languages}

"""The languages the app speaks, read from one place: settings.LANGUAGES for the interface and the
content's columns (modeltranslation adds `<field>_<code>` for each), and modeltranslation's registry
for which fields are translated. A third language is settings, a catalogue and content — not code.

Deliberately free of model imports: models and migrations-facing choices use it.
"""

from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import get_language_info


def codes() -> list[str]:
    """The language codes, the site's default first: ["en", "ru"]."""
    return [code for code, _name in settings.LANGUAGES]


def default() -> str:
    """The language every text must have, and the one the others fall back to: the first."""
    return codes()[0]


def names() -> dict[str, str]:
    """Code → the language's name in the active language (lazy): {"en": "English", "ru": "Russian"}."""
    return dict(settings.LANGUAGES)


def local_name(code: str) -> str:
    """The language's name in itself, for links that lead into it: "English", "Русский"."""
    return get_language_info(code)["name_local"]


def columns(field: str) -> list[str]:
    """The column of `field` in every language: ["text_en", "text_ru"]."""
    return [f"{field}_{code}" for code in codes()]


def pairs() -> list[tuple[str, str]]:
    """Every ordered pair of two different languages: [("en", "ru"), ("ru", "en")]."""
    return [(a, b) for a in codes() for b in codes() if a != b]


def pair_label(source: str, target: str):
    """ "English → Russian", translated lazily."""
    return format_lazy("{} → {}", names()[source], names()[target])


def translated_fields() -> dict:
    """Every translated model → {field: the languages it must be filled in} (modeltranslation's
    registry: `required_languages` is either languages for every field, or language → fields)."""
    from modeltranslation.translator import translator  # noqa: PLC0415  (the registry fills as apps load)

    registry = {}
    for model in translator.get_registered_models(abstract=False):
        options = translator.get_options_for_model(model)
        required = options.required_languages
        if isinstance(required, dict):
            registry[model] = {
                field: tuple(code for code, fields in required.items() if field in fields)
                for field in options.local_fields
            }
        else:
            registry[model] = {field: tuple(required) for field in options.local_fields}
    return registry

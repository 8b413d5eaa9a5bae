"""Fields kept in every language of settings.LANGUAGES (modeltranslation adds `<field>_<code>`)."""

from modeltranslation.translator import TranslationOptions, register

from . import languages
from .models import Card, Choice, Deck, Fact, Question, Quiz, Topic

EVERY_LANGUAGE = tuple(languages.codes())


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = EVERY_LANGUAGE


@register(Fact)
class FactTranslation(TranslationOptions):
    fields = ("title", "body")
    required_languages = EVERY_LANGUAGE


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "explanation")
    required_languages = EVERY_LANGUAGE


@register(Choice)
class ChoiceTranslation(TranslationOptions):
    fields = ("text", "match")  # match: only matching questions have one
    required_languages = {code: ("text",) for code in EVERY_LANGUAGE}


@register(Quiz)
class QuizTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = EVERY_LANGUAGE


@register(Deck)
class DeckTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = EVERY_LANGUAGE


@register(Card)
class CardTranslation(TranslationOptions):
    fields = ("front", "back")
    required_languages = EVERY_LANGUAGE

"""Fields kept in both English and Russian (modeltranslation adds `<field>_en` and `<field>_ru`)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Card, Choice, Deck, Fact, Question, Quiz, Topic


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("en", "ru")


@register(Fact)
class FactTranslation(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("en", "ru")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "explanation")
    required_languages = ("en", "ru")


@register(Choice)
class ChoiceTranslation(TranslationOptions):
    fields = ("text", "match")  # match: only matching questions have one
    required_languages = {"en": ("text",), "ru": ("text",)}


@register(Quiz)
class QuizTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("en", "ru")


@register(Deck)
class DeckTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("en", "ru")


@register(Card)
class CardTranslation(TranslationOptions):
    fields = ("front", "back")
    required_languages = ("en", "ru")

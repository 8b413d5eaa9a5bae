"""Content in the admin: every text edited in English and Russian side by side (tabs), with
translation care, question preview, statistics and import/export of the question bank."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from .. import languages
from ..models import Card, Choice, Deck, Fact, Question, Quiz, QuizQuestion, Topic
from . import bank
from .care import MissingLanguageFilter, OutdatedLanguageFilter, TranslationCareAdmin
from .preloaded import PreloadedAutocompleteMixin


class ChoiceFormSet(BaseInlineFormSet):
    """Checks the choices together against the question's kind (one correct for single…)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        choices = [
            form.instance
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get(languages.columns("text")[0])
        ]
        for form in self.forms:
            if form.cleaned_data and not form.cleaned_data.get("DELETE"):
                form.instance.is_correct = form.cleaned_data.get("is_correct", False)
                form.instance.position = form.cleaned_data.get("position", 0)
                form.instance.region = form.cleaned_data.get("region", "")
        problems = self.instance.check_choices(choices)
        if problems:
            raise ValidationError(problems)


class ChoiceInline(TranslationTabularInline):
    model = Choice
    formset = ChoiceFormSet
    extra = 0
    # match: matching questions only; region: "click the diagram" questions only.
    fields = ("text", "is_correct", "position", "match", "region")


@admin.register(Topic)
class TopicAdmin(TranslationCareAdmin):
    list_display = ("title", "slug", "position", "missing", "outdated")
    list_editable = ("position",)
    search_fields = (*languages.columns("title"), "slug")
    prepopulated_fields = {"slug": (languages.columns("title")[0],)}
    list_filter = (MissingLanguageFilter, OutdatedLanguageFilter)
    care_fields = ("title", "description")


@admin.register(Fact)
class FactAdmin(TranslationCareAdmin):
    list_display = ("title", "topic", "happened_on", "missing", "outdated")
    list_filter = ("topic", MissingLanguageFilter, OutdatedLanguageFilter)
    search_fields = (*languages.columns("title"), *languages.columns("body"), "slug")
    list_select_related = ("topic",)
    date_hierarchy = "happened_on"
    care_fields = ("title", "body")


@admin.register(Question)
class QuestionAdmin(TranslationCareAdmin):
    list_display = ("__str__", "topic", "kind", "difficulty", "is_published", "missing", "outdated", "preview")
    list_filter = ("topic", "kind", "difficulty", "is_published", MissingLanguageFilter, OutdatedLanguageFilter)
    list_select_related = ("topic",)
    search_fields = (*languages.columns("text"), *languages.columns("explanation"))
    autocomplete_fields = ("fact",)
    inlines = [ChoiceInline]
    fieldsets = [
        (None, {"fields": ("topic", "fact", "kind", "difficulty", "is_published")}),
        (_("Question"), {"fields": ("text", "explanation")}),
        (_("For number questions"), {"fields": ("number_answer", "number_tolerance")}),
        (_("For “click the diagram” questions"), {"fields": ("diagram",)}),
    ]
    care_fields = ("text", "explanation")
    care_related = ("choices__text",)
    care_inlines = {Choice: ("text",)}

    def get_queryset(self, request):
        # The "missing" column looks at every choice: one prefetch instead of a query per row.
        choices = Prefetch("choices", queryset=Choice.objects.only("id", "question_id", *languages.columns("text")))
        return super().get_queryset(request).prefetch_related(choices)

    @admin.display(description=_("preview"))
    def preview(self, obj):
        url = reverse("admin:quiz_question_preview", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("preview"))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/preview/", view(bank.preview(self)), name="quiz_question_preview"),
            path("statistics/", view(bank.statistics_view(self)), name="quiz_question_statistics"),
            path("statistics.csv", view(bank.statistics_view(self, as_csv=True)), name="quiz_question_statistics_csv"),
            path("import/", view(bank.import_bank(self)), name="quiz_question_import"),
            path("export.json", view(bank.export_bank(self, "json")), name="quiz_question_export_json"),
            path("export.csv", view(bank.export_bank(self, "csv")), name="quiz_question_export_csv"),
            *super().get_urls(),
        ]


class QuizQuestionInline(PreloadedAutocompleteMixin, admin.TabularInline):
    model = QuizQuestion
    extra = 0
    autocomplete_fields = ("question",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("quiz", "question")  # each row's __str__ names both


@admin.register(Quiz)
class QuizAdmin(TranslationCareAdmin):
    list_display = ("title", "slug", "draw_count", "feedback", "time_limit_minutes", "attempts_allowed",
                    "is_published", "missing", "outdated")
    list_filter = ("is_published", "feedback", MissingLanguageFilter, OutdatedLanguageFilter)
    search_fields = (*languages.columns("title"), "slug")
    prepopulated_fields = {"slug": (languages.columns("title")[0],)}
    filter_horizontal = ("topics",)
    inlines = [QuizQuestionInline]
    care_fields = ("title", "description")
    fieldsets = [
        (None, {"fields": ("slug", "title", "description", "is_published", "position")}),
        (_("Questions"), {"fields": ("draw_count", "topics")}),
        (_("How the quiz runs"), {"fields": ("time_limit_minutes", "attempts_allowed", "feedback",
                                             "shuffle_questions", "shuffle_choices", "pass_mark")}),
    ]


class CardInline(PreloadedAutocompleteMixin, TranslationTabularInline):
    model = Card
    extra = 0
    fields = ("front", "back", "fact", "position")
    autocomplete_fields = ("fact",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("fact")


@admin.register(Deck)
class DeckAdmin(TranslationCareAdmin):
    list_display = ("title", "kind", "topic", "is_published", "missing", "outdated")
    list_filter = ("kind", "is_published", MissingLanguageFilter, OutdatedLanguageFilter)
    search_fields = (*languages.columns("title"), "slug")
    inlines = [CardInline]
    care_fields = ("title", "description")


@admin.register(Card)
class CardAdmin(TranslationCareAdmin):
    list_display = ("front", "deck", "fact", "missing", "outdated")
    list_filter = ("deck", MissingLanguageFilter, OutdatedLanguageFilter)
    list_select_related = ("deck", "fact")
    search_fields = (*languages.columns("front"), *languages.columns("back"))
    autocomplete_fields = ("fact",)
    care_fields = ("front", "back")

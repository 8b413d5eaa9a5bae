"""The teachers' workspace: every text edited in English and Russian side by side (tabs)."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from .models import (
    Assignment,
    Attempt,
    Card,
    Choice,
    Classroom,
    Deck,
    Fact,
    Membership,
    Profile,
    Question,
    Quiz,
    QuizQuestion,
    Response,
    Topic,
)


def missing_translation(*fields):
    """A list column: which language a row still lacks, over the given translated fields."""

    @admin.display(description=_("missing"))
    def column(_admin, obj):
        missing = [
            code.upper()
            for code in ("en", "ru")
            if any(not (getattr(obj, f"{field}_{code}") or "").strip() for field in fields)
        ]
        return ", ".join(missing) or "—"

    return column


class MissingLanguageFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "missing"
    text_field = "text"

    def lookups(self, request, model_admin):
        return [("ru", _("Russian missing")), ("en", _("English missing"))]

    def queryset(self, request, queryset):
        if self.value() in ("en", "ru"):
            field = f"{self.text_field}_{self.value()}"
            return queryset.filter(**{f"{field}__isnull": True}) | queryset.filter(**{field: ""})
        return queryset


class TitleMissingFilter(MissingLanguageFilter):
    text_field = "title"


class ChoiceFormSet(BaseInlineFormSet):
    """Checks the choices together against the question's kind (one correct for single…)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        choices = [
            form.instance
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("text_en")
        ]
        for form in self.forms:
            if form.cleaned_data and not form.cleaned_data.get("DELETE"):
                form.instance.is_correct = form.cleaned_data.get("is_correct", False)
                form.instance.position = form.cleaned_data.get("position", 0)
        problems = self.instance.check_choices(choices)
        if problems:
            raise ValidationError(problems)


class ChoiceInline(TranslationTabularInline):
    model = Choice
    formset = ChoiceFormSet
    extra = 0
    fields = ("text", "is_correct", "position")


@admin.register(Topic)
class TopicAdmin(TabbedTranslationAdmin):
    list_display = ("title", "slug", "position", "missing")
    list_editable = ("position",)
    search_fields = ("title_en", "title_ru", "slug")
    prepopulated_fields = {"slug": ("title_en",)}
    list_filter = (TitleMissingFilter,)
    missing = missing_translation("title", "description")


@admin.register(Fact)
class FactAdmin(TabbedTranslationAdmin):
    list_display = ("title", "topic", "happened_on", "missing")
    list_filter = ("topic", TitleMissingFilter)
    search_fields = ("title_en", "title_ru", "body_en", "body_ru", "slug")
    list_select_related = ("topic",)
    date_hierarchy = "happened_on"
    missing = missing_translation("title", "body")


@admin.register(Question)
class QuestionAdmin(TabbedTranslationAdmin):
    list_display = ("__str__", "topic", "kind", "difficulty", "is_published", "missing")
    list_filter = ("topic", "kind", "difficulty", "is_published", MissingLanguageFilter)
    list_select_related = ("topic",)
    search_fields = ("text_en", "text_ru", "explanation_en", "explanation_ru")
    autocomplete_fields = ("fact",)
    inlines = [ChoiceInline]
    fieldsets = [
        (None, {"fields": ("topic", "fact", "kind", "difficulty", "is_published")}),
        (_("Question"), {"fields": ("text", "explanation")}),
        (_("For number questions"), {"fields": ("number_answer", "number_tolerance")}),
    ]
    missing = missing_translation("text", "explanation")


class QuizQuestionInline(admin.TabularInline):
    model = QuizQuestion
    extra = 0
    autocomplete_fields = ("question",)


@admin.register(Quiz)
class QuizAdmin(TabbedTranslationAdmin):
    list_display = ("title", "slug", "draw_count", "feedback", "is_published", "missing")
    list_filter = ("is_published", "feedback", TitleMissingFilter)
    search_fields = ("title_en", "title_ru", "slug")
    prepopulated_fields = {"slug": ("title_en",)}
    filter_horizontal = ("topics",)
    inlines = [QuizQuestionInline]
    missing = missing_translation("title", "description")


class CardInline(TranslationTabularInline):
    model = Card
    extra = 0
    fields = ("front", "back", "fact", "position")
    autocomplete_fields = ("fact",)


@admin.register(Deck)
class DeckAdmin(TabbedTranslationAdmin):
    list_display = ("title", "kind", "topic", "is_published", "missing")
    list_filter = ("kind", "is_published", TitleMissingFilter)
    search_fields = ("title_en", "title_ru", "slug")
    inlines = [CardInline]
    missing = missing_translation("title", "description")


@admin.register(Card)
class CardAdmin(TabbedTranslationAdmin):
    list_display = ("front", "deck", "fact", "missing")
    list_filter = ("deck",)
    list_select_related = ("deck", "fact")
    search_fields = ("front_en", "front_ru", "back_en", "back_ru")
    autocomplete_fields = ("fact",)
    missing = missing_translation("front", "back")


class ResponseInline(admin.TabularInline):
    model = Response
    extra = 0
    can_delete = False
    fields = ("question", "answer", "is_correct", "points", "language", "answered_at")
    readonly_fields = fields


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ("quiz", "user", "started_at", "submitted_at", "score", "max_score")
    list_filter = ("quiz", "classroom")
    list_select_related = ("quiz", "user")
    readonly_fields = [f.name for f in Attempt._meta.fields]
    inlines = [ResponseInline]

    def has_add_permission(self, request):
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("student",)


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0


@admin.register(Classroom)
class ClassroomAdmin(admin.ModelAdmin):
    list_display = ("name", "join_code", "teacher", "created_at")
    readonly_fields = ("join_code",)
    inlines = [AssignmentInline, MembershipInline]


admin.site.register(Profile)

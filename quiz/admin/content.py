"""Content in the admin: every text edited in English and Russian side by side (tabs), with
translation care, question preview, statistics and import/export of the question bank."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from .. import languages
from ..models import Card, Choice, Deck, Fact, Question, Quiz, QuizQuestion, Topic
from . import bank
from .care import MissingLanguageFilter, OneSwitchCareAdmin, OutdatedLanguageFilter, TranslationCareAdmin
from .preloaded import PreloadedAutocompleteMixin

K = Question.Kind
# The choice columns each kind uses (None: no choices at all). A single-choice question never shows
# the number fields, a "put in order" one no "correct" box: its positions are the answer.
CHOICE_FIELDS = {
    K.SINGLE: ("text", "is_correct", "position"),
    K.MULTIPLE: ("text", "is_correct", "position"),
    K.TRUE_FALSE: ("text", "is_correct", "position"),
    K.ORDER: ("text", "position"),
    K.MATCHING: ("text", "match", "position"),
    K.TYPED: ("text",),
    K.DIAGRAM: ("text", "is_correct", "region", "position"),
    K.NUMBER: None,
}
# Every choice of these kinds is a right answer (as the import makes them).
ALL_CORRECT = {K.MATCHING, K.TYPED}


def kind_of(request, obj=None) -> str:
    """The kind the question editor is laid out for: the posted kind (so a changed kind re-renders
    with its own fields), else the saved one, else ?kind= on the add page, else single choice."""
    for candidate in (request.POST.get("kind"), getattr(obj, "kind", None), request.GET.get("kind")):
        if candidate in K.values:
            return candidate
    return K.SINGLE


class ChoiceFormSet(BaseInlineFormSet):
    """Checks the choices together against the question's kind (one correct for single…)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:  # a checkbox in a table cell: name it for screen readers
            form.fields["DELETE"].widget.attrs["aria-label"] = _("Delete this choice")

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        choices = [
            form.instance
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get(languages.columns("text")[0])
        ]
        all_correct = self.instance.kind in ALL_CORRECT
        for form in self.forms:
            if form.cleaned_data and not form.cleaned_data.get("DELETE"):
                form.instance.is_correct = form.cleaned_data.get("is_correct", all_correct)
                form.instance.position = form.cleaned_data.get("position", 0)
                form.instance.region = form.cleaned_data.get("region", "")
        problems = self.instance.check_choices(choices)
        if problems:
            raise ValidationError(problems)


class ChoiceInline(TranslationTabularInline):
    model = Choice
    formset = ChoiceFormSet
    template = "admin/edit_inline_labelled/tabular.html"
    extra = 0
    fields = ("text", "is_correct", "position", "match", "region")

    def get_fields(self, request, obj=None):
        # Only the columns the question's kind uses (CHOICE_FIELDS), in both languages.
        wanted = CHOICE_FIELDS[kind_of(request, obj)] or ("text",)  # number: shown only to be removed
        return [f for f in super().get_fields(request, obj) if f.rsplit("_", 1)[0] in wanted or f in wanted]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            # A table cell has no <label>: name each input for screen readers ("text [ru]", "correct").
            field.widget.attrs.setdefault("aria-label", str(field.label))
        return field


class PlainWords:
    """A teacher-facing label for the slug (a developer's word) with one line saying what it is."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "slug" and field is not None:
            field.label = capfirst(_("web address name"))
            field.help_text = _(
                "The short name in the page’s web address, e.g. docking-day: Latin letters, "
                "digits and hyphens. Filled in from the English title."
            )
        return field


@admin.register(Topic)
class TopicAdmin(PlainWords, TranslationCareAdmin):
    list_display = ("title", "slug", "position", "missing", "outdated")
    list_editable = ("position",)
    search_fields = (*languages.columns("title"), "slug")
    prepopulated_fields = {"slug": (languages.columns("title")[0],)}
    list_filter = (MissingLanguageFilter, OutdatedLanguageFilter)
    care_fields = ("title", "description")


@admin.register(Fact)
class FactAdmin(PlainWords, TranslationCareAdmin):
    list_display = ("title", "topic", "happened_on", "missing", "outdated")
    list_filter = ("topic", MissingLanguageFilter, OutdatedLanguageFilter)
    search_fields = (*languages.columns("title"), *languages.columns("body"), "slug")
    list_select_related = ("topic",)
    date_hierarchy = "happened_on"
    care_fields = ("title", "body")


@admin.register(Question)
class QuestionAdmin(OneSwitchCareAdmin):
    list_display = ("__str__", "topic", "kind", "difficulty", "is_published", "missing", "outdated", "preview")
    list_filter = ("topic", "kind", "difficulty", "is_published", MissingLanguageFilter, OutdatedLanguageFilter)
    list_select_related = ("topic",)
    search_fields = (*languages.columns("text"), *languages.columns("explanation"))
    autocomplete_fields = ("fact",)
    inlines = [ChoiceInline]
    fieldsets = [
        (None, {"fields": ("topic", "fact", "kind", "difficulty", "is_published")}),
        (_("Question"), {"fields": ("text", "explanation")}),
        (_("The right number"), {"fields": ("number_answer", "number_tolerance")}),
        (_("The diagram"), {"fields": ("diagram",)}),
    ]
    care_fields = ("text", "explanation")
    # The fieldsets only some kinds use, by their first field.
    KIND_FIELDSETS = {"number_answer": K.NUMBER, "diagram": K.DIAGRAM}

    def get_fieldsets(self, request, obj=None):
        kind = kind_of(request, obj)
        return [
            (name, options)
            for name, options in super().get_fieldsets(request, obj)
            if self.KIND_FIELDSETS.get(options["fields"][0], kind) == kind
        ]

    def get_inlines(self, request, obj):
        if CHOICE_FIELDS[kind_of(request, obj)] is not None:
            return super().get_inlines(request, obj)
        # A number question has no choices; ones it still has (its kind changed) or that were posted
        # are shown, so that the check says so and the teacher removes them.
        posted = request.POST.get("choices-TOTAL_FORMS", "0") not in ("", "0")
        return super().get_inlines(request, obj) if posted or (obj and obj.choices.exists()) else []

    def get_changeform_initial_data(self, request):
        return {**super().get_changeform_initial_data(request), "kind": kind_of(request)}

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(kinds=K.choices, kind=kind_of(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

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
class QuizAdmin(PlainWords, TranslationCareAdmin):
    list_display = (
        "title",
        "slug",
        "draw_count",
        "feedback",
        "time_limit_minutes",
        "attempts_allowed",
        "is_published",
        "missing",
        "outdated",
    )
    list_filter = ("is_published", "feedback", MissingLanguageFilter, OutdatedLanguageFilter)
    search_fields = (*languages.columns("title"), "slug")
    prepopulated_fields = {"slug": (languages.columns("title")[0],)}
    filter_horizontal = ("topics",)
    inlines = [QuizQuestionInline]
    care_fields = ("title", "description")
    fieldsets = [
        (None, {"fields": ("slug", "title", "description", "is_published", "position")}),
        (_("Questions"), {"fields": ("draw_count", "topics")}),
        (
            _("How the quiz runs"),
            {
                "fields": (
                    "time_limit_minutes",
                    "attempts_allowed",
                    "feedback",
                    "shuffle_questions",
                    "shuffle_choices",
                    "pass_mark",
                )
            },
        ),
    ]


class CardInline(PreloadedAutocompleteMixin, TranslationTabularInline):
    model = Card
    extra = 0
    fields = ("front", "back", "fact", "position")
    autocomplete_fields = ("fact",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("fact")


@admin.register(Deck)
class DeckAdmin(PlainWords, TranslationCareAdmin):
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

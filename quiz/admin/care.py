"""Translation care in the admin: which language a row lacks, which may be out of date, and the
save hook that marks the other language when a teacher edits only one (rules: quiz.translation_care)."""

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationAdmin

from .. import languages
from ..translation_care import changed_languages, next_outdated
from .search import RefuseNulSearch

CHECKED_FIELD = "translations_checked"


def _blank(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{field: ""})


class CareForm(forms.ModelForm):
    translations_checked = forms.BooleanField(
        label=_("Both languages say the same"),
        required=False,
        help_text=_("Tick after checking the other language: this clears the “possibly out of date” mark."),
    )


class MissingLanguageFilter(admin.SimpleListFilter):
    """Rows lacking a language in any of the admin's `care_fields` (and `care_related`, e.g. choices)."""

    title = _("translation")
    parameter_name = "missing"

    def __init__(self, request, params, model, model_admin):
        self.model_admin = model_admin
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [
            (code, gettext("%(language)s missing") % {"language": name}) for code, name in languages.names().items()
        ]

    def queryset(self, request, queryset):
        lang = self.value()
        if lang not in languages.codes():
            return queryset
        fields = [*self.model_admin.care_fields, *self.model_admin.care_related]
        condition = Q()
        for field in fields:
            condition |= _blank(f"{field}_{lang}")
        return queryset.filter(pk__in=queryset.filter(condition).values("pk"))


class OutdatedLanguageFilter(admin.SimpleListFilter):
    title = _("possibly out of date")
    parameter_name = "outdated"

    def lookups(self, request, model_admin):
        return [
            (code, gettext("%(language)s possibly out of date") % {"language": name})
            for code, name in languages.names().items()
        ]

    def queryset(self, request, queryset):
        if self.value() in languages.codes():
            return queryset.filter(outdated_language=self.value())
        return queryset


class TranslationCare:
    """A column and a filter for what is missing or may lag, and the save hook that marks it."""

    form = CareForm
    care_fields: tuple[str, ...] = ()  # the translated fields of the model itself
    care_related: tuple[str, ...] = ()  # lookups into inlines, e.g. "choices__text"
    care_inlines: dict = {}  # inline model → its translated fields, counted as this object's text

    @admin.display(description=_("missing"))
    def missing(self, obj):
        missing = [code.upper() for code in languages.codes() if self._lacks(obj, code)]
        return ", ".join(missing) or "—"

    @admin.display(description=_("possibly out of date"), ordering="outdated_language")
    def outdated(self, obj):
        return obj.outdated_language.upper() or "—"

    def _lacks(self, obj, code: str) -> bool:
        if any(not (getattr(obj, f"{field}_{code}") or "").strip() for field in self.care_fields):
            return True
        if "choices__text" in self.care_related:  # prefetched by get_queryset
            return any(not (getattr(c, f"text_{code}") or "").strip() for c in obj.choices.all())
        return False

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f != CHECKED_FIELD]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if obj is not None and obj.outdated_language:
            description = _("The other language was edited after this one: check it, then tick the box.")
            fieldsets.append((_("Translation care"), {"fields": [CHECKED_FIELD], "description": description}))
        return fieldsets

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            return
        changed = changed_languages(form.changed_data, self.care_fields)
        for formset in formsets:
            fields = self.care_inlines.get(formset.model)
            if fields:
                for inline_form in formset.forms:
                    changed |= changed_languages(inline_form.changed_data, fields)
            elif hasattr(formset.model, "outdated_language"):
                _care_for_inline(formset)
        obj = form.instance
        outdated = next_outdated(obj.outdated_language, changed, form.cleaned_data.get(CHECKED_FIELD, False))
        if outdated != obj.outdated_language:
            # update(), not save(): the flag is bookkeeping and must not touch updated_at.
            type(obj).objects.filter(pk=obj.pk).update(outdated_language=outdated)
            obj.outdated_language = outdated


def _care_for_inline(formset):
    """Inline rows that carry their own mark (cards in a deck): each row is judged on its own."""
    from modeltranslation.translator import translator

    fields = tuple(translator.get_options_for_model(formset.model).fields)
    for inline_form in formset.forms:
        instance = inline_form.instance
        if not instance.pk or inline_form in formset.deleted_forms or not inline_form.initial:
            continue
        outdated = next_outdated(instance.outdated_language, changed_languages(inline_form.changed_data, fields))
        if outdated != instance.outdated_language:
            type(instance).objects.filter(pk=instance.pk).update(outdated_language=outdated)


class TranslationCareAdmin(TranslationCare, RefuseNulSearch, TabbedTranslationAdmin):
    """Both languages side by side (modeltranslation's tabs, one set per field)."""


class OneSwitchCareAdmin(TranslationCare, RefuseNulSearch, TranslationAdmin):
    """Both languages, with one language switch for the whole form (quiz/static/quiz/teach-admin.js)
    instead of a tab set on every field; without JavaScript both languages show, each labelled."""

    class Media:
        css = {"all": ["quiz/teach-admin.css"]}
        js = ["quiz/teach-admin.js"]

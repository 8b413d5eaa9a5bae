"""Inlines whose autocomplete fields cost no query per row.

Django's AutocompleteSelect renders the chosen option of each row by querying the related table for
it: an inline of 60 quiz questions made 60 such queries. Here the row's related object, already
loaded with the inline's queryset (select_related), gives the label instead; a value that is not
the loaded one (a form sent back with another choice) falls back to Django's query.
"""

from django.contrib.admin.widgets import AutocompleteSelect


class PreloadedAutocompleteSelect(AutocompleteSelect):
    preloaded: dict[str, str] | None = None  # str(pk) → label of the row's related object

    def optgroups(self, name, value, attr=None):
        chosen = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if not self.preloaded or not chosen or not chosen <= self.preloaded.keys():
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for pk in sorted(chosen):
            options.append(self.create_option(name, pk, self.preloaded[pk], chosen, len(options)))
        return [(None, options, 0)]


class PreloadedAutocompleteMixin:
    """For an InlineModelAdmin whose get_queryset select_related()s its autocomplete fields."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = PreloadedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        names = self.get_autocomplete_fields(request)

        class Preloaded(formset):
            def _construct_form(self, i, **form_kwargs):
                form = super()._construct_form(i, **form_kwargs)
                for name in names:
                    field = form.fields.get(name)
                    widget = getattr(getattr(field, "widget", None), "widget", None)  # inside the related-field wrapper
                    related = getattr(form.instance, name, None) if getattr(form.instance, f"{name}_id", None) else None
                    if isinstance(widget, PreloadedAutocompleteSelect) and related is not None:
                        widget.preloaded = {str(related.pk): field.label_from_instance(related)}
                return form

        return Preloaded

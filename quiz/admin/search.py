"""Admin searches that cannot reach the database with a NUL character."""

from django.core.exceptions import BadRequest


class RefuseNulSearch:
    """PostgreSQL cannot compare text with a NUL character: an autocomplete term holding one was a
    500 (the autocomplete view asks the admin of the model searched; the change list's search form
    refuses a NUL itself). No one types it, so it is a bad request, answered with 400.html in the
    user's language."""

    def get_search_results(self, request, queryset, search_term):
        if "\x00" in search_term:
            raise BadRequest("A search term with a NUL character")
        return super().get_search_results(request, queryset, search_term)

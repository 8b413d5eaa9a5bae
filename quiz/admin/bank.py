"""Admin pages of the question bank: preview a question as a student sees it, question statistics,
and import/export. Each function takes the QuestionAdmin and returns the view it wires in get_urls."""

import random

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import fairness, importexport, item_analysis, languages, reports, workspace
from ..forms import AnswerForm
from ..forms.bank import ImportForm, StatisticsFilterForm
from ..grading import grade
from ..kinds import KINDS
from ..models import Choice, Question, Response
from ..review import review_of
from ..taking import _choice_order, grading_key

# Tokens of the teachers' preview (quiz.tokens): one scope for all, since a teacher sees the key anyway.
PREVIEW_SCOPE = "preview"


def preview(model_admin):
    """The question exactly as a student would see it, in the language of the URL (/en/ or /ru/).
    An answer is graded and explained, and nothing is saved: no attempt, no response."""

    def view(request, object_id):
        choices = Prefetch("choices", queryset=Choice.objects.order_by("position", "id"))
        question = get_object_or_404(Question.objects.select_related("fact").prefetch_related(choices), pk=object_id)
        if not model_admin.has_view_permission(request, question):
            raise PermissionDenied
        choices = _as_shown(question)
        form = AnswerForm(request.POST or None, question=question, choices=choices, scope=PREVIEW_SCOPE)
        response = None
        if request.method == "POST" and form.is_valid():
            result = grade(grading_key(question, choices), form.answer())
            response = Response(
                question=question, answer=form.answer(), is_correct=result.is_correct, points=result.points
            )  # never saved
        context = {
            "question": question,
            "choices": choices,
            "form": form,
            "response": response,
            "review": review_of(question, choices, response) if response else None,
            "languages_preview": _preview_links(question),
            "change_url": reverse("admin:quiz_question_change", args=[question.pk]),
        }
        return render(request, "admin/quiz/question/preview.html", context, status=400 if form.errors else 200)

    return view


def _as_shown(question: Question) -> list[Choice]:
    """The choices in the order a student meets them: "put in order" questions never in the right order."""
    by_id = {c.pk: c for c in question.choices.all()}
    order = _choice_order([question], shuffle=False, rng=random.Random(question.pk))[str(question.pk)]
    return [by_id[pk] for pk in order]


def _preview_links(question: Question) -> list[dict]:
    links = []
    for code in languages.codes():
        with translation.override(code):
            url = reverse("admin:quiz_question_preview", args=[question.pk])
        links.append({"code": code, "name": languages.local_name(code), "url": url})
    return links


def statistics_view(model_admin, as_csv: bool = False):
    """Per question: answers, facility, discrimination and the commonest wrong answers, over all
    answers and per language, flagged questions first, a page at a time (the CSV has them all).
    Filtered by quiz, one's own class, topic and flag."""

    def view(request):
        if not model_admin.has_view_permission(request):
            raise PermissionDenied
        form = StatisticsFilterForm(request.GET or None, user=request.user, flags=reports.FLAG_FILTERS)
        if request.GET and not form.is_valid():
            raise Http404  # another teacher's class, or an id that does not exist
        choice = form.cleaned_data if form.is_bound else {}
        if choice.get("classroom"):
            attempts = reports.class_attempts(choice["classroom"])
            if choice.get("quiz"):
                attempts = attempts.filter(quiz=choice["quiz"])
        else:  # from the counts kept in the database, whatever the number of answers
            attempts = reports.EveryAttempt(quiz=choice.get("quiz"))
        counted = reports.counted_figures(attempts, topic=choice.get("topic"), flag=choice.get("flag", ""))
        figures = counted.figures
        if as_csv:
            stamp = timezone.localdate().isoformat()
            return reports.csv_streaming_response(
                f"question-statistics-{stamp}.csv", reports.statistics_csv_lines(figures, attempts)
            )
        page = Paginator(figures, reports.STATISTICS_PAGE_SIZE).get_page(choice.get("page"))
        rows = reports.statistics_for(page.object_list, attempts, cached=True)
        context = {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": _("Question statistics"),
            "form": form,
            "page": page,
            "counted_at": counted.counted_at,
            "recount_minutes": reports.STATISTICS_CACHE_SECONDS // 60,
            "rows": rows,
            "answered": len(figures),
            "flagged": sum(1 for figure in figures if figure.stats.flags),
            "thresholds": {
                "low": item_analysis.LOW_FACILITY,
                "high": item_analysis.HIGH_FACILITY,
                "discrimination": item_analysis.LOW_DISCRIMINATION,
                "gap": item_analysis.LANGUAGE_GAP,
                "min": item_analysis.MIN_RESPONSES,
            },
            "query": _without_page(request.GET),
            # The page's questions that are not equally hard in both languages (quiz/fairness.py).
            "fairness": workspace.page_fairness(attempts, rows),
            "min_answers": fairness.MIN_PER_GROUP,
        }
        return render(request, "admin/quiz/question/statistics.html", context)

    return view


def _without_page(query) -> str:
    query = query.copy()
    query.pop("page", None)
    return query.urlencode()


def import_bank(model_admin):
    """Upload JSON or CSV; every row is checked first and nothing is saved unless all are right."""

    def view(request):
        # An import may add or change topics, facts, questions and choices alike.
        needed = [
            f"quiz.{action}_{model._meta.model_name}"
            for model in importexport.BANK_MODELS
            for action in ("add", "change")
        ]
        if not request.user.has_perms(needed):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            try:
                text = importexport.decode(form.cleaned_data["file"].read())
                load = importexport.import_json if form.format == "json" else importexport.import_csv
                result = load(text)
            except importexport.ImportFailed as failure:
                errors = failure.errors
            else:
                messages.success(request, _imported_message(result))
                return redirect("admin:quiz_question_changelist")
        context = {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": _("Import questions"),
            "form": form,
            "errors": errors,
            "columns": importexport.CSV_COLUMNS,
            "kinds": ", ".join(KINDS),
            "limits": [importexport.too_many_rows(), importexport.too_many_objects()],
        }
        return render(request, "admin/quiz/question/import.html", context, status=400 if errors or form.errors else 200)

    return view


def _imported_message(result: importexport.ImportResult) -> str:
    created = ngettext("%(count)s new", "%(count)s new", result.created) % {"count": result.created}
    updated = ngettext("%(count)s updated", "%(count)s updated", result.updated) % {"count": result.updated}
    return _("Imported: %(created)s, %(updated)s.") % {"created": created, "updated": updated}


def export_bank(model_admin, kind: str):
    def view(request):
        if not model_admin.has_view_permission(request):
            raise PermissionDenied
        stamp = timezone.localdate().isoformat()
        # Both stream: a bank of 10,000 questions is written a chunk at a time as it is sent.
        if kind == "json":
            chunks = (chunk.encode() for chunk in importexport.export_json_chunks())
            response = StreamingHttpResponse(chunks, content_type="application/json; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="question-bank-{stamp}.json"'
            return response
        return reports.csv_streaming_response(f"question-bank-{stamp}.csv", importexport.export_csv_lines())

    return view

"""Classes and results in the admin. A teacher sees only their own classes, their students'
attempts, and the reports built from them; another teacher's class is a 404 like one that does not exist."""

import zoneinfo

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .. import qr, reports
from ..models import Assignment, Attempt, Classroom, Membership, Profile, Quiz, Response
from .search import RefuseNulSearch


def time_zone_choices() -> list[tuple[str, str]]:
    """Every IANA zone, Region/City, as a list to pick from (no typing, no typos)."""
    zones = sorted(z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))
    return [(zone, zone.replace("_", " ")) for zone in zones]


class ClassroomForm(forms.ModelForm):
    # Not required: left out, the class keeps the site's zone (settings.TIME_ZONE).
    time_zone = forms.ChoiceField(label=capfirst(_("time zone")), choices=time_zone_choices, required=False)

    class Meta:
        model = Classroom
        fields = ("name", "teacher", "time_zone")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["time_zone"]
        field.help_text = Classroom._meta.get_field("time_zone").help_text
        if not self.instance.pk:
            field.initial = Classroom._meta.get_field("time_zone").get_default()
        # A zone the list lacks (the site's default "UTC") stays choosable.
        current = self.instance.time_zone if self.instance.pk else field.initial
        if current not in dict(field.choices):
            field.choices = [(current, current), *field.choices]

    def clean_time_zone(self):
        return self.cleaned_data["time_zone"] or Classroom._meta.get_field("time_zone").get_default()


class NotFoundForOthers:
    """The admin answers an object outside get_queryset with a redirect and a message; a class or
    attempt of another teacher must look exactly like one that does not exist: 404."""

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404


def join_panel(request, classroom: Classroom) -> dict:
    """The code, the link that fills it in, and the link as a QR code (SVG drawn here, no script)."""
    url = request.build_absolute_uri(classroom.join_path())
    return {"code": classroom.join_code, "url": url, "qr": qr.svg(url)}


MEMBERS_PAGE = 50  # students per page of a class's page: each row is a small form to render


class MemberPageFormSet(forms.BaseInlineFormSet):
    """One page of the class's students (?students=2 …), so the class page stays light for a class of
    300; saving changes or removes the students of the page shown (the form posts to its own URL)."""

    page_number = None  # the page asked for: set per request by MembershipInline.get_formset

    def __init__(self, *args, queryset=None, instance=None, **kwargs):
        members = queryset.filter(classroom=instance) if instance is not None and instance.pk else queryset.none()
        self.page = Paginator(members.values_list("pk", flat=True), MEMBERS_PAGE).get_page(self.page_number)
        self.page_links = self.page.paginator.get_elided_page_range(self.page.number)
        page = queryset.filter(pk__in=list(self.page.object_list))
        super().__init__(*args, queryset=page, instance=instance, **kwargs)


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MemberPageFormSet
    template = "admin/quiz/classroom/members_inline.html"
    extra = 0
    fields = ("username", "student_name", "joined_at", "extra_time", "extra_attempts")
    readonly_fields = ("username", "student_name", "joined_at")
    verbose_name = _("student")
    verbose_name_plural = _("students and their accommodations")

    def has_add_permission(self, request, obj=None):
        return False  # students join with the class's code; a teacher may remove one

    # Plain text, not the default link: teachers have no access to user accounts.
    @admin.display(description=_("student"))
    def username(self, membership):
        return membership.student.get_username()

    @admin.display(description=pgettext_lazy("a person's name", "name"))
    def student_name(self, membership):
        return reports.student_name(membership.student)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"page_number": request.GET.get("students")})

    def get_queryset(self, request):
        # The classroom too: the inline shows each row's __str__, which names it (one query a student otherwise).
        return (
            super().get_queryset(request).select_related("student__profile", "classroom").order_by("student__username")
        )


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 1
    fields = ("quiz", "due_at", "live_game_link")
    readonly_fields = ("live_game_link",)
    verbose_name = _("assignment")
    verbose_name_plural = _("assignments (due dates in the class’s time zone)")

    @admin.display(description=_("live game"))
    def live_game_link(self, assignment):
        if not assignment.pk:
            return "—"
        url = reverse("quiz:live_new", args=[assignment.quiz.slug])
        return format_html('<a href="{}?assignment={}">{}</a>', url, assignment.pk, _("Start a live game"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "quiz":
            kwargs["queryset"] = Quiz.objects.published().real()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Classroom)
class ClassroomAdmin(RefuseNulSearch, NotFoundForOthers, admin.ModelAdmin):
    form = ClassroomForm
    list_display = ("name", "join_code", "time_zone", "student_count", "assignment_count", "report_link")
    search_fields = ("name",)
    raw_id_fields = ("teacher",)
    inlines = [AssignmentInline, MembershipInline]

    class Media:
        css = {"all": ["quiz/teach-admin.css"]}
        js = ["quiz/teach-admin.js"]

    def get_queryset(self, request):
        classrooms = Classroom.objects.visible_to(request.user).select_related("teacher")
        return classrooms.annotate(
            students_total=Count("memberships", distinct=True), assignments_total=Count("assignments", distinct=True)
        )

    def get_fields(self, request, obj=None):
        # The teacher is whoever creates the class; only a superuser hands a class to someone else.
        # No join code here: the code is shown (change_form.html) only once saved, since an unsaved
        # form's default is not the code a save keeps.
        return ("name", "teacher", "time_zone") if request.user.is_superuser else ("name", "time_zone")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Due dates are typed and shown in the class's zone (the posted one when it changes).
        zone = request.POST.get("time_zone") or None
        classroom = self.get_queryset(request).filter(pk=object_id).first() if object_id else None
        if classroom is not None:
            extra_context = {**(extra_context or {}), "join": join_panel(request, classroom)}
            zone = zone or classroom.time_zone
        extra_context = {
            **(extra_context or {}),
            "zone_name": zone or Classroom._meta.get_field("time_zone").get_default(),
        }
        try:
            tz = zoneinfo.ZoneInfo(zone or Classroom._meta.get_field("time_zone").get_default())
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            tz = timezone.get_default_timezone()  # the form says the zone is wrong
        with timezone.override(tz):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()  # now, inside the zone: a TemplateResponse would render after it
            return response

    def get_list_display(self, request):
        if request.user.is_superuser:
            return (*self.list_display[:2], "teacher", *self.list_display[2:])
        return self.list_display

    def response_add(self, request, obj, post_url_continue=None):
        # The join code exists only now: open the class's page, where it is shown to hand out.
        if "_addanother" in request.POST or "_popup" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        messages.success(
            request, _("The class is saved. Give your students its join code, the link or the QR code below.")
        )
        return redirect("admin:quiz_classroom_change", obj.pk)

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.teacher = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("students"), ordering="students_total")
    def student_count(self, classroom):
        return classroom.students_total

    @admin.display(description=_("assignments"), ordering="assignments_total")
    def assignment_count(self, classroom):
        return classroom.assignments_total

    @admin.display(description=_("results"))
    def report_link(self, classroom):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:quiz_classroom_report", args=[classroom.pk]), _("class report")
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/report/", view(self.report_view), name="quiz_classroom_report"),
            path("<int:object_id>/report.csv", view(self.report_csv_view), name="quiz_classroom_report_csv"),
            *super().get_urls(),
        ]

    def _get_classroom_for_user(self, request, object_id) -> Classroom:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request), pk=object_id)

    def report_view(self, request, object_id):
        classroom = self._get_classroom_for_user(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": classroom,
            "title": _("Class report: %(name)s") % {"name": classroom.name},
            "report": reports.class_report(classroom, viewer=request.user),
            "zone": classroom.zone,
        }
        return render(request, "admin/quiz/classroom/report.html", context)

    def report_csv_view(self, request, object_id):
        classroom = self._get_classroom_for_user(request, object_id)
        rows = reports.class_report_csv_rows(reports.class_report(classroom, viewer=request.user))
        return reports.csv_response(f"class-{classroom.pk}-report.csv", rows, reports.csv_flavour(request))


class OwnClassesFilter(admin.RelatedFieldListFilter):
    """The classes the user may open (a teacher's own): other teachers' class names stay unlisted."""

    def field_choices(self, field, request, model_admin):
        return [(c.pk, str(c)) for c in Classroom.objects.visible_to(request.user).only("id", "name")]


class ResponseInline(admin.TabularInline):
    model = Response
    extra = 0
    can_delete = False
    fields = ("question", "answer", "is_correct", "points", "language", "answered_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Each row shows its question and its __str__ (the attempt's quiz): loaded with the rows.
        return super().get_queryset(request).select_related("question", "attempt__quiz")


class AttemptChangeList(ChangeList):
    """The newest attempts first, sorted as narrow rows: without the JSON columns the list never
    shows, and with the quizzes, students and classes read for the page only (joined first, every
    attempt's row would be joined before the sort)."""

    def get_queryset(self, request, exclude_parameters=None):
        attempts = super().get_queryset(request, exclude_parameters)
        return attempts.defer("question_ids", "choice_order").prefetch_related("quiz", "user", "classroom")


@admin.register(Attempt)
class AttemptAdmin(RefuseNulSearch, NotFoundForOthers, admin.ModelAdmin):
    list_display = ("quiz", "user", "classroom", "started_at", "submitted_at", "percent_column", "detail_link")
    # Choices from the quizzes and the user's classes, not from the distinct values of every attempt
    # (Django's RelatedOnlyFieldListFilter): a read of the quizzes and classes, whatever the attempts.
    list_filter = ("quiz", ("classroom", OwnClassesFilter))
    show_facets = admin.ShowFacets.NEVER  # a count per choice over every attempt
    list_select_related = False  # AttemptChangeList reads them for the page only
    show_full_result_count = False  # a second count of every attempt, for "(n total)" beside a filter
    search_fields = ("user__username",)
    fields = (
        "public_id",
        "quiz",
        "student",
        "classroom",
        "assignment",
        "started_at",
        "deadline",
        "submitted_at",
        "score",
        "max_score",
    )
    readonly_fields = fields
    inlines = [ResponseInline]

    # Plain text, not the default link: teachers have no access to user accounts.
    @admin.display(description=_("student"))
    def student(self, attempt):
        return attempt.user.get_username() if attempt.user else "—"

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_changelist(self, request, **kwargs):
        return AttemptChangeList

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("score"))
    def percent_column(self, attempt):
        return f"{attempt.percent}%" if attempt.is_finished else "—"

    @admin.display(description=_("answers"))
    def detail_link(self, attempt):
        return format_html('<a href="{}">{}</a>', reverse("admin:quiz_attempt_detail", args=[attempt.pk]), _("details"))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/detail/", view(self.detail_view), name="quiz_attempt_detail"),
            path("<int:object_id>/detail.csv", view(self.detail_csv_view), name="quiz_attempt_detail_csv"),
            *super().get_urls(),
        ]

    def _get_attempt_for_user(self, request, object_id) -> Attempt:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request).select_related("quiz", "user", "classroom"), pk=object_id)

    def detail_view(self, request, object_id):
        attempt = self._get_attempt_for_user(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": attempt,
            "title": _("Attempt: %(quiz)s") % {"quiz": attempt.quiz.title},
            "attempt": attempt,
            "rows": reports.attempt_detail(attempt),
        }
        return render(request, "admin/quiz/attempt/detail.html", context)

    def detail_csv_view(self, request, object_id):
        attempt = self._get_attempt_for_user(request, object_id)
        rows = reports.attempt_csv_rows(attempt, reports.attempt_detail(attempt))
        return reports.csv_response(f"attempt-{attempt.pk}.csv", rows, reports.csv_flavour(request))


admin.site.register(Profile)

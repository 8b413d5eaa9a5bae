"""Live games in the admin, read-mostly: a game is started from a quiz page (quiz/live/) and played on
the projector; here a teacher finds their past games, who played and what each answered, and opens a
game's results page. A teacher sees only the games they hosted (a superuser: all); another teacher's
game, player or answer is a 404 like one that does not exist."""

from django.contrib import admin
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Choice, LiveAnswer, LiveGame, Player
from .classes import NotFoundForOthers
from .search import RefuseNulSearch


class ReadOnly:
    """Nothing here is typed by hand: games, seats and answers are written by the game itself."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _results_link(game: LiveGame):
    return format_html('<a href="{}">{}</a>', reverse("quiz:live_results", args=[game.public_id]), _("results"))


class PlayerInline(ReadOnly, admin.TabularInline):
    model = Player
    extra = 0
    can_delete = False
    fields = ("nickname", "language", "team", "score", "removed", "joined_at", "saved_as_attempt")
    readonly_fields = fields
    show_change_link = True

    @admin.display(description=_("saved to progress"), boolean=True)
    def saved_as_attempt(self, player):
        return player.attempt_id is not None

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("removed", "-score", "joined_at", "id")


@admin.register(LiveGame)
class LiveGameAdmin(ReadOnly, RefuseNulSearch, NotFoundForOthers, admin.ModelAdmin):
    list_display = ("code", "quiz", "state", "created_at", "player_count", "results")
    list_filter = ("state", ("quiz", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("quiz", "host")
    search_fields = ("code", "quiz__title_en", "quiz__title_ru")
    date_hierarchy = "created_at"
    fields = (
        "code",
        "quiz",
        "assignment",
        "host_name",
        "scoring",
        "seconds_per_question",
        "teams",
        "state",
        "created_at",
        "started_at",
        "ended_at",
        "results",
    )
    readonly_fields = fields
    inlines = [PlayerInline]

    def get_queryset(self, request):
        games = LiveGame.objects.hosted_by(request.user).annotate(players_total=Count("players"))
        return games.select_related("quiz", "host", "assignment__classroom", "assignment__quiz")

    def get_list_display(self, request):
        # Whose game it is matters only to a superuser, who sees everyone's.
        if request.user.is_superuser:
            return (*self.list_display[:2], "host", *self.list_display[2:])
        return self.list_display

    @admin.display(description=_("host"))
    def host_name(self, game):
        return game.host.get_username()

    @admin.display(description=_("players"), ordering="players_total")
    def player_count(self, game):
        return game.players_total

    @admin.display(description=_("results"))
    def results(self, game):
        return _results_link(game)


class LiveAnswerInline(ReadOnly, admin.TabularInline):
    model = LiveAnswer
    extra = 0
    can_delete = False
    fields = ("number", "question", "given", "is_correct", "points", "language", "received_at")
    readonly_fields = fields

    @admin.display(description=_("question number"))
    def number(self, answer):
        return answer.index + 1

    @admin.display(description=_("answer"))
    def given(self, answer):
        return describe(answer)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question").prefetch_related(_choices())


@admin.register(Player)
class PlayerAdmin(ReadOnly, RefuseNulSearch, NotFoundForOthers, admin.ModelAdmin):
    list_display = ("nickname", "game", "language", "team", "score", "answer_count", "removed")
    list_filter = ("removed", "language")
    list_select_related = ("game__quiz",)
    search_fields = ("nickname", "game__code")
    fields = ("nickname", "game", "language", "team", "score", "removed", "joined_at", "attempt", "results")
    readonly_fields = fields
    inlines = [LiveAnswerInline]

    def get_queryset(self, request):
        players = Player.objects.filter(game__in=LiveGame.objects.hosted_by(request.user))
        return players.select_related("game__quiz", "attempt").annotate(answers_total=Count("answers"))

    @admin.display(description=_("answers"), ordering="answers_total")
    def answer_count(self, player):
        return player.answers_total

    @admin.display(description=_("results"))
    def results(self, player):
        return _results_link(player.game)


@admin.register(LiveAnswer)
class LiveAnswerAdmin(ReadOnly, RefuseNulSearch, NotFoundForOthers, admin.ModelAdmin):
    list_display = ("player", "game_code", "number", "question", "given", "is_correct", "points", "language")
    list_filter = ("is_correct", "language")
    search_fields = ("player__nickname", "player__game__code")
    fields = (
        "player",
        "game_code",
        "number",
        "question",
        "given",
        "grade",
        "is_correct",
        "points",
        "language",
        "received_at",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        answers = LiveAnswer.objects.filter(player__game__in=LiveGame.objects.hosted_by(request.user))
        # The answer as text needs each question's choices: one more query per page, not per row.
        return answers.select_related("player__game", "question").prefetch_related(_choices())

    @admin.display(description=_("game"), ordering="player__game__code")
    def game_code(self, answer):
        return answer.player.game.code

    @admin.display(description=_("question number"), ordering="index")
    def number(self, answer):
        return answer.index + 1

    @admin.display(description=_("answer"))
    def given(self, answer):
        return describe(answer)


def _choices() -> Prefetch:
    # Built per request: the choices' text is read in the teacher's language.
    return Prefetch("question__choices", queryset=Choice.objects.order_by("position", "id"))


def describe(answer: LiveAnswer) -> str:
    """What the player answered, as text in the active language (the kind's own description)."""
    question = answer.question
    return question.kind_handler.describe(question, list(question.choices.all()), answer.answer)[0]

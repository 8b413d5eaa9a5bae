"""The live game's pages. The projector and the phones update over WebSockets (consumers.py);
every page here also works on its own, without JavaScript: a player's page reloads itself and
answers with a plain form, the projector's buttons post their move."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import qr
from ..models import Assignment, LiveGame, Quiz
from ..spreadsheets import csv_bytes
from ..throttling import FailureCounter, client_address
from . import consumers, nicknames, reports, services, snapshots
from .forms import ControlForm, CreateGameForm, JoinCodeForm, NicknameForm

SEATS = consumers.SEATS_SESSION_KEY
CODE_FAILURES_PER_ADDRESS, CODE_WINDOW_SECONDS = 30, 600


def _code_failures(request) -> FailureCounter:
    return FailureCounter(
        {f"throttle:live:address:{client_address(request)}": CODE_FAILURES_PER_ADDRESS}, window=CODE_WINDOW_SECONDS
    )


def _hosted_game(request, public_id) -> LiveGame:
    """The game, if the signed-in user hosts it (a superuser: any); another's is a 404 like a missing one."""
    if not request.user.has_perm("quiz.add_livegame"):
        raise PermissionDenied
    return get_object_or_404(LiveGame.objects.hosted_by(request.user).select_related("quiz"), public_id=public_id)


# --- players -----------------------------------------------------------------------------------------


def join(request):
    form = JoinCodeForm(
        request.POST or None, failures=_code_failures(request), initial={"code": request.GET.get("code", "")[:10]}
    )
    if request.method == "POST":
        if form.is_valid():
            return redirect("quiz:live_nickname", public_id=form.game.public_id)
        status = 429 if form.has_error("code", "throttled") else 400
        return render(request, "quiz/live/join.html", {"form": form}, status=status)
    return render(request, "quiz/live/join.html", {"form": form})


def join_code(request, code):
    """The link on the projector and in its QR code: straight to the nickname of that game."""
    game = LiveGame.objects.open().filter(code=code).first()
    if game is None:
        messages.error(request, _("No game is open with the code %(code)s. Check the projector.") % {"code": code})
        return redirect("quiz:live_join")
    return redirect("quiz:live_nickname", public_id=game.public_id)


def nickname(request, public_id):
    game = get_object_or_404(LiveGame, public_id=public_id)
    if services.seat(game, request.session.get(SEATS, {}).get(str(public_id)), request.user):
        return redirect("quiz:live_play", public_id=public_id)
    if game.is_over:
        return render(request, "quiz/live/ended.html", {"game": game}, status=410)
    user = request.user if request.user.is_authenticated else None
    initial = {"nickname": nicknames.display_name(user)} if user else {}
    form = NicknameForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            player = services.join(
                game=game, nickname=form.cleaned_data["nickname"], user=user, language=get_language()
            )
        except services.Refused as refused:
            form.add_error("nickname", str(refused))
        else:
            request.session[SEATS] = {**request.session.get(SEATS, {}), str(public_id): player.seat}
            consumers.publish(game.pk)  # the projector lists the newcomer
            return redirect("quiz:live_play", public_id=public_id)
    status = 400 if form.errors else 200
    return render(request, "quiz/live/nickname.html", {"game": game, "form": form}, status=status)


def _my_seat(request, public_id):
    game = get_object_or_404(LiveGame, public_id=public_id)
    player = services.seat(game, request.session.get(SEATS, {}).get(str(public_id)), request.user)
    return game, player


def play(request, public_id):
    game, player = _my_seat(request, public_id)
    if player is None:
        return redirect("quiz:live_nickname", public_id=public_id)
    if player.removed:
        return render(request, "quiz/live/ended.html", {"game": game, "removed": True}, status=403)
    if request.method == "POST":
        return _answer_without_javascript(request, game, player)
    if services.close_if_due(game.pk):
        consumers.publish(game.pk)
        game.refresh_from_db()
    if player.language != get_language():  # switched language: the seat is kept, later answers say so
        player.language = get_language()
        player.save(update_fields=["language"])
    snap = snapshots.build(game)
    stage = snapshots.render_player(snap, str(player.public_id), player.language, csrf_token=get_token(request))
    context = {
        "game": game,
        "player": player,
        "stage": stage,
        "announce": snapshots.announcement(snap, player.language),
        "snap": snap,
    }
    return render(request, "quiz/live/play.html", context)


def _answer_without_javascript(request, game, player):
    try:
        index = int(request.POST.get("q", ""))
    except ValueError:
        return HttpResponse(_("That answer is for no question of this game."), status=400)
    fields = {
        key: request.POST.getlist(key) if key == "choices" else request.POST.get(key)
        for key in request.POST
        if key not in ("q", "csrfmiddlewaretoken")
    }
    try:
        services.answer(game_id=game.pk, player=player, index=index, fields=fields, language=get_language())
    except services.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Your answer is in."))
        consumers.publish(game.pk)
    return redirect("quiz:live_play", public_id=game.public_id)


# --- the teacher -------------------------------------------------------------------------------------


@login_required
def new_game(request, slug):
    if not request.user.has_perm("quiz.add_livegame"):
        raise PermissionDenied
    quiz = get_object_or_404(Quiz.objects.published().real(), slug=slug)
    assignment = None
    if request.GET.get("assignment", "").isdigit():
        assignment = get_object_or_404(
            Assignment.objects.filter(quiz=quiz, classroom__in=_classrooms(request.user)).select_related("classroom"),
            pk=request.GET["assignment"],
        )
    form = CreateGameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            game = services.create_game(
                quiz=quiz,
                host=request.user,
                scoring=data["scoring"],
                seconds_per_question=data["seconds"],
                teams=data["teams"],
                assignment=assignment,
            )
        except services.Refused as refused:
            form.add_error(None, str(refused))
        else:
            return redirect("quiz:live_projector", public_id=game.public_id)
    status = 400 if form.errors else 200
    return render(request, "quiz/live/new.html", {"quiz": quiz, "assignment": assignment, "form": form}, status=status)


def _classrooms(user):
    from ..models import Classroom

    return Classroom.objects.visible_to(user)


@login_required
def projector(request, public_id):
    game = _hosted_game(request, public_id)
    if services.close_if_due(game.pk):
        consumers.publish(game.pk)
        game.refresh_from_db()
    snap = snapshots.build(game)
    join_url = request.build_absolute_uri(reverse("quiz:live_join_code", args=[game.code]))
    context = {
        "game": game,
        "stage": snapshots.render_host(snap, get_language(), get_token(request)),
        "join_url": join_url,
        "qr": qr.svg(join_url, "live-qr"),
        "announce": snapshots.announcement(snap, get_language()),
        "snap": snap,
    }
    return render(request, "quiz/live/projector.html", context)


@login_required
@require_POST
def control(request, public_id):
    game = _hosted_game(request, public_id)
    form = ControlForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("That move is not one of the game's."), status=400)
    try:
        game = services.control(
            game_id=game.pk, action=form.cleaned_data["action"], player_id=form.cleaned_data.get("player")
        )
    except services.Refused as refused:
        messages.error(request, str(refused))
    else:
        consumers.publish(game.pk)
        consumers.after_move(game)
    if game.is_over:
        return redirect("quiz:live_results", public_id=public_id)
    return redirect("quiz:live_projector", public_id=public_id)


@login_required
def results(request, public_id):
    game = _hosted_game(request, public_id)
    return render(request, "quiz/live/results.html", {"game": game, **reports.game_report(game)})


@login_required
def results_csv(request, public_id):
    game = _hosted_game(request, public_id)
    response = HttpResponse(
        csv_bytes(reports.csv_rows(reports.game_report(game))), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="live-game-{game.code}-{game.created_at:%Y-%m-%d}.csv"'
    return response

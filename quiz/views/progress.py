"""My progress and the leaderboards. The figures come from quiz.progress; views only assemble them."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import habits
from .. import progress as stats
from ..forms.accounts import HistoryPageForm
from ..forms.habits import DailyGoalForm
from ..models import Profile, Quiz
from ..ownership import learner_for


def _page_number(request) -> int:
    form = HistoryPageForm(request.GET)
    if not form.is_valid():
        raise Http404
    return form.cleaned_data["page"] or 1


def progress(request):
    """The learner's own history: a signed-in student's account, or what an anonymous visitor did
    in this browser (with an invitation to keep it by signing up). Nobody else's is reachable."""
    return _progress_page(request, _page_number(request))


@require_POST
def daily_goal(request):
    """Set the daily goal (anonymous visitors too: it is kept in their browser's learner key)."""
    form = DailyGoalForm(request.POST)
    if not form.is_valid():
        return _progress_page(request, 1, goal_form=form, status=400)
    habits.set_goal(learner_for(request, create=True), **form.cleaned_data)
    messages.success(request, _("Your daily goal is saved."))
    return redirect(reverse("quiz:progress") + "#habit")


def _progress_page(request, page: int, goal_form: DailyGoalForm | None = None, status: int = 200):
    learner = learner_for(request)
    history, has_older = stats.history_page(learner, page)
    if page > 1 and not history:
        raise Http404
    recent = stats.recent_scores(learner)
    habit = habits.habit_for(learner)
    context = {
        "history": history,
        "page": page,
        "has_older": has_older,
        "summaries": stats.quiz_summaries(learner),
        "chart": stats.score_chart(recent) if recent else None,
        "mastery": stats.topic_mastery(learner),
        "cards": stats.flashcard_summary(learner),
        "habit": habit,
        "goal_form": goal_form or DailyGoalForm(instance=habit.goal),
    }
    return render(request, "quiz/progress.html", context, status=status)


def _board_page(request, quiz: Quiz | None):
    viewer_id = request.user.pk if request.user.is_authenticated else None
    context = {
        "quiz": quiz,
        "quizzes": Quiz.objects.published(),
        "board": stats.leaderboard(quiz=quiz, viewer_id=viewer_id),
        "hidden": viewer_id is not None
        and Profile.objects.filter(user_id=viewer_id, show_on_leaderboard=False).exists(),
    }
    return render(request, "quiz/leaderboard.html", context)


def leaderboard(request):
    return _board_page(request, quiz=None)


def quiz_leaderboard(request, slug):
    # Published quizzes only: the unlisted practice quiz has no leaderboard.
    return _board_page(request, quiz=get_object_or_404(Quiz.objects.published(), slug=slug))

"""My progress and the leaderboards. The figures come from quiz.progress; views only assemble them."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .. import progress as stats
from ..forms.accounts import HistoryPageForm
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
    learner = learner_for(request)
    page = _page_number(request)
    history, has_older = stats.history_page(learner, page)
    if page > 1 and not history:
        raise Http404
    recent = stats.recent_scores(learner)
    context = {
        "history": history,
        "page": page,
        "has_older": has_older,
        "summaries": stats.quiz_summaries(learner),
        "chart": stats.score_chart(recent) if recent else None,
        "mastery": stats.topic_mastery(learner),
        "cards": stats.flashcard_summary(learner),
    }
    return render(request, "quiz/progress.html", context)


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

"""The quiz loop: quiz page → one question a page → result with review."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..content_cache import question_as_shown
from ..forms import AnswerForm, ResultFilterForm
from ..forms.classes import StartAttemptForm
from ..models import Assignment, Attempt, Deck, Fact, Membership, Question, Quiz
from ..ownership import Learner, learner_for
from ..review import decks_to_study, first_unanswered, question_map, result_of, review_of
from ..taking import (
    Refused,
    attempts_left,
    finish_attempt,
    record_answer,
    start_attempt,
    start_practice,
)
from .errors import AttemptUnavailable


def quiz_list(request):
    quizzes = Quiz.objects.published().with_question_counts()
    return render(request, "quiz/quiz_list.html", {"quizzes": quizzes})


def quiz_detail(request, slug):
    quiz = get_object_or_404(Quiz.objects.published().with_question_counts(), slug=slug)
    learner = learner_for(request)
    if request.method == "POST":
        # An assignment id says which class the attempt is for; only one of the student's own classes.
        form = StartAttemptForm(request.POST, user=request.user, quiz=quiz)
        if not form.is_valid():
            messages.error(request, form.errors["assignment"][0])
            return redirect(quiz)
        try:
            attempt = start_attempt(
                quiz=quiz, learner=learner_for(request, create=True), assignment=form.cleaned_data["assignment"]
            )
        except Refused as refusal:
            messages.error(request, str(refusal))
            return redirect(quiz)
        return redirect(attempt_question_url(attempt, 1))  # a new attempt starts at 1: no query to find it
    context = {
        "quiz": quiz,
        "attempts_left": attempts_left(quiz, learner),
        "unfinished": Attempt.objects.owned_by(learner).filter(quiz=quiz, submitted_at__isnull=True).first()
        if learner.user_id or learner.anon_key
        else None,
        "assignment": Assignment.objects.for_student(request.user).filter(quiz=quiz).select_related("classroom").first()
        if request.user.is_authenticated
        else None,
        "my_time_limit": _stretched_time_limit(quiz, request.user),
    }
    return render(request, "quiz/quiz_detail.html", context)


def _stretched_time_limit(quiz: Quiz, user):
    """The student's own limit when a teacher gave them extra time (else None): seen by them only,
    as the server will keep it (quiz.taking)."""
    if not quiz.time_limit_minutes or not user.is_authenticated:
        return None
    accommodation = Membership.objects.accommodation_for(user.pk)
    return accommodation.time_limit(quiz.time_limit_minutes) if accommodation.time > 1 else None


@require_POST
def practice_fact(request, slug):
    """A short practice attempt of the published questions that test one fact (from the timeline)."""
    fact = get_object_or_404(Fact, slug=slug)
    question_ids = list(Question.objects.published().filter(fact=fact).values_list("id", flat=True))
    if not question_ids:
        raise Http404
    try:
        attempt = start_practice(question_ids=question_ids, learner=learner_for(request, create=True))
    except Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("quiz:timeline")
    return redirect(attempt)


def _get_attempt(request, public_id) -> Attempt:
    """The attempt, only for its owner. Anyone else, and an unknown id, gets the same 404 page, which
    says that the attempt belongs to a session that has ended or to another account (views.errors)."""
    try:  # get(), not first(): no ORDER BY to build for a unique id (every page and answer does this)
        attempt = Attempt.objects.select_related("quiz").get(public_id=public_id)
    except Attempt.DoesNotExist:
        attempt = None
    if attempt is None or not attempt.is_owned_by(learner_for(request)):
        raise AttemptUnavailable(public_id, attempt)
    return attempt


def _question_with_choices(attempt: Attempt, number: int):
    question_id = attempt.question_id_at(number)
    if question_id is None:
        raise Http404
    shown = question_as_shown(question_id, attempt.choice_order)  # cached: read on every page and answer
    if shown is None:
        raise Http404
    return shown


def resume(request, public_id):
    return redirect(_get_attempt(request, public_id))


def question(request, public_id, number):
    attempt = _get_attempt(request, public_id)
    question, choices = _question_with_choices(attempt, number)
    if not attempt.is_finished and attempt.time_is_up():
        finish_attempt(attempt)
        messages.warning(request, _("Time is up. Answers you had sent are counted; the rest are not."))
        return redirect(attempt)
    form = AnswerForm(question=question, choices=choices, scope=attempt.token_scope)
    status = 200
    if request.method == "POST":
        form = AnswerForm(request.POST, question=question, choices=choices, scope=attempt.token_scope)
        if form.is_valid():
            try:
                record_answer(
                    attempt=attempt, question=question, choices=choices, answer=form.answer(), language=get_language()
                )
                return redirect(_after_answer(attempt, number))
            except Refused as refusal:
                messages.error(request, str(refusal))
                status = 409
        else:
            status = 400
    # One query for the progress, the map and this question's response (a quiz has at most a few dozen).
    answered = {r.question_id: r for r in attempt.responses.order_by()}  # unordered: a dict needs none
    response = answered.get(question.pk)
    context = {
        "attempt": attempt,
        "question": question,
        "choices": choices,
        "number": number,
        "form": form,
        "response": response,
        "show_feedback": response is not None and _feedback_now(attempt),
        "review": review_of(question, choices, response) if response else None,
        **_navigation(attempt, set(answered), number),
    }
    return render(request, "quiz/question.html", context, status=status)


def _navigation(attempt: Attempt, answered_ids: set[int], number: int) -> dict:
    """The map and the way on: the next unanswered question after this one, the first one overall."""
    urls = question_urls(attempt)
    next_unanswered = first_unanswered(attempt, answered_ids, after=number)
    first = first_unanswered(attempt, answered_ids)
    return {
        "answered_count": len(answered_ids),
        "unanswered_count": attempt.question_total - len(answered_ids),
        "question_map": question_map(attempt, answered_ids, number, urls),
        "next_unanswered": next_unanswered,
        "next_unanswered_url": urls[next_unanswered - 1] if next_unanswered else None,
        "first_unanswered": first,
        "first_unanswered_url": urls[first - 1] if first else None,
    }


def question_urls(attempt: Attempt) -> list[str]:
    """Every question's address, in order, from one reverse(): the map links them all on every page,
    and a reverse() each was a tenth of the page's CPU in a 10-question quiz."""
    stem = attempt_question_url(attempt, 1).removesuffix("1/")
    return [f"{stem}{number}/" for number in range(1, attempt.question_total + 1)]


def _feedback_now(attempt: Attempt) -> bool:
    return attempt.is_finished or attempt.quiz.feedback == Quiz.Feedback.IMMEDIATE


def _after_answer(attempt: Attempt, number: int) -> str:
    if _feedback_now(attempt):
        return attempt_question_url(attempt, number)
    # Feedback at the end: on to the next question still without an answer (this one stays, once all are).
    return attempt_question_url(attempt, first_unanswered(attempt, attempt.answered_ids(), after=number) or number)


def attempt_question_url(attempt: Attempt, number: int) -> str:
    return reverse("quiz:question", args=[attempt.public_id, number])


@require_http_methods(["GET", "POST"])
def finish(request, public_id):
    """GET: the "finish anyway?" page, which says how many questions are left (the question page
    links here while some are). POST: score and close the attempt."""
    attempt = _get_attempt(request, public_id)
    if request.method == "GET":
        if attempt.is_finished or attempt.time_is_up():
            finish_attempt(attempt)  # time up: closed now, as the question page would (no-op when finished)
            return redirect("quiz:result", public_id=attempt.public_id)
        answered = attempt.answered_ids()
        return render(request, "quiz/finish.html", {"attempt": attempt, **_navigation(attempt, answered, 0)})
    if not finish_attempt(attempt):
        messages.info(request, _("This attempt was already finished."))
    return redirect("quiz:result", public_id=attempt.public_id)


def result(request, public_id):
    attempt = _get_attempt(request, public_id)
    if not attempt.is_finished:
        return redirect(attempt)
    show = ResultFilterForm(request.GET)
    show_all = show.is_valid() and show.cleaned_data["all"]
    summary = result_of(attempt)
    decks = decks_to_study(summary.items)
    only_mistakes = bool(summary.mistakes) and not show_all
    context = {
        "attempt": attempt,
        "summary": summary,
        "only_mistakes": only_mistakes,
        "shown": summary.mistakes if only_mistakes else summary.items,
        "decks": _decks_with_titles(decks),
        # "Try again" only where the quiz page can start one: not for practice (an unlisted quiz).
        "can_retry": attempt.quiz.is_published and attempts_left(attempt.quiz, Learner.owning(attempt)) != 0,
    }
    return render(request, "quiz/result.html", context)


def _decks_with_titles(counts: dict[str, int]) -> list[dict]:
    """The decks to study now, with their titles: one query, and only when a card is waiting."""
    if not counts:
        return []
    decks = Deck.objects.published().filter(slug__in=counts).order_by("position", "id")
    rows = [{"deck": deck, "count": counts[deck.slug]} for deck in decks]
    return sorted(rows, key=lambda row: -row["count"])  # the deck with most waiting cards gets the button

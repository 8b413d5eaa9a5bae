"""Sign up, log in, log out and the public profile. Logging in either way moves what the visitor did
anonymously in this browser into their account (quiz.ownership.claim_anonymous_work)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ..forms.accounts import LoginForm, ProfileForm, SignupForm
from ..models import Profile
from ..ownership import SESSION_KEY, claim_anonymous_work
from ..progress import display_name

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _next_url(request) -> str:
    """Where to go after logging in: a `next` on this site, else a teacher's start page or My progress."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    if request.user.is_authenticated and request.user.is_staff:
        return resolve_url("quiz:teach")
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _log_in(request, user, backend: str | None = None) -> None:
    # Read the anonymous key first: logging in over another account's session empties the session.
    anon_key = request.session.get(SESSION_KEY, "")
    login(request, user, backend=backend)
    claimed = claim_anonymous_work(anon_key, user)
    if claimed["attempts"]:
        messages.success(
            request,
            ngettext(
                "Saved to your account: %(counter)s attempt made in this browser before you logged in.",
                "Saved to your account: %(counter)s attempts made in this browser before you logged in.",
                claimed["attempts"],
            )
            % {"counter": claimed["attempts"]},
        )
    if claimed["card_states"]:
        messages.success(
            request,
            ngettext(
                "Saved to your account: your study schedule for %(counter)s flashcard.",
                "Saved to your account: your study schedule for %(counter)s flashcards.",
                claimed["card_states"],
            )
            % {"counter": claimed["card_states"]},
        )


def signup(request):
    if request.user.is_authenticated:
        return redirect("quiz:progress")
    form = SignupForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            user = form.save()
        except IntegrityError:  # the same username taken a moment ago, in another request
            form.add_error("username", get_user_model()._meta.get_field("username").error_messages["unique"])
        else:
            _log_in(request, user, backend=MODEL_BACKEND)
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("quiz:progress")
    return render(request, "registration/signup.html", {"form": form}, status=400 if form.is_bound else 200)


def login_view(request):
    """Django's AuthenticationForm, so django-axes counts failures and locks out (its middleware
    then answers with registration/locked_out.html)."""
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = LoginForm(request, data=request.POST if request.method == "POST" else None)
    if form.is_valid():
        _log_in(request, form.get_user())
        return redirect(_next_url(request))
    context = {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")}
    return render(request, "registration/login.html", context, status=400 if form.is_bound else 200)


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("You have logged out. See you soon!"))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_required
def profile(request):
    profile, _created = Profile.objects.get_or_create(user=request.user)
    profile.user = request.user  # the form's check against the username needs no query
    shown_as = display_name(profile.display_name, request.user.pk)
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=profile)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("quiz:profile")
    return render(
        request, "quiz/profile.html", {"form": form, "shown_as": shown_as}, status=400 if form.is_bound else 200
    )

"""A visitor takes a quiz without an account, signs up, and finds that attempt in My progress; and
the account pages fit a phone and a laptop in both languages with no serious accessibility issue."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Page, expect

from quiz.models import Attempt, Profile, Quiz
from tests.browser.checks import finish_with_every_answer_right, horizontal_overflow, serious_violations
from tests.factories import make_attempt, make_user

pytestmark = pytest.mark.browser

SIZES = {"phone": (375, 812), "desktop": (1280, 800)}


def test_anonymous_attempt_follows_the_student_into_their_new_account(live_server, page: Page, content, shot):
    page.goto(f"{live_server.url}/en/quizzes/first-look/")
    page.get_by_role("button", name="Start the quiz").click()
    attempt = Attempt.objects.get()
    finish_with_every_answer_right(page, attempt)

    page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill("gagarin_fan")
    page.get_by_label("Password", exact=True).fill("soyuz-19-apollo")
    page.get_by_label("Password confirmation").fill("soyuz-19-apollo")
    page.get_by_label("Display name (optional)").fill("Orbit Kid")
    shot("signup-en-desktop")
    page.get_by_role("button", name="Sign up").click()

    expect(page).to_have_url(re.compile("/en/progress/$"))
    expect(page.locator(".messages")).to_contain_text("Saved to your account: 1 attempt made in this browser")
    history = page.locator("#history")
    expect(history.get_by_role("row")).to_have_count(2)  # the header and the attempt
    expect(history).to_contain_text("First look")
    expect(history).to_contain_text("100%")
    expect(page.locator(".score-chart svg circle")).to_have_count(1)
    shot("progress-after-signup-en-desktop")
    history.get_by_role("link", name=re.compile("Review")).click()
    expect(page).to_have_url(re.compile(f"/en/attempts/{attempt.public_id}/result/$"))
    expect(page.locator(".score-big")).to_have_text("100%")

    user = get_user_model().objects.get(username="gagarin_fan")
    attempt.refresh_from_db()
    assert (attempt.user_id, attempt.anon_key) == (user.pk, "")
    assert Profile.objects.get(user=user).display_name == "Orbit Kid"

    page.goto(f"{live_server.url}/en/leaderboard/")
    expect(page.locator(".board-you")).to_contain_text("Orbit Kid")
    expect(page.locator("main")).not_to_contain_text("gagarin_fan")
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile("/en/$"))
    expect(page.get_by_role("navigation", name="Account").get_by_role("link", name="Log in")).to_be_visible()


def test_account_pages_fit_and_are_accessible_in_both_languages(live_server, page: Page, content, shot):
    viewer = make_user("viewer")
    Profile.objects.create(user=viewer, display_name="Valentina T.")
    quizzes = list(Quiz.objects.published()[:3])
    for n in range(24):
        student = make_user(f"s{n}")
        Profile.objects.create(user=student, display_name=f"Cosmonaut {n + 1}" if n % 3 else "")
        for quiz in quizzes[: 1 + n % 3]:
            size = quiz.question_count()
            make_attempt(quiz, user=student, score=(n * 7) % (size + 1), max_score=size)
    for n, quiz in enumerate(quizzes * 3):
        size = quiz.question_count()
        make_attempt(
            quiz,
            user=viewer,
            score=(n * 3) % (size + 1),
            max_score=size,
            minutes=3 + n,
            finished_at=timezone.now() - datetime.timedelta(days=9 - n),
        )

    pages = {"signup": "accounts/signup/", "login": "accounts/login/"}
    signed_in = {
        "progress": "progress/",
        "leaderboard": "leaderboard/",
        "quiz-leaderboard": f"leaderboard/{quizzes[0].slug}/",
        "profile": "profile/",
        "password": "accounts/password/",
    }
    for lang in ("en", "ru"):
        for size, (width, height) in SIZES.items():
            page.set_viewport_size({"width": width, "height": height})
            if page.context.cookies():
                page.context.clear_cookies()
            for name, path in pages.items():
                page.goto(f"{live_server.url}/{lang}/{path}")
                expect(page.locator("html")).to_have_attribute("lang", lang)
                assert horizontal_overflow(page) <= 0, f"{name} overflows at {size}"
                shot(f"{name}-{lang}-{size}")
            page.goto(f"{live_server.url}/{lang}/accounts/login/")
            page.locator("input[name=username]").fill("viewer")
            page.locator("input[name=password]").fill("orbit-1975-handshake")
            page.locator("main button[type=submit]").click()
            expect(page).to_have_url(re.compile(f"/{lang}/progress/$"))
            for name, path in signed_in.items():
                page.goto(f"{live_server.url}/{lang}/{path}")
                expect(page.locator("h1")).to_be_visible()
                assert horizontal_overflow(page) <= 0, f"{name} overflows at {size}"
                shot(f"{name}-{lang}-{size}")
                if size == "desktop":
                    assert serious_violations(page) == [], name

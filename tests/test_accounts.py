"""Accounts: sign up, log in, log out, password change, throttling, the profile, and the claim of an
anonymous visitor's work when they sign up or log in."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages

from quiz.models import Attempt, CardState, Direction, Profile, Question, ReviewLog
from quiz.ownership import SESSION_KEY, claim_anonymous_work
from quiz.progress import anonymous_label
from tests.factories import correct_post, make_attempt, make_card, make_deck, make_question, make_quiz, make_user

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "orbit-1975-handshake"


def signup_data(username="yuri", password=PASSWORD, password2=None, display_name=""):
    return {
        "username": username,
        "password1": password,
        "password2": password2 or password,
        "display_name": display_name,
    }


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def logged_in_user_id(client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def anonymous_attempt(client, quiz) -> Attempt:
    """Start and finish `quiz` through the pages, as an anonymous visitor of `client`."""
    client.post(f"/en/quizzes/{quiz.slug}/")
    attempt = Attempt.objects.latest("started_at")
    question = Question.objects.get(pk=attempt.question_ids[0])
    client.post(f"/en/attempts/{attempt.public_id}/q/1/", correct_post(question, attempt))
    client.post(f"/en/attempts/{attempt.public_id}/finish/")
    attempt.refresh_from_db()
    assert attempt.user_id is None and attempt.anon_key
    return attempt


# Sign up ------------------------------------------------------------------------------------------


def test_signup_creates_the_account_with_its_display_name_and_logs_in(client):
    response = client.post("/en/accounts/signup/", signup_data(display_name="  Red   Star "))
    assert response.status_code == 302
    assert response["Location"] == "/en/progress/"
    user = User.objects.get(username="yuri")
    assert user.check_password(PASSWORD)
    assert Profile.objects.get(user=user).display_name == "Red Star"
    assert logged_in_user_id(client) == user.pk
    assert messages_of(response) == ["Welcome! Your account is ready."]


def test_signup_without_a_display_name_keeps_it_empty(client):
    client.post("/en/accounts/signup/", signup_data())
    profile = Profile.objects.get(user__username="yuri")
    assert profile.display_name == ""
    assert profile.show_on_leaderboard is True


def test_signup_page_in_russian(client):
    page = client.get("/ru/accounts/signup/").content.decode()
    assert "Создайте аккаунт" in page
    assert 'action="/ru/accounts/signup/"' in page


@pytest.mark.parametrize(
    ("lang", "data", "message"),
    [
        ("en", signup_data(password2="orbit-1975-different"), "The two password fields didn’t match."),
        ("ru", signup_data(password2="orbit-1975-different"), "Введенные пароли не совпадают."),
        ("en", signup_data(password="12345678"), "This password is too common."),
        ("ru", signup_data(password="12345678"), "Введённый пароль слишком широко распространён."),
        ("en", signup_data(password="x7!"), "This password is too short. It must contain at least 8 characters."),
        ("en", signup_data(username="no spaces!"), "Enter a valid username."),
        ("ru", signup_data(username="no spaces!"), "Введите правильное имя пользователя."),
        ("en", signup_data(username=""), "This field is required."),
        ("en", signup_data(display_name="Yuri"), "Choose a display name different from your username"),
        ("ru", signup_data(display_name="YURI"), "Выберите отображаемое имя, отличное от имени пользователя"),
    ],
)
def test_bad_signup_shows_the_form_again_with_a_translated_message_and_stores_nothing(client, lang, data, message):
    response = client.post(f"/{lang}/accounts/signup/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.exists()
    assert logged_in_user_id(client) is None


@pytest.mark.parametrize(
    ("lang", "message"),
    [("en", "A user with that username already exists."), ("ru", "Пользователь с таким именем уже существует.")],
)
def test_signup_with_a_taken_username_is_refused_whatever_its_case(client, lang, message):
    make_user("yuri")
    response = client.post(f"/{lang}/accounts/signup/", signup_data(username="Yuri"))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.count() == 1


def test_signed_in_student_opening_signup_goes_to_progress(client):
    client.force_login(make_user())
    assert client.get("/en/accounts/signup/")["Location"] == "/en/progress/"


# Log in and out -----------------------------------------------------------------------------------


def test_login_goes_to_my_progress(client):
    user = make_user("valentina")
    response = client.post("/ru/accounts/login/", {"username": "valentina", "password": PASSWORD})
    assert response["Location"] == "/ru/progress/"
    assert logged_in_user_id(client) == user.pk


def test_login_follows_a_safe_next_and_ignores_another_site(client):
    make_user("valentina")
    credentials = {"username": "valentina", "password": PASSWORD}
    response = client.post("/en/accounts/login/?next=/en/quizzes/", credentials)
    assert response["Location"] == "/en/quizzes/"
    client.logout()
    response = client.post("/en/accounts/login/", {**credentials, "next": "https://evil.example/steal"})
    assert response["Location"] == "/en/progress/"


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "Please enter a correct username and password."),
        ("ru", "Пожалуйста, введите правильные имя пользователя и пароль."),
    ],
)
def test_login_with_a_wrong_password_says_so_in_the_page_language(client, lang, message):
    make_user("valentina")
    response = client.post(f"/{lang}/accounts/login/", {"username": "valentina", "password": "wrong-password"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert logged_in_user_id(client) is None


def test_logout_is_a_post_and_leads_home(client):
    client.force_login(make_user())
    assert client.get("/en/accounts/logout/").status_code == 405
    assert logged_in_user_id(client) is not None
    response = client.post("/ru/accounts/logout/")
    assert response["Location"] == "/ru/"
    assert logged_in_user_id(client) is None
    assert messages_of(response) == ["Вы вышли. До встречи!"]


def test_navigation_offers_login_or_logout(client):
    page = client.get("/en/").content.decode()
    assert 'href="/en/accounts/login/?next=/en/"' in page and 'href="/en/accounts/signup/"' in page
    client.force_login(make_user())
    page = client.get("/en/").content.decode()
    assert 'action="/en/accounts/logout/"' in page and 'href="/en/progress/"' in page
    assert "/en/accounts/login/" not in page


# Throttling ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "logging in with this username from here is paused for 15 minutes"),
        ("ru", "вход с этим именем пользователя отсюда приостановлен на 15 минут"),
    ],
)
def test_five_failed_logins_lock_the_username_even_with_the_right_password(client, lang, message):
    make_user("valentina")
    for _try in range(5):
        client.post(f"/{lang}/accounts/login/", {"username": "valentina", "password": "guess"})
    response = client.post(f"/{lang}/accounts/login/", {"username": "valentina", "password": PASSWORD})
    assert response.status_code == 429
    assert message in response.content.decode()
    assert logged_in_user_id(client) is None
    assert AccessAttempt.objects.get(username="valentina").failures_since_start >= 5


def test_a_success_before_the_limit_resets_the_failures(client):
    make_user("valentina")
    for _try in range(4):
        client.post("/en/accounts/login/", {"username": "valentina", "password": "guess"})
    assert client.post("/en/accounts/login/", {"username": "valentina", "password": PASSWORD}).status_code == 302
    assert logged_in_user_id(client) is not None


# Password change ----------------------------------------------------------------------------------


def test_password_change_keeps_the_student_logged_in(client):
    user = make_user()
    client.force_login(user)
    response = client.post(
        "/en/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "soyuz-apollo-new-1", "new_password2": "soyuz-apollo-new-1"},
    )
    assert response["Location"] == "/en/accounts/password/done/"
    user.refresh_from_db()
    assert user.check_password("soyuz-apollo-new-1")
    page = client.get(response["Location"]).content.decode()
    assert "Your password has been changed." in page  # still logged in: the page needs a login


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "Your old password was entered incorrectly."),
        ("ru", "Ваш старый пароль введен неправильно."),
    ],
)
def test_password_change_with_a_wrong_old_password_changes_nothing(client, lang, message):
    user = make_user()
    client.force_login(user)
    response = client.post(
        f"/{lang}/accounts/password/",
        {"old_password": "nope", "new_password1": "soyuz-apollo-new-1", "new_password2": "soyuz-apollo-new-1"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_needs_a_login(client):
    response = client.get("/en/accounts/password/")
    assert response["Location"] == "/en/accounts/login/?next=/en/accounts/password/"


# Profile ------------------------------------------------------------------------------------------


def test_profile_is_created_when_first_opened(client):
    user = make_user()
    client.force_login(user)
    page = client.get("/en/profile/").content.decode()
    assert Profile.objects.filter(user=user).count() == 1
    assert f"you appear as <strong>Student {anonymous_label(user.pk)}</strong>" in page


def test_profile_saves_display_name_and_leaderboard_opt_out(client):
    user = make_user()
    client.force_login(user)
    response = client.post("/ru/profile/", {"display_name": "Orbiter"})  # checkbox unticked: opt out
    assert response["Location"] == "/ru/profile/"
    profile = Profile.objects.get(user=user)
    assert (profile.display_name, profile.show_on_leaderboard) == ("Orbiter", False)
    assert messages_of(response) == ["Профиль сохранён."]


def test_profile_refuses_the_username_as_display_name(client):
    user = make_user("alexei")
    client.force_login(user)
    response = client.post("/en/profile/", {"display_name": "Alexei", "show_on_leaderboard": "on"})
    assert response.status_code == 400
    assert "Choose a display name different from your username" in response.content.decode()
    assert Profile.objects.get(user=user).display_name == ""


def test_profile_needs_a_login(client):
    assert client.get("/ru/profile/")["Location"] == "/ru/accounts/login/?next=/ru/profile/"


# The claim: nothing is lost when signing in -------------------------------------------------------


@pytest.fixture
def quiz():
    return make_quiz([make_question(), make_question(Question.Kind.TRUE_FALSE)])


def test_signup_claims_the_anonymous_attempts_and_card_states(client, quiz):
    attempt = anonymous_attempt(client, quiz)
    anon_key = client.session[SESSION_KEY]
    card = make_card(make_deck())
    state = CardState.objects.create(card=card, direction=Direction.FACT, anon_key=anon_key, reps=1)
    ReviewLog.objects.create(card_state=state, rating=3, reps=1)
    response = client.post("/en/accounts/signup/", signup_data())
    user = User.objects.get(username="yuri")
    attempt.refresh_from_db()
    state.refresh_from_db()
    assert (attempt.user_id, attempt.anon_key) == (user.pk, "")
    assert (state.user_id, state.anon_key) == (user.pk, "")
    assert state.reviews.count() == 1
    assert messages_of(response) == [
        "Saved to your account: 1 attempt made in this browser before you logged in.",
        "Saved to your account: your study schedule for 1 flashcard.",
        "Welcome! Your account is ready.",
    ]
    # The review page follows the attempt to its new owner.
    assert client.get(f"/en/attempts/{attempt.public_id}/result/").status_code == 200


def test_login_claims_the_anonymous_attempts(client, quiz):
    user = make_user("valentina")
    earlier = make_attempt(quiz, user=user, score=1)
    attempt = anonymous_attempt(client, quiz)
    client.post("/en/accounts/login/", {"username": "valentina", "password": PASSWORD})
    attempt.refresh_from_db()
    assert attempt.user_id == user.pk
    assert set(Attempt.objects.filter(user=user)) == {earlier, attempt}


def test_claiming_twice_moves_nothing_twice(quiz):
    user = make_user()
    make_attempt(quiz, anon_key="k" * 32, score=1)
    make_attempt(quiz, anon_key="k" * 32, score=2, finished_at=False)
    cards = [make_card(make_deck()) for _n in range(2)]
    for card in cards:
        CardState.objects.create(card=card, direction=Direction.FACT, anon_key="k" * 32)
    assert claim_anonymous_work("k" * 32, user) == {"attempts": 2, "card_states": 2, "daily_goals": 0}
    assert claim_anonymous_work("k" * 32, user) == {"attempts": 0, "card_states": 0, "daily_goals": 0}
    assert Attempt.objects.filter(user=user).count() == 2
    assert CardState.objects.filter(user=user).count() == 2
    assert not Attempt.objects.filter(user__isnull=True).exists()


def test_a_card_the_account_already_studies_keeps_the_accounts_schedule(quiz):
    user = make_user()
    card = make_card(make_deck())
    mine = CardState.objects.create(card=card, direction=Direction.FACT, user=user, reps=7)
    CardState.objects.create(card=card, direction=Direction.FACT, anon_key="k" * 32, reps=1)
    CardState.objects.create(card=card, direction=Direction.EN_RU, anon_key="k" * 32, reps=1)  # another direction
    assert claim_anonymous_work("k" * 32, user) == {"attempts": 0, "card_states": 1, "daily_goals": 0}
    assert claim_anonymous_work("k" * 32, user) == {"attempts": 0, "card_states": 0, "daily_goals": 0}
    states = CardState.objects.filter(card=card).order_by("direction")
    assert [(s.user_id, s.direction, s.reps) for s in states] == [(user.pk, "en-ru", 1), (user.pk, "fact", 7)]
    assert CardState.objects.get(pk=mine.pk).reps == 7


def test_logging_in_twice_from_one_browser_claims_once(client, quiz):
    user = make_user("valentina")
    anonymous_attempt(client, quiz)
    credentials = {"username": "valentina", "password": PASSWORD}
    client.post("/en/accounts/login/", credentials)
    client.post("/en/accounts/logout/")
    client.post("/en/accounts/login/", credentials)
    assert Attempt.objects.filter(user=user).count() == 1
    assert Attempt.objects.count() == 1


def test_another_browsers_anonymous_work_is_not_claimed(client, quiz):
    other = make_attempt(quiz, anon_key="someone-else", score=1)
    client.post("/en/accounts/signup/", signup_data())
    other.refresh_from_db()
    assert (other.user_id, other.anon_key) == (None, "someone-else")

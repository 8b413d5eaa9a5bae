"""Accounts, outside the quiz namespace: Django's auth machinery (LOGIN_URL, login_required,
the password views) reverses these plain names. The password templates have names of their own:
the admin, listed before quiz, ships registration/password_change_form.html and would win."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .views import accounts

urlpatterns = [
    path("signup/", accounts.signup, name="signup"),
    path("login/", accounts.login_view, name="login"),
    path("logout/", accounts.logout_view, name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="registration/change_password.html", success_url=reverse_lazy("password_change_done")
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/change_password_done.html"),
        name="password_change_done",
    ),
]

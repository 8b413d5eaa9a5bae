from django.urls import path, re_path

from . import views

# Included by quiz/urls.py under "live/", in the "quiz" namespace.
urlpatterns = [
    path("", views.join, name="live_join"),
    re_path(r"^join/(?P<code>[0-9]{6})/$", views.join_code, name="live_join_code"),
    path("new/<slug:slug>/", views.new_game, name="live_new"),
    path("<uuid:public_id>/join/", views.nickname, name="live_nickname"),
    path("<uuid:public_id>/play/", views.play, name="live_play"),
    path("<uuid:public_id>/host/", views.projector, name="live_projector"),
    path("<uuid:public_id>/host/control/", views.control, name="live_control"),
    path("<uuid:public_id>/results/", views.results, name="live_results"),
    path("<uuid:public_id>/results.csv", views.results_csv, name="live_results_csv"),
]

from django.urls import include, path

from .views import accounts, classes, flashcards, pages, progress, quizzes, teach

app_name = "quiz"

urlpatterns = [
    path("", pages.home, name="home"),
    path("timeline/", pages.timeline, name="timeline"),
    path("quizzes/", quizzes.quiz_list, name="quiz_list"),
    path("quizzes/<slug:slug>/", quizzes.quiz_detail, name="quiz_detail"),
    path("facts/<slug:slug>/practice/", quizzes.practice_fact, name="practice_fact"),
    path("attempts/<uuid:public_id>/", quizzes.resume, name="resume"),
    path("attempts/<uuid:public_id>/q/<int:number>/", quizzes.question, name="question"),
    path("attempts/<uuid:public_id>/finish/", quizzes.finish, name="finish"),
    path("attempts/<uuid:public_id>/result/", quizzes.result, name="result"),
    path("progress/", progress.progress, name="progress"),
    path("progress/goal/", progress.daily_goal, name="daily_goal"),
    path("leaderboard/", progress.leaderboard, name="leaderboard"),
    path("leaderboard/<slug:slug>/", progress.quiz_leaderboard, name="quiz_leaderboard"),
    path("profile/", accounts.profile, name="profile"),
    path("classes/", classes.classes, name="classes"),
    path("decks/", flashcards.deck_list, name="deck_list"),
    path("decks/<slug:slug>/", flashcards.deck, name="deck"),
    path("decks/<slug:slug>/study/<slug:direction>/", flashcards.study, name="study"),
    path("live/", include("quiz.live.urls")),  # the live game (quiz/live/)
    # The teacher's workspace (quiz/views/teach.py).
    path("teach/", teach.start, name="teach"),
    path("teach/assign/", teach.assign, name="teach_assign"),
    path("teach/quizzes/<slug:slug>/print/", teach.print_quiz, name="teach_print"),
    path("teach/classes/<int:pk>/forecast/", teach.memory_forecast, name="teach_forecast"),
    path("teach/classes/<int:pk>/forecast/assign/", teach.forecast_assign, name="teach_forecast_assign"),
]

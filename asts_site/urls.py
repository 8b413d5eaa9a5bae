from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from quiz.views.pages import healthz, readyz

admin.site.site_header = "Handshake in Orbit · Рукопожатие на орбите"
admin.site.site_title = "Handshake in Orbit"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: outside the language prefix
    path("healthz", healthz, name="healthz"),  # liveness: restart the server when it fails
    path("readyz", readyz, name="readyz"),  # readiness: route traffic while it answers 200
]
urlpatterns += i18n_patterns(
    path("", include("quiz.urls")),
    path(
        "accounts/", include("quiz.urls_accounts")
    ),  # not namespaced: LOGIN_URL and Django's auth views expect "login"
    path("admin/", admin.site.urls),
)

# The site's own error pages (quiz/views/errors.py); 400 and 403 are Django's views with our templates.
handler404 = "quiz.views.errors.page_not_found"
handler500 = "quiz.views.errors.server_error"

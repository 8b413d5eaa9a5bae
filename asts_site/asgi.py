"""ASGI: Django's pages over HTTP, the live game's WebSockets (quiz/live/routing.py) beside them.

daphne serves it (`manage.py runserver` in development; docs/deploy.md for production)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asts_site.settings")
# Django first: the routing below imports models, which need the apps loaded.
django_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from quiz.live.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        # A page of another site cannot open a socket with our visitors' cookies (cross-site WebSocket hijacking).
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)

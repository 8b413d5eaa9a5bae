from django.urls import path

from .consumers import HostConsumer, PlayerConsumer

websocket_urlpatterns = [
    path("ws/live/<uuid:public_id>/play/", PlayerConsumer.as_asgi()),
    path("ws/live/<uuid:public_id>/host/", HostConsumer.as_asgi()),
]

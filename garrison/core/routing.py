from __future__ import annotations

from django.urls import path

from garrison.core.consumers import LiveConsumer

websocket_urlpatterns = [
    path("ws/events/<slug:event>/live/", LiveConsumer.as_asgi()),
]

"""The timer watcher inside a server process: a breach goes out on that process's channel layer.

The ASGI lifespan starts it on the server's event loop; here the real lifespan handler runs with a real (transactional) database and the configured channel layer.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.utils import timezone

from garrison.core import lifespan
from garrison.core.live import group_name
from garrison.events.models import Event
from garrison.ops.models import Breach
from garrison.ops.tests.factories import make_incident
from garrison.ops.timers.watcher import watch_forever

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_servers_watcher_tells_the_servers_listeners(
    event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    late = make_incident(event, received_at=timezone.now() - dt.timedelta(minutes=5))
    monkeypatch.setattr(lifespan, "_background", [lambda: watch_forever(interval=0.05)])

    async def serve() -> dict[str, Any]:
        layer = get_channel_layer()
        assert layer is not None
        await layer.group_add(group_name(event.pk), "listener.test")
        inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        server = asyncio.create_task(lifespan.lifespan({"type": "lifespan"}, inbox.get, outbox.put))
        await inbox.put({"type": "lifespan.startup"})
        assert (await asyncio.wait_for(outbox.get(), 5))["type"] == "lifespan.startup.complete"
        message: dict[str, Any] = await asyncio.wait_for(layer.receive("listener.test"), 20)
        await inbox.put({"type": "lifespan.shutdown"})
        assert (await asyncio.wait_for(outbox.get(), 5))["type"] == "lifespan.shutdown.complete"
        await server
        await layer.group_discard(group_name(event.pk), "listener.test")
        return message

    message = async_to_sync(serve)()
    body = json.loads(message["text"])
    assert body["kind"] == "ops.timer.breached"
    assert body["payload"]["reference"] == late.reference
    assert Breach.objects.filter(incident=late).count() == 1


def test_the_asgi_application_answers_lifespan() -> None:
    from garrison.asgi import application

    assert application.application_mapping["lifespan"] is lifespan.lifespan

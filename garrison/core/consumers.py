"""The live feed of one event over a WebSocket.

A client connects to ``/ws/events/<slug>/live/?last=<id>``; it first receives every journalled
event after ``last`` that it may see (catch-up), then new ones as they are broadcast. Because
the group is joined *before* the catch-up query runs, an event committed in between is either
in the query or in the group stream; the client drops ids it has already seen.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from garrison.accounts.models import MFA_ROLES, Membership
from garrison.accounts.scope import unit_scope
from garrison.core.live import group_name, serialize
from garrison.core.models import LiveEvent

CATCH_UP_LIMIT = 1000


def visible(message: dict[str, Any], units: frozenset[int] | None) -> bool:
    if units is None:
        return True
    event_units = message.get("unit_ids")
    return event_units is not None and bool(units.intersection(event_units))


class LiveConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    units: frozenset[int] | None
    event_id: int

    async def connect(self) -> None:
        membership = await database_sync_to_async(self._load_membership)()
        if membership is None:
            await self.close(code=4404)
            return
        self.event_id = membership.event_id
        # The subtree resolver reads the unit tree from the database: not in the event loop.
        self.units = await database_sync_to_async(unit_scope)(membership)
        await self.channel_layer.group_add(group_name(self.event_id), self.channel_name)
        await self.accept()
        query = parse_qs(self.scope.get("query_string", b"").decode("ascii", "replace"))
        try:
            last = int(query.get("last", ["0"])[0])
        except ValueError:
            last = 0
        for message in await database_sync_to_async(self._load_since)(last):
            if visible(message, self.units):
                await self.send_json(message)

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "event_id"):
            await self.channel_layer.group_discard(group_name(self.event_id), self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        # The feed is one-way; clients only listen.
        return None

    async def live_event(self, message: dict[str, Any]) -> None:
        if visible(message, self.units):
            await self.send(text_data=message["text"])

    def _load_membership(self) -> Membership | None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        slug = self.scope["url_route"]["kwargs"]["event"]
        membership = (
            Membership.objects.filter(user=user, event__slug=slug).select_related("event").first()
        )
        if membership is None:
            return None
        session = self.scope.get("session")
        # django-otp marks a verified session with the device id; MFA roles need it here too.
        if membership.role in MFA_ROLES and not (session and session.get("otp_device_id")):
            return None
        return membership

    def _load_since(self, last: int) -> list[dict[str, Any]]:
        rows = LiveEvent.objects.filter(event_id=self.event_id, id__gt=last).order_by("id")[
            :CATCH_UP_LIMIT
        ]
        return [serialize(row) for row in rows]

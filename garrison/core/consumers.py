"""The live feed of one event over a WebSocket.

A client connects to ``/ws/events/<slug>/live/?last=<id>``; it first receives every journalled
event after ``last`` that it may see (catch-up), then new ones as they are broadcast. The socket
joins the process's fan-out for the event (garrison.core.live.join) *before* the catch-up query
runs, so an event committed in between is in the query, in the stream, or both. Broadcasts wait
in the socket's outbox until the catch-up has been sent; its writer then sends them, skipping the
ids the catch-up already sent, so the client sees ids in order and none twice.

A client that stops reading fills only its own outbox; past OUTBOX_LIMIT the socket is closed,
and the client reconnects and catches up from its last id, so it misses nothing.

Who may listen, and to which units' events, is the accounts app's rule (members, roles, the
second factor, unit scope): it registers it here (``register_access``), so the platform names
no app. Until it does, every socket is refused.
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from garrison.core import live, metrics
from garrison.core.models import LiveEvent

CATCH_UP_LIMIT = 1000
OUTBOX_LIMIT = 1000
# Close codes after which the client should reconnect (and catch up), as after any close.
CLOSE_TOO_SLOW = 4408  # it fell OUTBOX_LIMIT broadcasts behind
CLOSE_FEED_LOST = 4503  # the process lost the event's channel-layer group


@dataclass(frozen=True)
class Listening:
    """What one socket may hear: an event's feed, whole (``units`` None) or for some units."""

    event_id: int
    units: frozenset[int] | None


# (the scope's user, its session, the event's slug) → what the socket may hear, or None to refuse
# it. Called off the event loop: it may read the database.
FeedAccess = Callable[[Any, Any, str], Listening | None]


def _nobody(user: Any, session: Any, slug: str) -> Listening | None:
    return None


_access: FeedAccess = _nobody


def register_access(check: FeedAccess) -> None:
    """Called by the accounts app when it loads: it knows members, roles and unit scope."""
    global _access
    _access = check


def _may_listen(user: Any, session: Any, slug: str) -> Listening | None:
    return _access(user, session, slug)


def visible(unit_ids: list[int] | None, units: frozenset[int] | None) -> bool:
    """Whether a member scoped to ``units`` (None: the whole event) may see an event for ``unit_ids``."""
    if units is None:
        return True
    return unit_ids is not None and not units.isdisjoint(unit_ids)


class LiveConsumer(AsyncWebsocketConsumer):  # type: ignore[misc]
    # No channel of its own: broadcasts reach the socket through the process's one member of the
    # event's group (garrison.core.live), not through a per-socket channel. An alias that names
    # no layer is how Channels is told so (get_channel_layer answers None).
    channel_layer_alias = "garrison.live.per-process"

    units: frozenset[int] | None
    event_id: int
    # Broadcasts not yet written: (journal id, encoded text); the writer empties it.
    outbox: deque[tuple[int, str]]
    wake: asyncio.Event
    writer: asyncio.Task[None] | None = None
    # Set once the socket is to be closed: the writer closes it with this code after the outbox.
    close_code: int | None = None
    counted = False  # in the open-sockets gauge (core/metrics.py)

    async def connect(self) -> None:
        listening = await database_sync_to_async(_may_listen)(
            self.scope.get("user"),
            self.scope.get("session"),
            self.scope["url_route"]["kwargs"]["event"],
        )
        if listening is None:
            await self.close(code=4404)
            return
        self.units = listening.units
        self.outbox = deque()
        self.wake = asyncio.Event()
        self.event_id = listening.event_id
        await live.join(self.event_id, self)
        await self.accept()
        metrics.LIVE_SOCKETS.inc()
        self.counted = True
        query = parse_qs(self.scope.get("query_string", b"").decode("ascii", "replace"))
        try:
            last = int(query.get("last", ["0"])[0])
        except ValueError:
            last = 0
        caught_up: set[int] = set()
        while True:
            rows = await database_sync_to_async(self._load_since)(last)
            for message in rows:
                last = message["id"]
                caught_up.add(last)
                if visible(message["unit_ids"], self.units):
                    await self.send(text_data=json.dumps(message))
            if len(rows) < CATCH_UP_LIMIT:
                break
        self.writer = asyncio.create_task(self._write(skip=caught_up))

    async def _write(self, *, skip: set[int]) -> None:
        """Send the outbox in order, dropping exactly what the catch-up sent. Not everything up
        to its last id: ids are taken when a change is made, not when it commits, so a change
        that commits late (PostgreSQL, two writers at once) can carry a lower id than one
        already sent, and must still go out."""
        try:
            while True:
                await self.wake.wait()
                self.wake.clear()
                while self.outbox:
                    live_id, text = self.outbox.popleft()
                    if live_id not in skip:
                        await self.send(text_data=text)
                if self.close_code is not None:
                    await self.close(code=self.close_code)
                    return
        except OSError:  # the client went away mid-write (uvicorn's ClientDisconnected)
            return

    async def disconnect(self, code: int) -> None:
        if self.counted:
            self.counted = False
            metrics.LIVE_SOCKETS.dec()
        if hasattr(self, "event_id"):
            live.leave(self.event_id, self)
        if self.writer is not None:
            self.writer.cancel()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        # The feed is one-way; clients only listen.
        return None

    def deliver(self, live_id: int, text: str, unit_ids: list[int] | None) -> None:
        """One broadcast, already encoded: queued as it is for this socket if its scope allows."""
        if not visible(unit_ids, self.units) or self.close_code is not None:
            return
        if len(self.outbox) >= OUTBOX_LIMIT:
            # The client is not reading; rather than hold ever more for it, it will be closed
            # once the writer gets through, and catches up from its last id when it comes back.
            self.close_code = CLOSE_TOO_SLOW
        else:
            self.outbox.append((live_id, text))
        self.wake.set()

    def drop(self) -> None:
        if self.close_code is None:
            self.close_code = CLOSE_FEED_LOST
        self.wake.set()

    def _load_since(self, last: int) -> list[dict[str, Any]]:
        rows = LiveEvent.objects.filter(event_id=self.event_id, id__gt=last).order_by("id")[
            :CATCH_UP_LIMIT
        ]
        return [live.serialize(row) for row in rows]

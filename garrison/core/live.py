"""Real-time events: declared, journalled in the transaction, broadcast after commit, fanned out
per process.

Every kind of event is declared once, with the shape of its payload (``declare``, in each app's
``live_events`` module), and is emitted through its declaration (``TASK_CREATED.emit(event,
payload)``): mypy checks the call site's payload, pydantic every payload as it goes out.

A broadcast goes to the event's channel-layer group. Each server process (each event loop) holds
one member of that group per event it has listeners for, not one per WebSocket: the layer then
copies a broadcast once per process instead of once per client (with Redis, one message to pop
per process instead of hundreds), and the process hands the already encoded text to its own
sockets directly (see ``join``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import re
import threading
from collections.abc import Mapping
from typing import Any, Generic, Protocol, TypeVar, get_args, overload

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Model
from pydantic import ConfigDict, TypeAdapter, ValidationError, with_config
from typing_extensions import TypedDict

from garrison.core.models import LiveEvent

logger = logging.getLogger(__name__)


def group_name(event_id: int) -> str:
    return f"event.{event_id}"


def last_id(event_id: int) -> int:
    """The newest journalled event's id: a page rendered from the database hands it to its feed,
    which starts after it. Read it *before* the rows, so that an event committed in between is
    replayed (and applied idempotently) rather than lost."""
    row = LiveEvent.objects.filter(event_id=event_id).order_by("-id").values_list("id", flat=True)
    return row.first() or 0


# --- Declarations: every kind once, with its payload ---------------------------------------------

P = TypeVar("P", bound=Mapping[str, object])

# Strict: a payload is checked as the JSON the clients receive, so "3" is not an id and 1.5 is not
# a count; a key the declaration does not name is refused rather than sent unannounced.
_PAYLOAD_CONFIG = ConfigDict(strict=True, extra="forbid")
_KIND_NAME = re.compile(r"[a-z]+(\.[a-z_]+)+")


class Ref(TypedDict):
    """The row that changed, by id: a client that shows it fetches it again."""

    id: int


class Kind(Generic[P]):
    """One kind of live event: its name on the wire and the shape of its payload.

    Made by ``declare``; one made any other way is not declared, and its ``emit`` is refused.
    """

    def __init__(self, name: str, shape: Any) -> None:
        self.name = name
        self.shape = shape
        # A payload is a TypedDict (typing_extensions'; pydantic needs it before Python 3.12), or
        # a union of them where one kind has two forms.
        for form in get_args(shape) or (shape,):
            with_config(_PAYLOAD_CONFIG)(form)
        self._adapter: TypeAdapter[Any] = TypeAdapter(shape)

    def __repr__(self) -> str:
        return f"<live event kind {self.name}>"

    def emit(
        self, event: Model, payload: P, *, unit_ids: list[int] | None = None
    ) -> LiveEvent | None:
        """Journal this kind of event for ``event`` (an ``events.Event``) with ``payload``, and
        broadcast it once the surrounding transaction commits.

        On rollback the journal row disappears with everything else and nothing is broadcast, so
        a client never sees a change that did not happen. ``unit_ids``: None, everyone in the
        event hears it; otherwise event-wide roles and the members scoped to one of these units.
        """
        return _emit(event, self, payload, unit_ids)

    def check(self, payload: Mapping[str, object]) -> None:
        """Raise ``ValidationError`` unless ``payload``, as sent, has the declared shape."""
        self._adapter.validate_json(json.dumps(payload))


_declared: dict[str, Kind[Any]] = {}


@overload
def declare(name: str, shape: type[P]) -> Kind[P]: ...


@overload
def declare(name: str, shape: object) -> Kind[Any]: ...


def declare(name: str, shape: object) -> Kind[Any]:
    """Declare the kind of live event ``name`` (``<app>.<thing>.<what happened>``) and its payload.

    A union of payloads (``A | B``) gives a ``Kind[Any]``: annotate the constant with the union.
    """
    if not _KIND_NAME.fullmatch(name):
        raise ImproperlyConfigured(f"live event kind {name!r}: write it app.thing.what_happened")
    if name in _declared:
        raise ImproperlyConfigured(f"live event kind {name!r} is declared twice")
    kind: Kind[Any] = Kind(name, shape)
    _declared[name] = kind
    return kind


def declared() -> dict[str, Kind[Any]]:
    """Every declared kind by name (each app's ``live_events`` is imported when Django starts)."""
    return dict(_declared)


class LiveEventRejected(Exception):
    """A live event of an undeclared kind, or whose payload does not match its declaration."""


# Under LIVE_EVENTS_STRICT (the test suite) every rejection is also kept here, so that one raised
# where nobody hears it (a worker thread) still fails the test (garrison/conftest.py).
rejected: list[str] = []


def _problem(kind: Kind[Any], payload: object) -> str | None:
    if _declared.get(kind.name) is not kind:
        return f"live event kind {kind.name!r} is not declared"
    if not isinstance(payload, Mapping):
        return f"live event {kind.name}: the payload is not an object"
    try:
        kind.check(payload)
    except (ValidationError, TypeError, ValueError) as exc:  # TypeError: not JSON at all
        return f"live event {kind.name}: the payload does not match its declaration: {exc}"
    return None


def _emit(
    event: Model, kind: Kind[Any], payload: Mapping[str, object], unit_ids: list[int] | None
) -> LiveEvent | None:
    problem = _problem(kind, payload)
    if problem is not None:
        if getattr(settings, "LIVE_EVENTS_STRICT", False):
            rejected.append(problem)
            raise LiveEventRejected(problem)
        # In production the change this event reports is made and must stand: raising here would
        # roll it back (or, after commit, turn it into an error page) for the sake of a
        # notification. Nor is the payload sent as it is: a shape the clients were not written
        # for can break their screens, and a key nobody declared can carry what a scoped listener
        # may not see. So it is logged for us to fix and left out of the feed; screens show the
        # change on their next load.
        logger.error("%s; not journalled or broadcast", problem)
        return None
    event_id: int = event.pk
    row = LiveEvent.objects.create(
        event_id=event_id, kind=kind.name, payload=payload, unit_ids=unit_ids
    )
    message = serialize(row)
    transaction.on_commit(lambda: _broadcast(event_id, message))
    return row


def serialize(row: LiveEvent) -> dict[str, Any]:
    return {
        "id": row.pk,
        "kind": row.kind,
        "payload": row.payload,
        "unit_ids": row.unit_ids,
        "created": row.created.isoformat(),
    }


def _broadcast(event_id: int, message: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    # Encoded once here, not once per listening client: a group send copies the message for every
    # member of the group (the in-memory layer deep-copies it), and a string copies cheaply.
    group, body = group_name(event_id), group_message(message)
    loop = _own_loop()
    if loop is None:
        async_to_sync(layer.group_send)(group, body)
    else:
        sent = asyncio.run_coroutine_threadsafe(layer.group_send(group, body), loop)
        sent.result(timeout=BROADCAST_SECONDS)


BROADCAST_SECONDS = 10.0
_use_own_loop = False
_loop: tuple[int, asyncio.AbstractEventLoop] | None = (
    None  # (pid, loop): a forked child starts its own
)
_loop_lock = threading.Lock()


def broadcast_from_own_loop() -> None:
    """Send broadcasts from one event loop kept for them, in a thread of its own (garrison.wsgi).

    Under WSGI no event loop runs, so ``async_to_sync`` made a new loop and thread for every
    broadcast: half a millisecond each, inside a scan batch, and with Redis a new connection
    each time. Not for ASGI servers: there the server's own loop must do the sending, because the
    in-memory layer's queues belong to it.
    """
    global _use_own_loop
    _use_own_loop = True


def _own_loop() -> asyncio.AbstractEventLoop | None:
    global _loop
    if not _use_own_loop:
        return None
    with _loop_lock:
        if _loop is None or _loop[0] != os.getpid():
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="live-broadcast", daemon=True).start()
            _loop = (os.getpid(), loop)
        return _loop[1]


def group_message(message: dict[str, Any]) -> dict[str, Any]:
    """The channel-layer message that carries one serialized event to every server process."""
    return {
        "type": "live.event",
        "id": message["id"],
        "text": json.dumps(message),
        "unit_ids": message["unit_ids"],
    }


class Listener(Protocol):
    """One local socket on an event's feed (garrison.core.consumers.LiveConsumer)."""

    def deliver(self, live_id: int, text: str, unit_ids: list[int] | None) -> None:
        """Take one broadcast without waiting: a socket writes on its own time, so one whose
        client has stopped reading never holds up the others."""

    def drop(self) -> None:
        """The process stopped hearing the event (its channel layer failed): close the socket so
        that the client reconnects and catches up from its last id."""


class _Subscription:
    """This event loop's one member of an event's group, reading it and fanning out locally."""

    def __init__(self, event_id: int) -> None:
        self.event_id = event_id
        self.key = (asyncio.get_running_loop(), event_id)
        # A dict as an ordered set: sockets hear a broadcast in the order they joined.
        self.listeners: dict[Listener, None] = {}
        self.ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        layer = get_channel_layer()
        group = group_name(self.event_id)
        try:
            channel = await layer.new_channel()
            await layer.group_add(group, channel)
        except asyncio.CancelledError:
            self.ready.cancel()
            raise
        except Exception as exc:
            self.ready.set_exception(exc)
            raise
        self.ready.set_result(None)
        try:
            while True:
                message = await layer.receive(channel)
                if message.get("type") == "live.event":
                    self._fan_out(message["id"], message["text"], message.get("unit_ids"))
        except Exception:
            # Its sockets would otherwise wait for broadcasts that never come.
            logger.exception("the live feed of event %s lost its channel layer", self.event_id)
            if _subscriptions.get(self.key) is self:
                del _subscriptions[self.key]
            for listener in list(self.listeners):
                listener.drop()
        finally:
            with contextlib.suppress(Exception):  # the layer may be what failed
                await layer.group_discard(group, channel)

    def _fan_out(self, live_id: int, text: str, unit_ids: list[int] | None) -> None:
        for listener in self.listeners:
            try:
                listener.deliver(live_id, text, unit_ids)
            except Exception:  # one broken socket must not stop the others hearing it
                logger.exception("live event %s not delivered to %r", live_id, listener)


# Per event loop and event: a test's loops, or one server process's single loop.
_subscriptions: dict[tuple[asyncio.AbstractEventLoop, int], _Subscription] = {}
# Readers cancelled but still leaving their group: held so they are not collected half-way.
_closing: set[asyncio.Task[None]] = set()


async def join(event_id: int, listener: Listener) -> None:
    """Have ``listener`` hear every broadcast for ``event_id`` from now on.

    Returns once this process is in the event's group, so a journal query made afterwards
    overlaps the stream instead of leaving a gap.
    """
    key = (asyncio.get_running_loop(), event_id)
    subscription = _subscriptions.get(key)
    if subscription is None:
        subscription = _subscriptions[key] = _Subscription(event_id)
    subscription.listeners[listener] = None
    try:
        await asyncio.shield(subscription.ready)
    except BaseException:
        leave(event_id, listener)
        raise


def leave(event_id: int, listener: Listener) -> None:
    """Stop ``listener`` hearing ``event_id``; the last one out leaves the group."""
    key = (asyncio.get_running_loop(), event_id)
    subscription = _subscriptions.get(key)
    if subscription is None:
        return
    subscription.listeners.pop(listener, None)
    if not subscription.listeners:
        del _subscriptions[key]
        subscription.task.cancel()
        _closing.add(subscription.task)
        subscription.task.add_done_callback(_closing.discard)
        if subscription.ready.done() and not subscription.ready.cancelled():
            subscription.ready.exception()  # seen, so asyncio does not log it as never retrieved

"""Real-time events: broadcast only after commit, never on rollback, caught up after a reconnect,
and fanned out to a process's sockets through one group member, each socket seeing its scope."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import pytest
from asgiref.sync import async_to_sync
from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer
from channels.routing import URLRouter
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import path, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from typing_extensions import TypedDict

from garrison.accounts.models import Membership, Role
from garrison.accounts.tests.conftest import code_for, submit_code, submit_login
from garrison.conftest import make_event, make_member
from garrison.core import consumers, live
from garrison.core.consumers import LiveConsumer
from garrison.core.live import declare, group_name
from garrison.core.models import LiveEvent
from garrison.core.tests.sockets import PATIENCE, Socket, drain, feed_socket, session_cookie
from garrison.events import services
from garrison.events.models import Event

pytestmark = pytest.mark.django_db(transaction=True)


class Numbered(TypedDict):
    n: int


# The feed's own tests send numbered events of a kind of their own.
NUMBERED = declare("core.test.numbered", Numbered)


T = TypeVar("T")


class Boom(Exception):
    pass


class _Listener:
    """Receives on one event loop of its own: the Redis layer binds a channel's receive buffer
    to the loop that created it, and each ``async_to_sync`` call may run on another."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=10)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)


_listener: _Listener | None = None


@pytest.fixture(autouse=True)
def _one_listening_loop() -> Iterator[None]:
    global _listener
    _listener = _Listener()
    yield
    _listener.close()
    _listener = None


def _listen(event: Event) -> tuple[Any, str]:
    assert _listener is not None
    layer = get_channel_layer()
    channel = _listener.run(layer.new_channel())
    _listener.run(layer.group_add(group_name(event.pk), channel))
    return layer, channel


def _pending(layer: Any, channel: str) -> list[dict[str, Any]]:
    assert _listener is not None
    received: list[dict[str, Any]] = []

    async def take_all() -> None:
        while True:
            try:
                received.append(await asyncio.wait_for(layer.receive(channel), timeout=0.2))
            except TimeoutError:
                return

    _listener.run(take_all())
    return received


def _planner(event: Event) -> Membership:
    return Membership.objects.select_related("user", "event").get(
        user=make_member(event, Role.PLANNER)
    )


def _site(membership: Membership, name: str) -> services.SiteData:
    return services.SiteData(name=name, kind="hotel", lat=21.02, lon=105.85)


def test_it_broadcasts_only_after_commit() -> None:
    event = make_event()
    planner = _planner(event)
    layer, channel = _listen(event)
    with transaction.atomic():
        services.create_site(planner, _site(planner, "Hotel A"))
        assert _pending(layer, channel) == [], "nothing may be sent while the transaction is open"
    messages = _pending(layer, channel)
    events = [json.loads(m["text"]) for m in messages]
    assert [e["kind"] for e in events] == ["events.site.created"]
    assert events[0]["payload"]["name"] == "Hotel A"


def test_it_broadcasts_nothing_on_rollback() -> None:
    event = make_event()
    planner = _planner(event)
    layer, channel = _listen(event)
    with pytest.raises(Boom), transaction.atomic():
        services.create_site(planner, _site(planner, "Hotel B"))
        raise Boom
    assert _pending(layer, channel) == []
    assert not LiveEvent.objects.exists()


def test_under_wsgi_every_broadcast_goes_out_from_one_kept_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """garrison.wsgi sends from one loop of its own instead of a new loop per broadcast."""
    monkeypatch.setattr(live, "_use_own_loop", True)
    monkeypatch.setattr(live, "_loop", None)
    event = make_event()
    planner = _planner(event)
    layer, channel = _listen(event)
    for name in ("Hotel C", "Hotel D"):
        with transaction.atomic():
            services.create_site(planner, _site(planner, name))
    kept = live._loop
    assert kept is not None and kept[1].is_running()
    events = [json.loads(m["text"]) for m in _pending(layer, channel)]
    assert [e["payload"]["name"] for e in events] == ["Hotel C", "Hotel D"]
    assert live._loop is kept, "one loop for every broadcast"
    kept[1].call_soon_threadsafe(kept[1].stop)


def test_a_reconnecting_client_misses_nothing() -> None:
    event = make_event()
    viewer = session_cookie(make_member(event, Role.VIEWER))
    planner = _planner(event)
    create = database_sync_to_async(
        lambda name: services.create_site(planner, _site(planner, name))
    )

    async def scenario() -> tuple[list[str], list[str]]:
        first = feed_socket(viewer, event)
        connected, _ = await first.connect()
        assert connected
        await create("Hotel 1")
        seen = await drain(first, expect=1)
        await first.disconnect()
        # While the client is away, two more changes happen.
        await create("Hotel 2")
        await create("Hotel 3")
        last = seen[-1]["id"]
        second = feed_socket(viewer, event, last=last)
        connected, _ = await second.connect()
        assert connected
        caught_up = await drain(second, expect=2)
        await second.disconnect()
        return [m["payload"]["name"] for m in seen], [m["payload"]["name"] for m in caught_up]

    before, after = async_to_sync(scenario)()
    assert before == ["Hotel 1"]
    assert after == ["Hotel 2", "Hotel 3"]


def test_a_unit_commander_sees_only_their_units_events() -> None:
    event = make_event()
    mine = session_cookie(make_member(event, Role.UNIT_COMMANDER, username="uc5", unit_id=5))
    other = session_cookie(make_member(event, Role.UNIT_COMMANDER, username="uc7", unit_id=7))

    def publish() -> None:
        with transaction.atomic():
            NUMBERED.emit(event, {"n": 1}, unit_ids=[5])
            NUMBERED.emit(event, {"n": 2}, unit_ids=[7])

    async def scenario() -> tuple[list[int], list[int]]:
        a, b = feed_socket(mine, event), feed_socket(other, event)
        assert (await a.connect())[0] and (await b.connect())[0]
        await database_sync_to_async(publish)()
        # Read side by side: each socket's quiet moment after its message overlaps the other's.
        got_a, got_b = await asyncio.gather(drain(a, expect=1), drain(b, expect=1))
        await a.disconnect()
        await b.disconnect()
        return [m["payload"]["n"] for m in got_a], [m["payload"]["n"] for m in got_b]

    assert async_to_sync(scenario)() == ([1], [2])


def test_a_non_member_cannot_subscribe() -> None:
    event = make_event()
    other = make_event("other", "Other")
    stranger = session_cookie(make_member(other, Role.VIEWER, username="stranger"))

    async def scenario() -> bool:
        comm = feed_socket(stranger, event)
        connected, _ = await comm.connect()
        await comm.disconnect()
        return bool(connected)

    assert async_to_sync(scenario)() is False


def test_a_commander_without_second_factor_cannot_subscribe() -> None:
    event = make_event()
    commander = session_cookie(make_member(event, Role.COMMANDER))

    async def scenario() -> bool:
        comm = feed_socket(commander, event)
        connected, _ = await comm.connect()
        await comm.disconnect()
        return bool(connected)

    assert async_to_sync(scenario)() is False


def test_the_second_factor_is_per_person_on_the_feed_as_on_pages() -> None:
    """A commander of one event is a viewer in another: after the password alone, the other
    event's socket is closed before any backlog; after the code, the same person listens."""
    event = make_event()
    other = make_event("other", "Other")
    commander = make_member(event, Role.COMMANDER)
    Membership.objects.create(user=commander, event=other, role=Role.VIEWER)
    device = TOTPDevice.objects.create(user=commander, name="phone", confirmed=True)
    planner = _planner(other)
    services.create_site(planner, _site(planner, "Safe house"))

    browser = Client()
    logged_in = submit_login(browser, commander)
    assert logged_in["Location"].startswith(reverse("accounts:otp"))
    password_only = _browser_cookie(browser)

    async def listen(cookie: bytes) -> tuple[bool, list[dict[str, Any]]]:
        comm = feed_socket(cookie, other)
        connected, _code = await comm.connect()
        backlog = await drain(comm, expect=1) if connected else []
        await comm.disconnect()
        return bool(connected), backlog

    assert async_to_sync(listen)(password_only) == (False, [])

    assert submit_code(browser, "accounts:otp", code_for(device)).status_code == 302
    connected, backlog = async_to_sync(listen)(_browser_cookie(browser))
    assert connected
    assert [m["payload"]["name"] for m in backlog] == ["Safe house"]


def _browser_cookie(browser: Client) -> bytes:
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={browser.cookies[name].value}".encode()


def _member_count(event: Event) -> int:
    layer = get_channel_layer()
    if not isinstance(layer, InMemoryChannelLayer):
        pytest.skip("group members are counted on the in-memory layer only")
    return len(layer.groups.get(group_name(event.pk), {}))


def test_one_broadcast_reaches_every_local_socket_through_one_group_member() -> None:
    event = make_event()
    viewer = session_cookie(make_member(event, Role.VIEWER))
    mine = session_cookie(make_member(event, Role.UNIT_COMMANDER, username="uc5", unit_id=5))
    other = session_cookie(make_member(event, Role.UNIT_COMMANDER, username="uc7", unit_id=7))

    def publish() -> None:
        with transaction.atomic():
            NUMBERED.emit(event, {"n": 1}, unit_ids=[5])
            NUMBERED.emit(event, {"n": 2}, unit_ids=[7])
            NUMBERED.emit(event, {"n": 3})
            NUMBERED.emit(event, {"n": 4}, unit_ids=[5, 7])

    async def scenario() -> tuple[int, list[list[int]], int]:
        sockets = [feed_socket(cookie, event) for cookie in (viewer, viewer, mine, other)]
        for socket in sockets:
            assert (await socket.connect())[0]
        members = _member_count(event)
        await database_sync_to_async(publish)()
        expected = (4, 4, 2, 2)
        # Read side by side: each socket's quiet moment after its messages overlaps the others'.
        drained = await asyncio.gather(
            *(drain(s, n) for s, n in zip(sockets, expected, strict=True))
        )
        got = [[m["payload"]["n"] for m in messages] for messages in drained]
        for socket in sockets:
            await socket.disconnect()
        return members, got, _member_count(event)

    members, got, members_after = async_to_sync(scenario)()
    assert members == 1, "four sockets in one process share one member of the event's group"
    # A unit-scoped socket hears only events tagged with one of its units, not untagged ones.
    assert got == [[1, 2, 3, 4], [1, 2, 3, 4], [1, 4], [2, 4]]
    assert members_after == 0, "the last socket out takes the process out of the group"


class _CommitDuringCatchUp(LiveConsumer):
    """Commits a change just before its catch-up query, once the socket is already listening:
    the change is then both in the query's rows and in the broadcast stream."""

    def _load_since(self, last: int) -> list[dict[str, Any]]:
        if last == 0:
            with transaction.atomic():
                NUMBERED.emit(Event.objects.get(pk=self.event_id), {"n": 3})
        return super()._load_since(last)


def test_a_change_committed_during_catch_up_arrives_once_and_in_order() -> None:
    event = make_event()
    viewer = session_cookie(make_member(event, Role.VIEWER))
    with transaction.atomic():
        NUMBERED.emit(event, {"n": 1})
        NUMBERED.emit(event, {"n": 2})
    app = AuthMiddlewareStack(
        URLRouter([path("ws/events/<slug:event>/live/", _CommitDuringCatchUp.as_asgi())])
    )

    async def scenario() -> list[int]:
        socket = Socket(app, f"/ws/events/{event.slug}/live/?last=0", headers=[(b"cookie", viewer)])
        assert (await socket.connect())[0]
        got = [m["payload"]["n"] for m in await drain(socket, expect=3)]
        await socket.disconnect()
        return got

    assert async_to_sync(scenario)() == [1, 2, 3]


class _StalledClient(LiveConsumer):
    """A client that stops reading once live: the socket's writes wait until ``reading`` is set."""

    reading: asyncio.Event
    delivered: list[int]

    async def send(
        self, text_data: str | None = None, bytes_data: bytes | None = None, close: bool = False
    ) -> None:
        if self.writer is not None:  # live, no longer catching up
            await self.reading.wait()
        await super().send(text_data, bytes_data, close)

    def deliver(self, live_id: int, text: str, unit_ids: list[int] | None) -> None:
        self.delivered.append(live_id)
        super().deliver(live_id, text, unit_ids)


def test_a_socket_that_falls_behind_is_closed_and_catches_up_on_reconnect(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(consumers, "OUTBOX_LIMIT", 2)
    event = make_event()
    viewer = session_cookie(make_member(event, Role.VIEWER))
    app = AuthMiddlewareStack(
        URLRouter([path("ws/events/<slug:event>/live/", _StalledClient.as_asgi())])
    )

    def publish() -> None:
        with transaction.atomic():
            for n in range(4):
                NUMBERED.emit(event, {"n": n})

    async def scenario() -> tuple[list[int], int, list[int]]:
        _StalledClient.reading = asyncio.Event()
        _StalledClient.delivered = []
        first = Socket(app, f"/ws/events/{event.slug}/live/", headers=[(b"cookie", viewer)])
        assert (await first.connect())[0]
        await database_sync_to_async(publish)()
        for _ in range(500):  # until all four have reached the stalled socket
            if len(_StalledClient.delivered) == 4:
                break
            await asyncio.sleep(0.01)
        _StalledClient.reading.set()
        got: list[dict[str, Any]] = []
        while (output := await first.receive_output(timeout=PATIENCE))["type"] == "websocket.send":
            got.append(json.loads(output["text"]))
        again = feed_socket(viewer, event, last=got[-1]["id"])
        assert (await again.connect())[0]
        caught_up = await drain(again, expect=1)
        await again.disconnect()
        names = [m["payload"]["n"] for m in got], [m["payload"]["n"] for m in caught_up]
        return names[0], output["code"], names[1]

    before, code, after = async_to_sync(scenario)()
    # One write in flight and two waiting: the fourth finds the outbox full.
    assert (before, code) == ([0, 1, 2], consumers.CLOSE_TOO_SLOW)
    assert after == [3], "what the closed socket did not get comes in the catch-up"


def test_sockets_are_closed_to_reconnect_when_the_process_loses_the_layer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    event = make_event()
    viewer = session_cookie(make_member(event, Role.VIEWER))

    async def broken(channel: str) -> dict[str, Any]:
        raise ConnectionError("the layer went away")

    def publish() -> None:
        with transaction.atomic():
            NUMBERED.emit(event, {"n": 1})

    async def scenario() -> tuple[list[int], int]:
        socket = feed_socket(viewer, event)
        assert (await socket.connect())[0]
        # The reader is already waiting on the layer; its next wait fails.
        monkeypatch.setattr(get_channel_layer(), "receive", broken)
        await database_sync_to_async(publish)()
        got: list[int] = []
        while (output := await socket.receive_output(timeout=PATIENCE))["type"] == "websocket.send":
            got.append(json.loads(output["text"])["payload"]["n"])
        return got, output["code"]

    assert async_to_sync(scenario)() == ([1], consumers.CLOSE_FEED_LOST)


def test_a_change_that_commits_late_with_a_lower_id_still_goes_out() -> None:
    """Ids are taken when a change is made, not when it commits: on PostgreSQL a slow
    transaction's event can commit after a quicker one with a higher id was sent."""
    from garrison.core import live

    event = make_event()
    viewer = session_cookie(make_member(event, Role.VIEWER))
    base = 10_000_000
    for n in (10, 20):
        LiveEvent.objects.create(
            id=base + n, event=event, kind="events.site.created", payload={"n": n}
        )

    def commit_late(n: int) -> None:
        row = LiveEvent.objects.filter(id=base + n).first() or LiveEvent.objects.create(
            id=base + n, event=event, kind="events.site.created", payload={"n": n}
        )
        live._broadcast(event.pk, live.serialize(row))

    async def scenario() -> tuple[list[int], list[int]]:
        socket = feed_socket(viewer, event)
        assert (await socket.connect())[0]
        caught_up = [m["payload"]["n"] for m in await drain(socket, expect=2)]
        await database_sync_to_async(commit_late)(15)  # the slow one, after 20 went out
        await database_sync_to_async(commit_late)(20)  # sent again: the catch-up had it
        streamed = [m["payload"]["n"] for m in await drain(socket, expect=1)]
        await socket.disconnect()
        return caught_up, streamed

    assert async_to_sync(scenario)() == ([10, 20], [15])

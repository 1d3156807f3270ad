"""Operations desk figures: tip intake under concurrent submitters, and live-feed fan-out.

1. Tip intake: SUBMITTERS threads post tips to /tip/ through the full stack (middleware, CSRF
   off as for a form post without a browser, sessions, templates), each from its own address.
   Prints throughput and per-request p50/p99.
2. Fan-out: CLIENTS WebSocket clients on the event's live feed (Channels, in-memory layer, one
   process, in-process ASGI — no network, no Redis). For each of ROUNDS incidents created
   through the service, the time from just before the call to its arrival at every client.
   Prints p50/p99 over all (client, incident) pairs.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
import time

from _django import percentile, setup

SUBMITTERS = int(os.environ.get("BENCH_SUBMITTERS", "50"))
TIPS_EACH = int(os.environ.get("BENCH_TIPS_EACH", "10"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "500"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))

setup()

from asgiref.sync import sync_to_async  # noqa: E402
from channels.testing import WebsocketCommunicator  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from django.test import Client  # noqa: E402

from garrison.accounts.models import Membership, Role  # noqa: E402
from garrison.asgi import application  # noqa: E402
from garrison.conftest import make_event, make_member  # noqa: E402
from garrison.ops import services  # noqa: E402
from garrison.ops.models import Incident, IncidentType, OpsSettings  # noqa: E402


def bench_tips() -> None:
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.GARRISON_TIP_LIMIT = 10_000
    event = make_event("tipbench", "Tip bench")
    OpsSettings.objects.create(event=event, tips_open=True)
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()

    def submitter(n: int) -> None:
        client = Client()
        for i in range(TIPS_EACH):
            start = time.perf_counter()
            response = client.post(
                "/tip/",
                {"what": f"Bench tip {n}-{i}: bag left at gate", "where": "Gate 2"},
                REMOTE_ADDR=f"10.0.{n // 250}.{n % 250}",
            )
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if response.status_code != 200:
                    errors.append(response.status_code)
        close_old_connections()

    threads = [threading.Thread(target=submitter, args=(n,)) for n in range(SUBMITTERS)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    stored = Incident.objects.filter(event=event).count()
    print(f"tip intake: {SUBMITTERS} concurrent submitters × {TIPS_EACH} tips")
    print(
        f"  {stored} stored, {len(errors)} refused, {stored / wall:.1f} tips/s, "
        f"p50 {percentile(latencies, 50) * 1000:.1f} ms, p99 {percentile(latencies, 99) * 1000:.1f} ms"
    )


def _cookie(user: object) -> bytes:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)  # type: ignore[attr-defined]
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()  # type: ignore[attr-defined]
    session.create()
    return f"sessionid={session.session_key}".encode()


def bench_fanout() -> None:
    event = make_event("feedbench", "Feed bench")
    viewers = [_cookie(make_member(event, Role.VIEWER, username=f"v{n}")) for n in range(CLIENTS)]
    desk = Membership.objects.select_related("user", "event").get(
        user=make_member(event, Role.DISPATCHER, username="desk")
    )
    kind = IncidentType.objects.get(event=event, code="crowd").pk

    def create(n: int) -> None:
        data = services.IncidentData(
            kind, 2, f"Bench incident {n}", location=services.Location(text="Gate 3")
        )
        services.create_incident(desk, data)

    async def run() -> list[float]:
        comms = []
        for cookie in viewers:
            comm = WebsocketCommunicator(
                application,
                f"/ws/events/{event.slug}/live/",
                headers=[
                    (b"cookie", cookie),
                    (b"origin", b"http://localhost"),
                    (b"host", b"localhost"),
                ],
            )
            connected, _ = await comm.connect(timeout=10)
            if not connected:
                raise SystemExit("a client could not connect")
            comms.append(comm)
        samples: list[float] = []
        for n in range(ROUNDS):
            start = time.perf_counter()
            await sync_to_async(create, thread_sensitive=True)(n)

            async def arrival(comm: WebsocketCommunicator, start: float = start) -> float:
                await comm.receive_json_from(timeout=30)
                return time.perf_counter() - start

            samples += await asyncio.gather(*(arrival(c) for c in comms))
        for comm in comms:
            await comm.disconnect()
        return samples

    samples = asyncio.run(run())
    print(
        f"live feed fan-out: {CLIENTS} clients × {ROUNDS} incidents (in-process, in-memory layer)"
    )
    print(
        f"  creation → arrival at every client: p50 {percentile(samples, 50) * 1000:.1f} ms, "
        f"p99 {percentile(samples, 99) * 1000:.1f} ms (target p99 ≤ 250 ms)"
    )


if __name__ == "__main__":
    which = sys.argv[1:] or ["tips", "fanout"]
    if "tips" in which:
        bench_tips()
    if "fanout" in which:
        bench_fanout()

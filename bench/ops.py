"""Operations desk figures: tip intake under concurrent submitters, and live-feed fan-out.

1. Tip intake: a gunicorn server started as in the README's production section; SUBMITTERS
   threads, each a phone with its own address, load the public tip page (session and CSRF
   cookies) and post TIPS_EACH tips over HTTP. Prints throughput, p50/p99 latency, and whether
   every accepted tip was stored exactly once. The per-address throttle is raised for the run
   (it would refuse the sixth tip of an address) and the output says so.
2. Fan-out: CLIENTS WebSocket clients on the event's live feed (Channels, in-memory layer, one
   process, in-process ASGI — no network, no Redis). For each of ROUNDS incidents created
   through the service, the time from just before the call to its arrival at every client.
   Prints p50/p99 over all (client, incident) pairs.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import os
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

from _django import ROOT, free_port, gunicorn, make_event, percentile, setup, wait_up

SUBMITTERS = int(os.environ.get("BENCH_SUBMITTERS", "50"))
TIPS_EACH = int(os.environ.get("BENCH_TIPS_EACH", "10"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "500"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "1"))

setup()

from asgiref.sync import sync_to_async  # noqa: E402
from channels.testing import WebsocketCommunicator  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402

from garrison.accounts.models import Membership, Role  # noqa: E402
from garrison.asgi import application  # noqa: E402
from garrison.conftest import make_member  # noqa: E402
from garrison.ops.incidents import services  # noqa: E402
from garrison.ops.models import Incident, IncidentType, OpsSettings  # noqa: E402


class Submitter:
    """One resident's phone: loads the form (session and CSRF cookies), then sends tips."""

    def __init__(self, base: str, slug: str, address: str) -> None:
        self.url = f"{base}/tip/?e={slug}"
        self.address = address
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        page = self._send(urllib.request.Request(self.url, headers=self._headers()))[1]  # noqa: S310
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if found is None:
            raise SystemExit("the tip form has no CSRF token")
        self.token = found.group(1)

    def _headers(self) -> dict[str, str]:
        return {"X-Forwarded-For": self.address}

    def _send(self, request: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return int(response.status), response.read().decode()
        except urllib.error.HTTPError as exc:
            return int(exc.code), exc.read().decode()

    def tip(self, what: str) -> tuple[int, str]:
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": self.token, "what": what, "where": "Gate 2", "kind": ""}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - a loopback URL we built
            self.url, data=body, headers=self._headers(), method="POST"
        )
        status, page = self._send(request)
        found = re.search(r'data-testid="tip-reference">([A-Z0-9]+)<', page)
        return status, found.group(1) if found else ""


def bench_tips() -> None:
    event = make_event("tipbench", "Tip bench")
    OpsSettings.objects.create(event=event, tips_open=True)
    # Every submitter is one address sending TIPS_EACH tips in a few seconds: far above what the
    # per-address throttle lets a resident send (GARRISON_TIP_LIMIT, 5 per 10 minutes), so the
    # server the bench starts allows exactly TIPS_EACH. The throttle still runs on every tip.
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{settings.DATABASES['default']['NAME']}",
        "PYTHONPATH": str(ROOT),
        "GARRISON_TIP_LIMIT": str(TIPS_EACH),
    }
    if "DATABASE_URL" in os.environ:
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    port = free_port()
    server = gunicorn(port, env, WORKERS)
    latencies: list[float] = []
    outcomes: list[tuple[str, int, str]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(SUBMITTERS + 1)

    def submitter(n: int) -> None:
        phone = Submitter(f"http://127.0.0.1:{port}", event.slug, f"10.0.{n // 250}.{n % 250 + 1}")
        barrier.wait()
        for i in range(TIPS_EACH):
            what = f"Bench tip {n}-{i}: bag left at gate"
            start = time.perf_counter()
            status, reference = phone.tip(what)
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                outcomes.append((what, status, reference))

    try:
        wait_up(port)
        threads = [threading.Thread(target=submitter, args=(n,)) for n in range(SUBMITTERS)]
        for t in threads:
            t.start()
        barrier.wait()  # every phone has its form: time the tips only
        start = time.perf_counter()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait()
    sent = SUBMITTERS * TIPS_EACH
    refused = Counter(status for _, status, _ in outcomes if status != 200)
    stored = Counter(Incident.objects.filter(event=event).values_list("description", flat=True))
    references = {ref for _, status, ref in outcomes if status == 200 and ref}
    stored_refs = set(Incident.objects.filter(event=event).values_list("reference", flat=True))
    once = all(stored[what] == 1 for what, status, _ in outcomes if status == 200)
    print(
        f"tip intake over HTTP: {SUBMITTERS} concurrent submitters × {TIPS_EACH} tips, "
        f"gunicorn --workers {WORKERS}, {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
    )
    print(
        f"  per-address limit raised to {TIPS_EACH} for this run (GARRISON_TIP_LIMIT; "
        "default 5 per 10 minutes); each submitter sends from its own X-Forwarded-For address"
    )
    print(
        f"  {sent} sent, {sum(stored.values())} stored, refused {dict(refused) or 0}; "
        f"every accepted tip stored exactly once: {'yes' if once and references == stored_refs else 'NO'}"
    )
    print(
        f"  {sum(stored.values()) / wall:.1f} tips/s, p50 {percentile(latencies, 50) * 1000:.0f} ms, "
        f"p99 {percentile(latencies, 99) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms"
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

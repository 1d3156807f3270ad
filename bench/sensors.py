"""Counting devices: count ingestion over HTTP, and how fast a crowd alert reaches an open page.

1. Ingestion: the server as the README's production section starts it for the API (gunicorn,
   two worker processes with a thread pool each, on this machine's database — SQLite unless
   DATABASE_URL says otherwise). 8 devices, each on its own keep-alive connection, post batches
   of 500 count messages (people in and out of four zones; two road cameras) as fast as the
   answers come, for 10 s. Prints messages per second (target ≥ 5,000), the batches' latency,
   5xx; then checks that every message acknowledged is stored once (zero lost) and that a batch
   sent again is all duplicates.
2. Density alert: the demo's way to serve the live feed (uvicorn, one process, in-memory channel
   layer), a commander's live picture open on a WebSocket. A camera reports a crowd that crosses
   the unstable density; time from just before the message is sent to the moment the page's
   socket receives the crowd incident (``ops.incident.created``). 40 crossings; p50/p99
   (target p99 ≤ 2 s).

The load generator is a small raw HTTP/1.1 client on the same two cores, so it takes its share.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field

from _django import ROOT, free_port, gunicorn, percentile, setup, wait_up

DEVICES = 8
BATCH = 500
SECONDS = 10.0
PREBUILT = 40  # batches per device, encoded before the clock starts
CROSSINGS = 40

setup()
logging.disable(logging.WARNING)

from _ws import connect  # noqa: E402 - the bare WebSocket client of the fan-out benches
from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from garrison.accounts.models import Membership, Role, User, hash_token  # noqa: E402
from garrison.events.models import Event, Site, SiteKind, Zone  # noqa: E402
from garrison.sensors.models import CountingDevice, CountMessage, RoadSegment  # noqa: E402
from garrison.sensors.services.devices import new_token  # noqa: E402
from garrison.sensors.services.zones import reset_occupancy  # noqa: E402


def _square(side_m: float, lat: float, lon: float) -> dict[str, object]:
    dlat, dlon = side_m / 110_700, side_m / 103_900
    ring = [[lon, lat], [lon + dlon, lat], [lon + dlon, lat + dlat], [lon, lat + dlat], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@dataclass
class Setup:
    event: Event
    membership: Membership
    tokens: list[str] = field(default_factory=list)  # the ingestion's devices
    camera: str = ""  # the alert zone's camera
    alert_zone: Zone | None = None


def _device(event: Event, name: str, kind: str, **target: object) -> str:
    token = new_token()
    CountingDevice.objects.create(
        event=event,
        name=name,
        kind=kind,
        token_hash=hash_token(token),
        token_prefix=token[:8],
        **target,
    )
    return token


def _prepare() -> Setup:
    event = Event.objects.create(
        slug="bench-sensors", name="Bench", starts_on="2026-12-15", ends_on="2026-12-17"
    )
    user = User.objects.create_user("bench-commander")
    membership = Membership.objects.create(user=user, event=event, role=Role.COMMANDER)
    site = Site.objects.create(
        event=event, name="Venue", kind=SiteKind.VENUE, lat=21.02, lon=105.84
    )
    zones = [
        Zone.objects.create(
            event=event,
            site=site,
            code=f"Z{i}",
            name=f"Hall {i}",
            polygon=_square(100, 21.02 + i * 0.002, 105.84),
            access_level="open",
        )
        for i in range(4)
    ]
    road = RoadSegment.objects.create(
        event=event, name="Road", line=[[105.84, 21.02], [105.85, 21.02]], capacity_per_hour=2400
    )
    setup = Setup(event, membership)
    for i in range(DEVICES):
        if i < DEVICES - 2:
            setup.tokens.append(_device(event, f"Gate {i}", "turnstile", zone=zones[i % 4]))
        else:
            setup.tokens.append(_device(event, f"Road camera {i}", "camera", segment=road))
    setup.alert_zone = Zone.objects.create(
        event=event,
        site=site,
        code="LOBBY",
        name="Lobby",
        polygon=_square(10, 21.03, 105.84),
        access_level="open",
    )
    setup.camera = _device(event, "Lobby camera", "camera", zone=setup.alert_zone)
    return setup


def _batches(device: int, road: bool) -> list[bytes]:
    observed = timezone.now().isoformat()
    out = []
    for b in range(PREBUILT):
        messages = [
            {"id": f"d{device}-{b}-{i}", "observed_at": observed, "interval_seconds": 1}
            | ({"vehicles": 1} if road else {"in": 1, "out": 1})
            for i in range(BATCH)
        ]
        out.append(json.dumps({"messages": messages}).encode())
    return out


def _request(token: str, body: bytes) -> bytes:
    head = (
        "POST /api/v1/sensors/counts HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, bytes]:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    return status, await reader.readexactly(length)


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    stored: int = 0
    duplicates: int = 0
    sent: int = 0


async def _ingest(port: int, tokens: list[str]) -> tuple[Tally, float]:
    tally = Tally()
    prebuilt = [_batches(i, road=i >= DEVICES - 2) for i in range(DEVICES)]
    deadline = time.perf_counter() + SECONDS

    async def device(i: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for body in prebuilt[i]:
            if time.perf_counter() >= deadline:
                break
            start = time.perf_counter()
            status, answer = await _exchange(reader, writer, _request(tokens[i], body))
            tally.latencies.append(time.perf_counter() - start)
            tally.statuses[status] = tally.statuses.get(status, 0) + 1
            tally.sent += BATCH
            if status == 200:
                data = json.loads(answer)
                tally.stored += data["stored"]
                tally.duplicates += data["duplicates"]
        writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(device(i) for i in range(DEVICES)))
    return tally, time.perf_counter() - start


async def _resend(port: int, token: str) -> dict[str, int]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    _status, answer = await _exchange(reader, writer, _request(token, _batches(0, False)[0]))
    writer.close()
    result: dict[str, int] = json.loads(answer)
    return result


def _ingestion(setup: Setup, env: dict[str, str]) -> None:
    port = free_port()
    server = gunicorn(port, env, 2)
    try:
        wait_up(port)
        tally, took = asyncio.run(_ingest(port, setup.tokens))
        rows = CountMessage.objects.filter(event=setup.event).count()
        fivexx = sum(n for status, n in tally.statuses.items() if status >= 500)
        print(f"  ingestion, gunicorn 2 workers, {DEVICES} devices, batches of {BATCH}:")
        print(f"    messages/s:         {tally.stored / took:8.0f}   (target ≥ 5,000)")
        print(
            f"    batch latency p50 / p99: {percentile(tally.latencies, 50) * 1000:.0f} / "
            f"{percentile(tally.latencies, 99) * 1000:.0f} ms; statuses {tally.statuses}, 5xx {fivexx}"
        )
        print(
            f"    sent {tally.sent}, acknowledged {tally.stored}, stored rows {rows}, "
            f"lost {tally.sent - rows}"
        )
        again = asyncio.run(_resend(port, setup.tokens[0]))
        after = CountMessage.objects.filter(event=setup.event).count()
        print(f"    a batch sent again: {again}; rows after {after}")
    finally:
        server.terminate()
        server.wait()


def _session(user: User) -> tuple[str, str]:
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    client.get("/accounts/login/")
    return client.cookies["sessionid"].value, client.cookies["csrftoken"].value


async def _alerts(port: int, setup: Setup, cookie: str) -> list[float]:
    received: dict[str, float] = {}

    def arrived(at: float, raw: bytes) -> None:
        message = json.loads(raw)
        payload = message.get("payload") or {}
        if message.get("kind") == "ops.incident.created" and payload.get("zone"):
            received.setdefault("incident", at)

    headers = {"Cookie": f"sessionid={cookie}"}
    socket = await connect(port, f"/ws/events/{setup.event.slug}/live/", headers, arrived)
    await asyncio.sleep(0.5)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    delays = []
    assert setup.alert_zone is not None
    for n in range(CROSSINGS):
        # A new crowding each time: the count is set back, which ends the last episode.
        await asyncio.to_thread(reset_occupancy, setup.membership, setup.alert_zone, 0)
        received.clear()
        body = {
            "messages": [
                {"id": f"cross-{n}", "observed_at": timezone.now().isoformat(), "occupancy": 420}
            ]
        }
        sent = time.perf_counter()
        status, _answer = await _exchange(
            reader, writer, _request(setup.camera, json.dumps(body).encode())
        )
        if status != 200:
            raise SystemExit(f"count refused: {status}")
        while "incident" not in received and time.perf_counter() - sent < 10:
            await asyncio.sleep(0.001)
        if "incident" in received:
            delays.append((received["incident"] - sent) * 1000)
        await asyncio.sleep(0.1)
    writer.close()
    socket.close()
    return delays


def _alert_latency(setup: Setup, env: dict[str, str]) -> None:
    cookie, _csrf = _session(setup.membership.user)
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
        [
            *(sys.executable, "-m", "uvicorn", "garrison.asgi:application"),
            *("--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_up(port)
        delays = asyncio.run(_alerts(port, setup, cookie))
        print("  density alert, count → crowd incident on an open live page (uvicorn, 1 process):")
        if delays:
            print(
                f"    {len(delays)}/{CROSSINGS} received: p50 {percentile(delays, 50):.0f} ms, "
                f"p99 {percentile(delays, 99):.0f} ms, max {max(delays):.0f} ms (target p99 ≤ 2 s)"
            )
        else:
            print(f"    none of {CROSSINGS} received")
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    db = settings.DATABASES["default"]
    print(f"counting devices over HTTP, {db['ENGINE']}")
    setup = _prepare()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if "sqlite" in db["ENGINE"]:
        env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
    gc.collect()
    gc.freeze()
    os.sync()
    _ingestion(setup, env)
    _alert_latency(setup, env)


if __name__ == "__main__":
    main()

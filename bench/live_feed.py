"""Live feed fan-out: 500 WebSocket clients on the event's feed; a planner creates sites through
the API; how long until every client has each change (p50/p99), and whether any was missed.

Runs the server as production does (uvicorn, README): first one process with the in-memory
channel layer, then two processes sharing Redis (when ``redis-server`` is installed), with the
clients split across both and the writes sent to the first. Time runs from just before the
write's request is sent to the moment a client reads the change, so it includes the write itself.

The 500 clients share the two cores with the servers, so each is a bare asyncio protocol rather
than a full client library (which spent more CPU per message than the server's fan-out did):
it completes the handshake, offers permessage-deflate as browsers do, and for every frame it
receives, takes the time, inflates and decodes the JSON, and answers pings.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from _django import ROOT, free_port, percentile, setup, wait_up
from _ws import connect

CLIENTS = 500
CHANGES = 20

setup()

import uvloop  # noqa: E402 - the servers run on it too (uvicorn[standard])
from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from garrison.accounts.models import Membership, Role, User  # noqa: E402
from garrison.events.models import Event  # noqa: E402


def _session() -> tuple[str, str, str]:
    """An event and a verified planner session (cookie, CSRF token) the servers will accept."""
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    event = Event.objects.create(
        slug="bench-live", name="Bench", starts_on="2026-12-15", ends_on="2026-12-17"
    )
    user = User.objects.create_user("bench-planner")  # no password: the session is made here
    Membership.objects.create(user=user, event=event, role=Role.PLANNER)
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    client.get("/accounts/login/")
    return event.slug, client.cookies["sessionid"].value, client.cookies["csrftoken"].value


def _serve(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
        [
            sys.executable,
            "-m",
            "uvicorn",
            "garrison.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--ws",
            "websockets-sansio",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def _post(url: str, body: dict[str, object], headers: dict[str, str]) -> int:
    request = urllib.request.Request(  # noqa: S310 - a loopback URL we built
        url,
        data=json.dumps(body).encode(),
        headers={**headers, "Content-Type": "application/json", "Referer": url},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


async def _run(ports: list[int], slug: str, cookie: str, csrf: str, label: str) -> None:
    headers = {"Cookie": f"sessionid={cookie}; csrftoken={csrf}"}
    arrivals: dict[str, list[float]] = {}

    def arrived(at: float, raw: bytes) -> None:
        message = json.loads(raw)
        name = str((message.get("payload") or {}).get("name", ""))
        if name.startswith("bench-"):
            arrivals.setdefault(name, []).append(at)

    path = f"/ws/events/{slug}/live/"
    sockets = [await connect(ports[i % len(ports)], path, headers, arrived) for i in range(CLIENTS)]
    await asyncio.sleep(1)  # every client subscribed
    sent: dict[str, float] = {}
    url = f"http://127.0.0.1:{ports[0]}/api/v1/events/{slug}/sites"
    write_headers = {**headers, "X-CSRFToken": csrf}
    for n in range(CHANGES):
        name = f"bench-{label}-{n}"
        sent[name] = time.perf_counter()
        body = {"name": name, "kind": "other", "lat": 21.02, "lon": 105.85}
        status = await asyncio.to_thread(_post, url, body, write_headers)
        if status not in (200, 201):
            raise SystemExit(f"write refused: {status}")
        await asyncio.sleep(0.25)
    await asyncio.sleep(2)
    for client in sockets:
        client.close()
    delays = [
        (at - sent[name]) * 1000 for name, times in arrivals.items() for at in times if name in sent
    ]
    missed = CLIENTS * CHANGES - len(delays)
    print(
        f"  {CLIENTS} clients on {len(ports)} process(es), {CHANGES} changes: "
        f"p50 {percentile(delays, 50):.0f} ms, p99 {percentile(delays, 99):.0f} ms, "
        f"max {max(delays):.0f} ms, missed {missed}"
    )


def main() -> None:
    slug, cookie, csrf = _session()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{settings.DATABASES['default']['NAME']}",
        "PYTHONPATH": str(ROOT),
    }
    print("live feed fan-out (creation of a change → arrival at each WebSocket client)")

    port = free_port()
    server = _serve(port, env)
    try:
        wait_up(port)
        print("in-memory channel layer, one uvicorn process:")
        uvloop.run(_run([port], slug, cookie, csrf, "memory"))
    finally:
        server.terminate()
        server.wait()

    redis_server = shutil.which("redis-server")
    if redis_server is None:
        print("Redis: skipped (redis-server is not installed)")
        return
    redis_port = free_port()
    redis_dir = tempfile.mkdtemp(prefix="garrison-bench-redis-")
    redis = subprocess.Popen(  # noqa: S603 - fixed arguments
        [redis_server, "--port", str(redis_port), "--save", "", "--dir", redis_dir],
        stdout=subprocess.DEVNULL,
    )
    servers = []
    try:
        time.sleep(0.5)
        redis_env = {**env, "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0"}
        ports = [free_port(), free_port()]
        servers = [_serve(p, redis_env) for p in ports]
        for p in ports:
            wait_up(p)
        print("Redis channel layer, two uvicorn processes (writes to the first):")
        uvloop.run(_run(ports, slug, cookie, csrf, "redis"))
    finally:
        for process in [*servers, redis]:
            process.terminate()
            process.wait()
        shutil.rmtree(Path(redis_dir), ignore_errors=True)


if __name__ == "__main__":
    main()

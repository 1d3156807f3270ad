"""Online scan decisions in-process (Django test client → ninja → record_scan → SQLite).

Prints decisions per second on one core, p50/p99 latency, and the CPU time per decision beside
the physical floor (one Ed25519 verification + one durable commit, measured here too). This is
the server's own cost without HTTP, sockets or concurrency; the 64-client HTTP figure the issue
asks for needs the production server started as the README says and is not measured here.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import uuid
from io import StringIO

from _django import percentile, scan_floor, setup

N = 2000


def main() -> None:
    setup()
    logging.disable(logging.WARNING)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.utils import timezone

    from garrison.accreditation.credentials.services import _issue
    from garrison.accreditation.models import CategoryGrant, Person
    from garrison.demo.checkin import DEMO_SCANNER_TOKEN
    from garrison.events.models import Event

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("load_demo", "--quiet-qr", stdout=StringIO())
    event = Event.objects.get(slug="dai-hoi-2026")
    # The demo is under way today; the grants are widened anyway, so that scans stay valid
    # whatever day the stored demo was placed for.
    today = timezone.localdate(timezone=event.tzinfo)
    CategoryGrant.objects.filter(category__event=event, category__code="SEC").update(
        first_day=today - dt.timedelta(days=1), last_day=today + dt.timedelta(days=1)
    )
    with transaction.atomic():
        codes = [
            _issue(event, person).code
            for person in Person.objects.filter(event=event, category__code="SEC")
        ]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {DEMO_SCANNER_TOKEN}")

    samples: list[float] = []
    results: dict[str, int] = {}
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    for i in range(N):
        body = {
            "id": str(uuid.uuid4()),
            "code": codes[i % len(codes)],
            "direction": "entry" if (i // len(codes)) % 2 == 0 else "exit",
        }
        start = time.perf_counter()
        response = client.post(
            "/api/v1/checkin/scans", json.dumps(body), content_type="application/json"
        )
        samples.append(time.perf_counter() - start)
        if response.status_code != 201:
            raise SystemExit(f"scan {i}: {response.status_code} {response.content[:200]!r}")
        results[response.json()["result"]] = results.get(response.json()["result"], 0) + 1
    cpu = (time.process_time() - cpu_start) / N
    wall = time.perf_counter() - wall_start

    verify, commit = scan_floor(codes[0])
    floor = verify + commit

    print(f"{N} online decisions, one client, in-process ({connection.vendor})")
    print(f"  decisions/s:          {N / wall:8.0f}")
    print(
        f"  latency p50 / p99:    {percentile(samples, 50) * 1000:6.2f} / "
        f"{percentile(samples, 99) * 1000:6.2f} ms"
    )
    print(f"  CPU per decision:     {cpu * 1e6:8.0f} µs")
    print(
        f"  floor (verify+commit):{floor * 1e6:8.0f} µs  (verify {verify * 1e6:.0f} µs, "
        f"commit {commit * 1e6:.0f} µs)"
    )
    print(f"  CPU / floor:          {cpu / floor:8.1f}×")
    print(f"  results: {results}")


if __name__ == "__main__":
    main()

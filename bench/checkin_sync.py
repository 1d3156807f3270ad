"""100,000 offline scans synced through POST /api/v1/checkin/sync, as phones do after an outage.

The server is started as the README's production section starts it for the API (gunicorn, two
worker processes); UPLOADERS phones send their backlogs at once, in batches of 500 (the API's
limit). Prints the time and rate, checks that nothing is lost (every scan stored once, by its
id), and that a batch sent again is answered ``duplicate`` item by item and stored nothing new.
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from io import StringIO

from _django import ROOT, free_port, gunicorn, setup, wait_up

TOTAL = 100_000
BATCH = 500
UPLOADERS = 4
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))


def _post(port: int, token: str, bodies: list[str]) -> list[bytes]:
    """One phone: its batches one after another on one keep-alive connection. The bodies are
    encoded and the answers read after the clock stops: the bench process shares the two cores
    with the server, and a phone's outbox is ready before the network returns."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    answers: list[bytes] = []
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    for body in bodies:
        connection.request("POST", "/api/v1/checkin/sync", body, headers)
        response = connection.getresponse()
        data = response.read()
        if response.status != 200:
            raise SystemExit(f"sync answered {response.status}: {data[:200]!r}")
        answers.append(data)
    connection.close()
    return answers


def _items(answers: list[bytes]) -> list[dict[str, object]]:
    return [item for data in answers for item in json.loads(data)["items"]]


def main() -> None:
    setup()
    logging.disable(logging.WARNING)
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from garrison.accreditation.models import Credential
    from garrison.checkin.models import Scan
    from garrison.demo.checkin import DEMO_SCANNER_TOKEN

    call_command("load_demo", "--quiet-qr", stdout=StringIO())
    codes = list(Credential.objects.values_list("code", flat=True)[:400])
    now = timezone.now().isoformat()
    bodies = [
        json.dumps(
            {
                "items": [
                    {
                        "id": str(uuid.uuid4()),
                        "code": codes[(b * BATCH + i) % len(codes)],
                        "direction": "entry"
                        if ((b * BATCH + i) // len(codes)) % 2 == 0
                        else "exit",
                        "scanned_at": now,
                        "verdict": "ok",
                    }
                    for i in range(BATCH)
                ]
            }
        )
        for b in range(TOTAL // BATCH)
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    db = settings.DATABASES["default"]
    if "sqlite" in db["ENGINE"]:
        env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
    port = free_port()
    server = gunicorn(port, env, WORKERS)
    try:
        wait_up(port)
        start = time.perf_counter()
        with ThreadPoolExecutor(UPLOADERS) as pool:
            shares = [bodies[n::UPLOADERS] for n in range(UPLOADERS)]
            parts = list(
                pool.map(_post, [port] * UPLOADERS, [DEMO_SCANNER_TOKEN] * UPLOADERS, shares)
            )
        took = time.perf_counter() - start
        answers = [item for part in parts for item in _items(part)]
        again = _items(_post(port, DEMO_SCANNER_TOKEN, [bodies[0]]))
    finally:
        server.terminate()
        server.wait()
    stored = Scan.objects.filter(offline=True).count()
    statuses = {str(a["status"]) for a in answers}
    duplicates = sum(1 for item in again if item["status"] == "duplicate")
    print(
        f"{TOTAL:,} offline scans, {UPLOADERS} phones at once, batches of {BATCH}, "
        f"gunicorn --workers {WORKERS}, {db['ENGINE'].rsplit('.', 1)[-1]}:"
    )
    print(f"  {took:.1f} s, {TOTAL / took:,.0f} scans/s  (target: 100,000 in ≤ 10 s)")
    print(
        f"  stored {stored:,} of {TOTAL:,} (lost {TOTAL - stored}); answers {sorted(statuses)}; "
        f"resent batch: {duplicates} of {BATCH} answered duplicate, stored "
        f"{Scan.objects.filter(offline=True).count() - stored} more"
    )


if __name__ == "__main__":
    main()

"""Offline scans synced in batches of 500 through POST /api/v1/checkin/sync (in-process).

Prints scans stored per second, the time 100,000 would take at that rate (target ≤ 10 s), and
checks that nothing is lost and a batch sent twice is counted once.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from io import StringIO

from _django import setup

TOTAL = 20000
BATCH = 500


def main() -> None:
    setup()
    logging.disable(logging.WARNING)
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from garrison.accreditation.models import Credential
    from garrison.checkin.demo import DEMO_SCANNER_TOKEN
    from garrison.checkin.models import Scan

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("load_demo", "--quiet-qr", stdout=StringIO())
    codes = list(Credential.objects.values_list("code", flat=True)[:400])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {DEMO_SCANNER_TOKEN}")
    now = timezone.now().isoformat()
    batches = [
        [
            {
                "id": str(uuid.uuid4()),
                "code": codes[(b * BATCH + i) % len(codes)],
                "direction": "entry" if ((b * BATCH + i) // len(codes)) % 2 == 0 else "exit",
                "scanned_at": now,
                "verdict": "ok",
            }
            for i in range(BATCH)
        ]
        for b in range(TOTAL // BATCH)
    ]
    start = time.perf_counter()
    for batch in batches:
        response = client.post(
            "/api/v1/checkin/sync", json.dumps({"items": batch}), content_type="application/json"
        )
        if response.status_code != 200:
            raise SystemExit(f"sync answered {response.status_code}")
    took = time.perf_counter() - start
    again = client.post(
        "/api/v1/checkin/sync", json.dumps({"items": batches[0]}), content_type="application/json"
    )
    duplicates = sum(1 for item in again.json()["items"] if item["status"] == "duplicate")
    stored = Scan.objects.filter(offline=True).count()
    rate = TOTAL / took
    print(f"{TOTAL} offline scans in batches of {BATCH}: {took:.1f} s, {rate:.0f} scans/s")
    print(f"  100,000 at this rate: {100_000 / rate:.0f} s  (target ≤ 10 s)")
    print(
        f"  stored {stored} of {TOTAL} (lost {TOTAL - stored}); resent batch: "
        f"{duplicates} of {BATCH} answered duplicate"
    )


if __name__ == "__main__":
    main()

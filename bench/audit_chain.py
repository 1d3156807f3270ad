"""Audit chain: how fast entries are appended through the service, and verified end to end.

Prints appends per second (each in its own transaction, as a service write would be) and the
time ``garrison audit_verify`` takes over the whole chain.
"""

from __future__ import annotations

import io
import time

from _django import setup

setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from garrison.audit.services import SYSTEM, record  # noqa: E402
from garrison.events.models import Event  # noqa: E402

ENTRIES = 5000


def main() -> None:
    event = Event.objects.create(
        slug="bench", name="Bench", starts_on="2026-12-15", ends_on="2026-12-17"
    )
    start = time.perf_counter()
    for i in range(ENTRIES):
        with transaction.atomic():
            record(
                SYSTEM,
                "bench.thing.changed",
                event,
                event_id=event.pk,
                before={"n": i},
                after={"n": i + 1, "note": "x" * 80},
            )
    append = time.perf_counter() - start
    print(f"audit append: {ENTRIES} entries in {append:.2f} s = {ENTRIES / append:.0f} per s")

    out = io.StringIO()
    start = time.perf_counter()
    call_command("audit_verify", stdout=out)
    verify = time.perf_counter() - start
    print(f"audit_verify: {ENTRIES} entries in {verify:.2f} s = {ENTRIES / verify:.0f} per s")
    print("  " + out.getvalue().splitlines()[0])


if __name__ == "__main__":
    main()

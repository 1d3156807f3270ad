"""The purge of an event's personal data while a gate keeps scanning.

An event with 1,600 delegates with photos and badges, 5,000 scans, 500 residents' tips with a
contact and a photo, 300 force members with phone numbers and 20 scanner phones named after
their guards. Then ``garrison purge_personal_data`` (``events.services.purge.run_purge``) runs
while a scanner posts online scans in a thread (Django test client → ninja → the scan service,
its own database connection) for as long as the purge lasts.

Prints the purge's time, its transactions and the longest of them (targets: ≤ 60 s, ≤ 1 s),
the rows purged per step, and the scanner's answers: how many, their statuses, the slowest (a
scan waits at most for one purge batch's transaction). Then the event's archive after the purge
(``events.services.archive``), as the retention page streams it: the time to its first bytes,
its whole time and size.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import random
import threading
import time
import uuid

from _django import percentile, setup

DELEGATES = 1600
SCANS = 5000
TIPS = 500
MEMBERS = 300
PHONES = 20


def _photo(seed: int) -> bytes:
    """A 240×320 JPEG of noise (20-30 KB, about a real badge photo's size)."""
    from PIL import Image

    rng = random.Random(seed)
    image = Image.frombytes("RGB", (240, 320), rng.randbytes(240 * 320 * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


def _seed() -> tuple[int, str, list[str]]:
    """The event; a scanner's token; badge codes for the scanner to scan."""
    from django.db import transaction
    from django.utils import timezone

    from garrison.accounts.models import Device, hash_token
    from garrison.accreditation.credentials.services import _issue
    from garrison.accreditation.models import Category, CategoryGrant, Person
    from garrison.checkin.models import Checkpoint, Scan, Scanner
    from garrison.events.models import Event, Site, Zone
    from garrison.forces.models import ForceMember, Unit
    from garrison.ops.tips.services import TipData, receive_tip

    today = timezone.localdate()
    event = Event.objects.create(
        slug="bench-purge",
        name="Bench congress",
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=1),
    )
    square = {
        "type": "Polygon",
        "coordinates": [[[105.84, 21.02], [105.85, 21.02], [105.85, 21.03], [105.84, 21.02]]],
    }
    site = Site.objects.create(event=event, name="Venue", kind="venue", lat=21.025, lon=105.845)
    zone = Zone.objects.create(
        event=event, site=site, code="HALL", name="Hall", polygon=square, access_level="secure"
    )
    category = Category.objects.create(event=event, code="DEL", name="Delegate")
    CategoryGrant.objects.create(
        category=category, zone=zone, first_day=event.starts_on, last_day=event.ends_on
    )
    photos = [_photo(i) for i in range(16)]
    people = [
        Person(
            event=event,
            category=category,
            full_name=f"Nguyễn Văn Đại Biểu {i}",
            organisation=f"Đoàn đại biểu tỉnh {i % 60}",
            position="Đại biểu",
            ref=f"DB{i:05d}",
            dedupe_key=f"nguyen van dai bieu {i}|doan {i % 60}",
            search_name=f"nguyen van dai bieu {i}\ndoan dai bieu tinh {i % 60}",
            photo=photos[i % len(photos)] + i.to_bytes(4, "big"),
            photo_sha256=f"{i:064x}",
        )
        for i in range(DELEGATES)
    ]
    Person.objects.bulk_create(people, batch_size=200)
    with transaction.atomic():
        codes = [_issue(event, person).code for person in Person.objects.filter(event=event)]
    gate = Checkpoint.objects.create(event=event, zone=zone, name="North gate", direction="both")
    devices = Device.objects.bulk_create(
        Device(
            event=event,
            name=f"Điện thoại của chiến sĩ {i}",
            token_hash=hash_token(f"gd_bench_{i}"),
            token_prefix=f"gd_bench_{i}"[:8],
        )
        for i in range(PHONES)
    )
    Scanner.objects.create(device=devices[0], checkpoint=gate)
    now = timezone.now()
    Scan.objects.bulk_create(
        (
            Scan(
                event=event,
                client_id=uuid.uuid4(),
                device=devices[i % PHONES],
                checkpoint=gate,
                zone=zone,
                direction="entry" if i % 2 == 0 else "exit",
                serial=1000 + i % DELEGATES,
                version=1,
                result="ok",
                scanned_at=now - dt.timedelta(seconds=i),
            )
            for i in range(SCANS)
        ),
        batch_size=1000,
    )
    unit = Unit.objects.create(event=event, name="Guard company", code="GC", type="police")
    ForceMember.objects.bulk_create(
        ForceMember(event=event, unit=unit, full_name=f"Chiến sĩ {i}", contact=f"09{i:08d}")
        for i in range(MEMBERS)
    )
    tip_photo = _photo(99)
    for i in range(TIPS):
        receive_tip(
            event,
            TipData(
                what=f"Tip {i}: a bag left by the east door",
                where="East door",
                contact=f"09{i:08d} resident{i}@example.vn",
                photo=tip_photo,
                photo_name="tip.jpg",
            ),
            address=f"bench-{i}",
        )
    return event.pk, "gd_bench_0", codes


def _scanner(token: str, codes: list[str], stop: threading.Event, out: dict[str, object]) -> None:
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    samples: list[float] = []
    statuses: dict[int, int] = {}
    i = 0
    try:
        while not stop.is_set():
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
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            i += 1
            time.sleep(0.02)  # a busy gate: about 40 scans a second
    finally:
        connection.close()
    out["samples"], out["statuses"] = samples, statuses


def main() -> None:
    setup()
    logging.disable(logging.WARNING)
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from garrison.audit.services import SYSTEM
    from garrison.audit.verify import verify_chain
    from garrison.events.models import Event
    from garrison.events.services import purge

    settings.ALLOWED_HOSTS = ["testserver"]
    start = time.perf_counter()
    event_id, token, codes = _seed()
    print(f"seeded in {time.perf_counter() - start:.1f} s ({connection.vendor})")
    event = Event.objects.get(pk=event_id)
    print(f"to purge: {purge.pending_counts(event)}")

    # One scan first: the URLs, the API and the check-in code load once, not inside the figures.
    Client(HTTP_AUTHORIZATION=f"Bearer {token}").post(
        "/api/v1/checkin/scans",
        json.dumps({"id": str(uuid.uuid4()), "code": codes[0], "direction": "entry"}),
        content_type="application/json",
    )
    stop = threading.Event()
    scanned: dict[str, object] = {}
    scanner = threading.Thread(target=_scanner, args=(token, codes, stop, scanned))
    scanner.start()
    time.sleep(0.5)  # the gate is busy before the purge begins
    start = time.perf_counter()
    run = purge.run_purge(event, SYSTEM, early=True)
    elapsed = time.perf_counter() - start
    stop.set()
    scanner.join()
    assert run is not None
    samples: list[float] = scanned["samples"]  # type: ignore[assignment]

    print(
        f"{DELEGATES} delegates with photos, {SCANS} scans, {TIPS} tips with photos, "
        f"{MEMBERS} members, {PHONES} phones"
    )
    print(f"  purge time:            {elapsed:8.2f} s   (target ≤ 60 s)")
    print(f"  transactions:          {run.batches:8d}   of ≤ {purge.BATCH} rows")
    print(f"  longest transaction:   {run.longest_ms:8d} ms  (target ≤ 1000 ms)")
    print(f"  purged: {run.counts}")
    print(f"  scans answered during it: {len(samples)} {scanned['statuses']}")
    if samples:
        print(
            f"  scan latency p50 / p99 / max: {percentile(samples, 50) * 1000:.1f} / "
            f"{percentile(samples, 99) * 1000:.1f} / {max(samples) * 1000:.1f} ms"
        )
    print(f"  audit chain intact: {verify_chain().problem is None}")
    left = purge.pending_counts(event)
    print(f"  left to purge: {sum(n for steps in left.values() for n in steps.values())}")
    _archive(event)


def _archive(event: object) -> None:
    from garrison.events.models import Event
    from garrison.events.services import archive

    assert isinstance(event, Event)
    start = time.perf_counter()
    pieces = archive.stream(event, with_personal=False)
    size = len(next(pieces))
    first = time.perf_counter() - start
    size += sum(len(piece) for piece in pieces)
    whole = time.perf_counter() - start
    print(
        f"  archive after the purge: first bytes in {first * 1000:.0f} ms, whole in {whole:.2f} s,"
    )
    print(f"    {size / 1e6:.1f} MB streamed (nothing stored on the server)")


if __name__ == "__main__":
    main()

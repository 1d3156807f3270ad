"""The demo congress's checkpoints at the venue and the delegate hotels, and one demo scanner.

The hotels' zones and who may enter them come from ``demo.accreditation_hotels`` (made here too
when the accreditation demo was not loaded): one checkpoint guards each hotel's delegate floors.

The demo scanner serves the main hall door. Its token is fixed so the demo can be tried at
once: ``DEMO_SCANNER_TOKEN`` below (anyone can read it here, which is acceptable only because
``load_demo`` refuses to run in production). Real scanners enrol with a one-time code.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction

from garrison.accounts.models import Device, hash_token
from garrison.audit.services import SYSTEM, record
from garrison.checkin.models import Checkpoint, Direction, Scanner
from garrison.demo.accreditation_hotels import ensure_hotel_zones
from garrison.events.models import Event, Zone

DEMO_SCANNER_NAME = "Máy quét demo – cửa hội trường"
DEMO_SCANNER_TOKEN = "gd_demo_" + hashlib.sha256(b"garrison-demo:scanner").hexdigest()[:32]

CHECKPOINTS: tuple[tuple[str, str, str], ...] = (
    ("Cổng chính (main gate)", "PERIM", Direction.BOTH),
    ("Cửa sảnh đón (lobby door)", "LOBBY", Direction.BOTH),
    ("Cửa hội trường (main hall door)", "HALL", Direction.BOTH),
    ("Cửa khu báo chí (press door)", "PRESS", Direction.BOTH),
    ("Cổng bãi xe (car park barrier)", "PARK", Direction.BOTH),
    ("Cửa phòng khánh tiết (VIP door)", "VIP", Direction.ENTRY),
)
HOTEL_DOOR = "Cửa tầng lưu trú (delegate floors) – {hotel}"


@transaction.atomic
def load(report: Any) -> None:
    event: Event = report.event
    # Usually the accreditation demo has made (and counted) them already.
    hotels = ensure_hotel_zones(event, report, count_kept=False)
    zones = {zone.code: zone for zone in Zone.objects.filter(event=event)}
    existing = set(Checkpoint.objects.filter(event=event).values_list("name", flat=True))
    wanted = list(CHECKPOINTS)
    wanted += [(HOTEL_DOOR.format(hotel=z.site.name)[:120], z.code, Direction.BOTH) for z in hotels]
    for name, zone_code, direction in wanted:
        if name in existing:
            report.kept["checkpoint"] += 1
            continue
        if zone_code not in zones:
            continue
        checkpoint = Checkpoint.objects.create(
            event=event, zone=zones[zone_code], name=name, direction=direction
        )
        record(SYSTEM, "checkin.checkpoint.created", checkpoint, event_id=event.pk)
        report.created["checkpoint"] += 1
    if Device.objects.filter(token_hash=hash_token(DEMO_SCANNER_TOKEN)).exists():
        report.kept["scanner device"] += 1
        return
    hall_door = Checkpoint.objects.filter(event=event, zone__code="HALL").first()
    if hall_door is None:
        return
    device = Device.objects.create(
        event=event,
        name=DEMO_SCANNER_NAME,
        token_hash=hash_token(DEMO_SCANNER_TOKEN),
        token_prefix=DEMO_SCANNER_TOKEN[:8],
    )
    Scanner.objects.create(device=device, checkpoint=hall_door)
    record(SYSTEM, "checkin.enrolment.redeemed", device, event_id=event.pk)
    report.created["scanner device"] += 1

"""The demo congress's counting devices: the venue's gates and lobby, and Trần Hưng Đạo in front
of the venue; a crowd building up in the delegate lobby, close to the unstable density now.

Counts only, as everywhere: the devices send numbers. Their tokens are fixed so that
``garrison simulate_counts`` can post as them at once (``demo_token``; readable here, which is
acceptable only because ``load_demo`` refuses to run in production). Real devices get a token
from the sensors page. The history (the last half hour of the lobby camera's counts, the trend's
samples, the road's last minutes) is written as the devices would have left it, so the page shows
a rising trend and a forecast from the start; the press clicker fell silent twenty minutes ago.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.db import transaction
from django.utils import timezone

from garrison.accounts.models import hash_token
from garrison.audit.services import SYSTEM, record
from garrison.events.models import Event, Zone
from garrison.sensors.area import polygon_area_m2
from garrison.sensors.models import (
    DEFAULT_UNSTABLE,
    CountingDevice,
    CountMessage,
    DeviceKind,
    RoadSegment,
    ZoneOccupancy,
    ZoneSample,
)
from garrison.sensors.services.counts import congestion

ROAD = "Trần Hưng Đạo (trước Cung Văn hóa Hữu nghị)"
# OpenStreetMap ways 965041064 and 972186119 (the traffic app's Hanoi extract), east to west.
ROAD_LINE = [
    [105.846328, 21.022712],
    [105.846008, 21.022804],
    [105.845819, 21.022858],
    [105.845567, 21.02293],
    [105.845412, 21.022975],
    [105.844557, 21.023224],
]
ROAD_CAPACITY = 2400  # vehicles per hour, both directions of a two-lane street

# (name, kind, zone code or None for the road)
DEVICES: tuple[tuple[str, str, str | None], ...] = (
    ("Cửa xoay – cổng chính", DeviceKind.TURNSTILE, "PERIM"),
    ("Camera đếm người – sảnh đón", DeviceKind.CAMERA, "LOBBY"),
    ("Cửa xoay – cửa sảnh đón", DeviceKind.TURNSTILE, "LOBBY"),
    ("Cửa xoay – cửa hội trường", DeviceKind.TURNSTILE, "HALL"),
    ("Máy bấm đếm – khu báo chí", DeviceKind.CLICKER, "PRESS"),
    ("Camera đếm xe – Trần Hưng Đạo, hướng đông", DeviceKind.CAMERA, None),
    ("Camera đếm xe – Trần Hưng Đạo, hướng tây", DeviceKind.CAMERA, None),
)
SILENT = "Máy bấm đếm – khu báo chí"
LOBBY_DENSITY_NOW = 0.9 * DEFAULT_UNSTABLE  # persons/m², rising about one person a second


def demo_token(name: str) -> str:
    return "gs_demo_" + hashlib.sha256(f"garrison-demo:sensor:{name}".encode()).hexdigest()[:32]


@transaction.atomic
def load(report: Any) -> None:
    event: Event = report.event
    zones = {zone.code: zone for zone in Zone.objects.filter(event=event)}
    road = RoadSegment.objects.filter(event=event, name=ROAD).first()
    if road is None:
        road = RoadSegment.objects.create(
            event=event, name=ROAD, line=ROAD_LINE, capacity_per_hour=ROAD_CAPACITY
        )
        record(SYSTEM, "sensors.segment.added", road, event_id=event.pk)
        report.created["road segment"] += 1
    else:
        report.kept["road segment"] += 1
    now = timezone.now()
    made: dict[str, CountingDevice] = {}
    for name, kind, code in DEVICES:
        if CountingDevice.objects.filter(event=event, name=name).exists():
            report.kept["counting device"] += 1
            continue
        if code is not None and code not in zones:
            continue
        token = demo_token(name)
        device = CountingDevice.objects.create(
            event=event,
            name=name,
            kind=kind,
            zone=zones[code] if code else None,
            segment=None if code else road,
            token_hash=hash_token(token),
            token_prefix=token[:8],
            last_seen=now - dt.timedelta(minutes=20) if name == SILENT else now,
        )
        record(SYSTEM, "sensors.device.added", device, event_id=event.pk)
        report.created["counting device"] += 1
        made[name] = device
    if made:
        _history(event, made, zones, road, now)


def _history(
    event: Event,
    devices: dict[str, CountingDevice],
    zones: dict[str, Zone],
    road: RoadSegment,
    now: dt.datetime,
) -> None:
    """The last half hour as the devices reported it, and the state it leaves."""
    messages: list[CountMessage] = []
    camera = devices.get("Camera đếm người – sảnh đón")
    if camera is not None and camera.zone is not None:
        lobby = camera.zone
        target = round(LOBBY_DENSITY_NOW * polygon_area_m2(lobby.polygon))
        for minute in range(30, -1, -1):
            # Filling since the doors opened, a little faster in the last minutes.
            people = target - 60 * minute - (minute * minute) // 2
            at = now - dt.timedelta(minutes=minute)
            messages.append(_message(camera, f"demo-{minute}", at, occupancy=max(0, people)))
            if minute <= 5:
                ZoneSample.objects.create(zone=lobby, at=at, occupancy=max(0, people))
        ZoneOccupancy.objects.update_or_create(
            zone=lobby,
            defaults={
                "event": event,
                "anchor": target,
                "anchor_at": now,
                "net": 0,
                "occupancy": target,
                "updated": now,
                "level": "planned",
                "sampled_at": now,
            },
        )
    others = {"PERIM": 350, "HALL": 420, "PRESS": 35}
    for name, device in devices.items():
        if device.zone is not None and device.zone.code in others:
            people = others[device.zone.code]
            messages.append(_message(device, "demo-start", now, entered=people, exited=0))
            ZoneOccupancy.objects.update_or_create(
                zone=device.zone,
                defaults={"event": event, "net": people, "occupancy": people, "updated": now},
            )
        elif device.segment_id is not None:
            for minute in range(5, 0, -1):
                vehicles = 15 if "đông" in name else 13
                at = now - dt.timedelta(minutes=minute - 1)
                messages.append(
                    _message(device, f"demo-{minute}", at, vehicles=vehicles, interval=60)
                )
    CountMessage.objects.bulk_create(messages)
    flow = 60 * (15 + 13)
    RoadSegment.objects.filter(pk=road.pk).update(
        flow_per_hour=flow, level=congestion(flow, road.capacity_per_hour), measured_at=now
    )


def _message(
    device: CountingDevice, mid: str, at: dt.datetime, *, interval: int = 60, **counts: int
) -> CountMessage:
    return CountMessage(
        event_id=device.event_id,
        device=device,
        zone_id=device.zone_id,
        segment_id=device.segment_id,
        message_id=mid,
        observed_at=at,
        interval_seconds=interval,
        received_at=at,
        entered=counts.get("entered"),
        exited=counts.get("exited"),
        occupancy=counts.get("occupancy"),
        vehicles=counts.get("vehicles"),
    )

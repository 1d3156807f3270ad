"""Shared makers for the sensors' tests: zones of a known size, devices with their tokens."""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Membership, Role
from garrison.events.models import Event, Site, SiteKind, Zone
from garrison.sensors.models import CountingDevice, RoadSegment
from garrison.sensors.services import devices

LAT, LON = 21.0228, 105.8443
_serial = itertools.count(1)


def square(side_m: float, lat: float = LAT, lon: float = LON) -> dict[str, Any]:
    """A GeoJSON square of about ``side_m`` metres a side (spherical degrees: the test of the
    area module measures it exactly)."""
    dlat = side_m / 111_195.0
    dlon = side_m / (111_195.0 * math.cos(math.radians(lat)))
    ring = [[lon, lat], [lon + dlon, lat], [lon + dlon, lat + dlat], [lon, lat + dlat], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def make_zone(event: Event, side_m: float = 10.0, code: str | None = None) -> Zone:
    n = next(_serial)
    site = Site.objects.create(
        event=event, name=f"Sensor site {n}", kind=SiteKind.VENUE, lat=LAT, lon=LON
    )
    return Zone.objects.create(
        event=event,
        site=site,
        code=code or f"S{n}",
        name=f"Counted zone {n}",
        polygon=square(side_m),
        access_level="open",
    )


def make_segment(event: Event, capacity: int = 1200) -> RoadSegment:
    return RoadSegment.objects.create(
        event=event,
        name=f"Road {next(_serial)}",
        line=[[105.8460, 21.0225], [105.8445, 21.0229]],
        capacity_per_hour=capacity,
    )


@dataclass
class Counter:
    device: CountingDevice
    token: str

    def client(self) -> Client:
        return Client(HTTP_AUTHORIZATION=f"Bearer {self.token}")

    def post(self, body: Any) -> Any:
        raw = body if isinstance(body, str | bytes) else json.dumps(body)
        return self.client().post(
            reverse("api:sensors_counts"), data=raw, content_type="application/json"
        )


def manager(event: Event) -> Membership:
    membership = Membership.objects.filter(event=event, role=Role.COMMANDER).first()
    if membership is None:
        from garrison.conftest import make_member

        make_member(event, Role.COMMANDER, username=f"sensor-commander-{event.slug}")
        membership = Membership.objects.get(event=event, role=Role.COMMANDER)
    return membership


def make_counter(
    event: Event, *, zone: Zone | None = None, segment: RoadSegment | None = None
) -> Counter:
    data = devices.DeviceData(
        name=f"Counter {next(_serial)}",
        kind="camera" if zone is not None else "clicker",
        zone_id=zone.pk if zone is not None else None,
        segment_id=segment.pk if segment is not None else None,
    )
    device, token = devices.add_device(manager(event), data)
    return Counter(device, token)

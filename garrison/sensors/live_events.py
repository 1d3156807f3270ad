"""The sensors' live events: each kind once, with its payload (garrison.core.live.declare).

Counts only: a payload names a zone, a road segment or a device by id and name, never a person.
"""

from __future__ import annotations

from typing_extensions import TypedDict

from garrison.core.live import declare


class ZoneState(TypedDict):
    """A zone's crowd now: at most every few seconds per zone, and at once when its level moves."""

    zone: int
    code: str
    occupancy: int
    density: float
    level: str
    # Seconds until the next threshold at the recent trend; None when it is not rising.
    forecast_seconds: int | None
    next_level: str | None


class SegmentState(TypedDict):
    """A road segment's traffic: vehicles per hour and the congestion level they make."""

    segment: int
    name: str
    flow_per_hour: float
    capacity_per_hour: int
    level: str


class DeviceState(TypedDict):
    """A counting device fell silent (``stale``) or spoke again (``back``)."""

    device: int
    name: str
    kind: str
    zone: int | None
    segment: int | None
    last_seen: str | None
    stale_minutes: int


ZONE_CHANGED = declare("sensors.zone.changed", ZoneState)
SEGMENT_CHANGED = declare("sensors.segment.changed", SegmentState)
DEVICE_STALE = declare("sensors.device.stale", DeviceState)
DEVICE_BACK = declare("sensors.device.back", DeviceState)

"""Event-scoped lookups: another event's device, zone or segment is 404, like one that does not
exist."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from garrison.accounts.access import reader_or_404
from garrison.accounts.models import User
from garrison.events.models import Event, Zone
from garrison.sensors.models import CountingDevice, RoadSegment


def access_device_by_id(user: User, event: Event, device_id: int) -> CountingDevice:
    reader_or_404(user, event)
    return get_object_or_404(
        CountingDevice.objects.select_related("zone", "segment"),
        pk=device_id,
        event=event,
    )


def access_zone_by_id(user: User, event: Event, zone_id: int) -> Zone:
    reader_or_404(user, event)
    return get_object_or_404(Zone.objects.select_related("site"), pk=zone_id, event=event)


def access_segment_by_id(user: User, event: Event, segment_id: int) -> RoadSegment:
    reader_or_404(user, event)
    return get_object_or_404(RoadSegment, pk=segment_id, event=event)

"""Counting devices that fell silent: a device with no message for ``stale_after()`` puts an
alert on the live picture, once, until it speaks again (``counts._seen``).

Silence happens by time passing, not by anyone's action, so something must look: the workers on
their schedule, or the demo's server itself (``apps.py``, like ops' response timers).
"""

from __future__ import annotations

import datetime as dt
import os

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from garrison.audit.services import SYSTEM, record
from garrison.sensors.live_events import DEVICE_STALE, DeviceState
from garrison.sensors.models import CountingDevice

CHECK_EVERY = 30.0  # seconds between looks


def stale_after() -> dt.timedelta:
    """GARRISON_SENSOR_STALE_MINUTES (a setting, else the environment), 5 by default."""
    value = getattr(settings, "GARRISON_SENSOR_STALE_MINUTES", None)
    return dt.timedelta(
        minutes=float(value or os.environ.get("GARRISON_SENSOR_STALE_MINUTES") or 5)
    )


def device_state(device: CountingDevice) -> DeviceState:
    return {
        "device": device.pk,
        "name": device.name,
        "kind": device.kind,
        "zone": device.zone_id,
        "segment": device.segment_id,
        "last_seen": device.last_seen.isoformat() if device.last_seen else None,
        "stale_minutes": round(stale_after().total_seconds() / 60),
    }


def check_stale(now: dt.datetime | None = None) -> int:
    """Mark each active device silent for too long as stale and say so; how many."""
    now = now or timezone.now()
    since = now - stale_after()
    silent = CountingDevice.objects.filter(
        revoked_at__isnull=True, stale_since__isnull=True
    ).filter(Q(last_seen__lt=since) | Q(last_seen__isnull=True, created__lt=since))
    found = 0
    for device in silent.select_related("event"):
        with transaction.atomic():
            # Only if still silent: a message may have come in since the query.
            changed = (
                CountingDevice.objects.filter(pk=device.pk, stale_since__isnull=True)
                .filter(Q(last_seen__lt=since) | Q(last_seen__isnull=True))
                .update(stale_since=now)
            )
            if not changed:
                continue
            device.stale_since = now
            record(SYSTEM, "sensors.device.stale", device, event_id=device.event_id)
            DEVICE_STALE.emit(device.event, device_state(device))
            found += 1
    return found

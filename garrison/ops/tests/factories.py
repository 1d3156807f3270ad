"""Building incidents and units for tests without going through the services."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from garrison.events.models import Event
from garrison.forces.models import Unit
from garrison.ops.models import Incident, IncidentTransition, IncidentType, Status

_serial = itertools.count(1)


def incident_type(event: Event, code: str = "fire") -> IncidentType:
    return IncidentType.objects.get(event=event, code=code)


def make_incident(
    event: Event,
    *,
    status: str = Status.NEW,
    severity: int = 3,
    code: str = "fire",
    lat: float | None = 21.03,
    lon: float | None = 105.85,
    description: str = "Smoke from a kiosk",
    source: str = "staff",
    received_at: dt.datetime | None = None,
    **extra: Any,
) -> Incident:
    n = next(_serial)
    incident = Incident.objects.create(
        event=event,
        reference=f"T{n:07d}",
        type=incident_type(event, code),
        severity=severity,
        status=status,
        source=source,
        description=description,
        lat=lat,
        lon=lon,
        received_at=received_at or timezone.now(),
        **extra,
    )
    IncidentTransition.objects.create(
        incident=incident, to_status=Status.NEW, at=incident.received_at, actor_label="test"
    )
    return incident


def make_unit(
    event: Event,
    parent: Unit | None = None,
    *,
    type: str = "police",
    lat: float | None = 21.03,
    lon: float | None = 105.85,
) -> Unit:
    n = next(_serial)
    unit = Unit.objects.create(
        event=event, parent=parent, name=f"Unit {n}", code=f"U{n}", type=type, lat=lat, lon=lon
    )
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    return unit

"""API shapes for incidents and dispatch.

Rules stay in the services: ``incidents/services.py`` and ``dispatch/services.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from django.core.exceptions import ImproperlyConfigured
from ninja import Schema
from pydantic import Field

from garrison.core.schemas import BodyIn
from garrison.events.schemas import Id, Latitude, Longitude, Text
from garrison.ops.models import Incident, Source, Status

# Staff sources only: public tips come through the tip page.
StaffSource = Literal["staff", "checkpoint", "sensor", "drill", "patrol"]
StatusValue = Literal[
    "new", "triaged", "dispatched", "on_scene", "resolved", "closed", "cancelled", "duplicate"
]
if set(get_args(StaffSource)) != set(Source.values) - {Source.PUBLIC_TIP}:
    raise ImproperlyConfigured("API choices out of date for Source")
if set(get_args(StatusValue)) != set(Status.values):
    raise ImproperlyConfigured("API choices out of date for Status")


class IncidentIn(BodyIn):
    type_id: Id
    severity: int = Field(3, ge=1, le=4, strict=True)
    description: Text = Field(max_length=2000)
    source: StaffSource = "staff"
    lat: Latitude | None = None
    lon: Longitude | None = None
    site_id: Id | None = None
    zone_id: Id | None = None
    location_text: Text = Field("", max_length=300)


class StatusIn(BodyIn):
    status: StatusValue
    note: Text = Field("", max_length=500)


class DispatchIn(BodyIn):
    unit_ids: list[Id] = Field(min_length=1, max_length=50)


class AssignmentOut(Schema):
    unit_id: int
    unit_code: str
    dispatched_at: dt.datetime
    acknowledged_at: dt.datetime | None
    en_route_at: dt.datetime | None
    on_scene_at: dt.datetime | None
    cleared_at: dt.datetime | None


class IncidentOut(Schema):
    id: int
    reference: str
    type_id: int
    type_code: str
    severity: int
    status: str
    source: str
    description: str
    lat: float | None
    lon: float | None
    site_id: int | None
    zone_id: int | None
    location_text: str
    received_at: dt.datetime
    duplicate_of_id: int | None
    handler_id: int | None
    # Injected by a drill: a phone shows the exercise mark beside it.
    exercise: bool
    assignments: list[AssignmentOut]

    @staticmethod
    def of(incident: Incident) -> IncidentOut:
        return IncidentOut(
            id=incident.pk,
            reference=incident.reference,
            type_id=incident.type_id,
            type_code=incident.type.code,
            severity=incident.severity,
            status=incident.status,
            source=incident.source,
            description=incident.description,
            lat=incident.lat,
            lon=incident.lon,
            site_id=incident.site_id,
            zone_id=incident.zone_id,
            location_text=incident.location_text,
            received_at=incident.received_at,
            duplicate_of_id=incident.duplicate_of_id,
            handler_id=incident.handler_id,
            exercise=incident.exercise,
            assignments=[
                AssignmentOut(
                    unit_id=a.unit_id,
                    unit_code=a.unit.code,
                    dispatched_at=a.dispatched_at,
                    acknowledged_at=a.acknowledged_at,
                    en_route_at=a.en_route_at,
                    on_scene_at=a.on_scene_at,
                    cleared_at=a.cleared_at,
                )
                for a in incident.assignments.all()
            ],
        )

"""HTTP API of traffic: plan a convoy movement (a thin handler over ``movements/services.py``).

Each end is a site (``origin_site_id``) or a point picked on a map (``origin``: lat, lon, label);
``via`` points are passed in order. A departure outside every phase of the event is refused with
409 ``outside_phases`` unless the body says ``confirm_outside_phases: true``.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import P, PathEx, Router, Schema, Status
from pydantic import Field

from garrison.accounts.access import access_event_by_slug
from garrison.accounts.api_auth import WRITE_ERRORS, auth_user, responses, user_auth
from garrison.core.schemas import BodyIn
from garrison.events.schemas import SLUG_PATTERN, Id, Latitude, Longitude, Text
from garrison.traffic.movements.services import MAX_VIA, MapPoint, MovementData, plan_movement

router = Router(tags=["traffic"], auth=user_auth)

Slug = PathEx[str, P(pattern=SLUG_PATTERN, max_length=60, description="The event's short name.")]


class PointIn(BodyIn):
    lat: Latitude
    lon: Longitude
    label: Text = Field("", max_length=200)

    def point(self) -> MapPoint:
        return MapPoint(float(self.lat), float(self.lon), self.label)


class MovementIn(BodyIn):
    name: Text = Field(max_length=200)
    origin_site_id: Id | None = None
    origin: PointIn | None = None
    destination_site_id: Id | None = None
    destination: PointIn | None = None
    via: list[PointIn] = Field(default_factory=list, max_length=MAX_VIA)
    departs_at: dt.datetime
    vehicles: int = Field(1, ge=1, le=200, strict=True)
    escort: Text = Field("", max_length=5000)
    notes: Text = Field("", max_length=5000)
    confirm_outside_phases: bool = False


class MovementOut(Schema):
    id: int
    name: str
    departs_at: dt.datetime
    seconds: float | None
    metres: float | None


@router.post(
    "/{event}/movements",
    url_name="traffic_movement_create",
    response=responses({201: MovementOut}, WRITE_ERRORS),
)
def create_movement(request: HttpRequest, event: Slug, payload: MovementIn) -> Status[MovementOut]:
    ev, membership = access_event_by_slug(auth_user(request), event)
    membership.event = ev
    movement = plan_movement(
        membership,
        MovementData(
            name=payload.name,
            origin_id=payload.origin_site_id,
            destination_id=payload.destination_site_id,
            origin_point=payload.origin.point() if payload.origin else None,
            destination_point=payload.destination.point() if payload.destination else None,
            via=[p.point() for p in payload.via],
            departs_at=payload.departs_at,
            vehicles=payload.vehicles,
            escort=payload.escort,
            notes=payload.notes,
            confirm_outside_phases=payload.confirm_outside_phases,
        ),
    )
    best = (movement.route.get("routes") or [{}])[0]
    return Status(
        201,
        MovementOut(
            id=movement.pk,
            name=movement.name,
            departs_at=movement.departs_at,
            seconds=best.get("seconds"),
            metres=best.get("metres"),
        ),
    )

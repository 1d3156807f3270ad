"""The write path for patrol points and tours (visits: ``visits``; rounds: ``rounds``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError
from garrison.core.validate import text as clean_text
from garrison.events.geo import check_point
from garrison.events.models import Site, Zone
from garrison.forces.models import Unit
from garrison.patrols.live_events import POINT_CHANGED, TOUR_CHANGED
from garrison.patrols.models import Point, Round, Stop, Tour
from garrison.patrols.roles import PLANNERS

FIRST_SERIAL = 500_001  # plaques are numbered apart from badges (100001…) to tell them apart
MAX_STOPS = 60


def _actor(membership: Membership) -> Actor:
    return Actor.of_user(membership.user)


# --- Points -------------------------------------------------------------------------------------


@dataclass
class PointData:
    name: str
    lat: Any
    lon: Any
    radius_m: int = 50
    site_id: int | None = None
    zone_id: int | None = None
    instructions: str = ""
    risk: int = 1


def point_summary(point: Point) -> dict[str, Any]:
    return {
        "serial": point.serial,
        "name": point.name,
        "lat": point.lat,
        "lon": point.lon,
        "radius_m": point.radius_m,
        "site_id": point.site_id,
        "zone_id": point.zone_id,
        "risk": point.risk,
    }


def _clean_point(membership: Membership, data: PointData) -> dict[str, Any]:
    event_id = membership.event_id
    name = clean_text(data.name, "name", max_length=120, one_line=True)
    lat, lon = check_point(data.lat, data.lon)
    if not isinstance(data.radius_m, int) or not 5 <= data.radius_m <= 1000:
        raise DomainError(
            "invalid_radius", _("Give a radius between 5 and 1,000 metres."), field="radius_m"
        )
    if not isinstance(data.risk, int) or not 1 <= data.risk <= 5:
        raise DomainError("invalid_risk", _("Give a risk from 1 to 5."), field="risk")
    if data.site_id and not Site.objects.filter(pk=data.site_id, event_id=event_id).exists():
        raise DomainError("unknown_site", _("Not a site of this event."), field="site_id")
    if data.zone_id and not Zone.objects.filter(pk=data.zone_id, event_id=event_id).exists():
        raise DomainError("unknown_zone", _("Not a zone of this event."), field="zone_id")
    instructions = clean_text(data.instructions, "instructions", max_length=2000, required=False)
    return {
        "name": name,
        "lat": lat,
        "lon": lon,
        "radius_m": data.radius_m,
        "site_id": data.site_id or None,
        "zone_id": data.zone_id or None,
        "instructions": instructions,
        "risk": data.risk,
    }


def _name_free(
    membership: Membership, model: type[Point | Tour], name: str, pk: int | None
) -> None:
    taken = model.objects.filter(event_id=membership.event_id, name=name)
    if pk is not None:
        taken = taken.exclude(pk=pk)
    if taken.exists():
        raise DomainError("duplicate_name", _("Another one already has this name."), field="name")


def create_point(membership: Membership, data: PointData) -> Point:
    require_role(membership, PLANNERS)
    values = _clean_point(membership, data)
    with transaction.atomic():
        _name_free(membership, Point, values["name"], None)
        last = Point.objects.filter(event_id=membership.event_id).aggregate(m=Max("serial"))["m"]
        point = Point.objects.create(
            event_id=membership.event_id, serial=(last or FIRST_SERIAL - 1) + 1, **values
        )
        record(
            _actor(membership),
            "patrols.point.created",
            point,
            event_id=membership.event_id,
            after=point_summary(point),
        )
        POINT_CHANGED.emit(membership.event, {"id": point.pk})
    return point


def update_point(membership: Membership, point: Point, data: PointData) -> Point:
    require_role(membership, PLANNERS)
    values = _clean_point(membership, data)
    with transaction.atomic():
        point = Point.objects.select_for_update().get(pk=point.pk, event_id=membership.event_id)
        _name_free(membership, Point, values["name"], point.pk)
        before = point_summary(point)
        for name, value in values.items():
            setattr(point, name, value)
        point.save()
        record(
            _actor(membership),
            "patrols.point.updated",
            point,
            event_id=membership.event_id,
            before=before,
            after=point_summary(point),
        )
        POINT_CHANGED.emit(membership.event, {"id": point.pk})
    return point


# --- Tours --------------------------------------------------------------------------------------


@dataclass
class TourData:
    name: str
    point_ids: list[int]
    schedule: str = Tour.Schedule.EVERY
    every_minutes: int = 60
    times: list[str] = field(default_factory=list)
    day_start: dt.time | None = None
    day_end: dt.time | None = None
    walk_minutes: int = 30
    grace_minutes: int = 10
    ordered: bool = True
    unit_id: int | None = None
    active: bool = True


def tour_summary(tour: Tour) -> dict[str, Any]:
    return {
        "name": tour.name,
        "points": [stop.point_id for stop in tour.stops.all()],
        "schedule": tour.schedule,
        "every_minutes": tour.every_minutes,
        "times": tour.times,
        "walk_minutes": tour.walk_minutes,
        "grace_minutes": tour.grace_minutes,
        "ordered": tour.ordered,
        "unit_id": tour.unit_id,
        "active": tour.active,
    }


def _minutes(value: Any, name: str, low: int, high: int) -> int:
    if not isinstance(value, int) or not low <= value <= high:
        raise DomainError(
            "invalid_minutes",
            _("Give a number of minutes from %(low)d to %(high)d.") % {"low": low, "high": high},
            field=name,
        )
    return value


def _times(values: list[str]) -> list[str]:
    clean: list[str] = []
    for value in values:
        try:
            moment = dt.time.fromisoformat(str(value).strip())
        except ValueError as exc:
            raise DomainError(
                "invalid_time", _("Give times as HH:MM, 24-hour clock."), field="times"
            ) from exc
        clean.append(moment.strftime("%H:%M"))
    if len(clean) > 48:
        raise DomainError("invalid_time", _("At most 48 times a day."), field="times")
    return sorted(set(clean))


def _clean_tour(membership: Membership, data: TourData) -> dict[str, Any]:
    name = clean_text(data.name, "name", max_length=120, one_line=True)
    if data.schedule not in Tour.Schedule.values:
        raise DomainError("invalid_choice", _("Unknown kind of schedule."), field="schedule")
    ids = list(dict.fromkeys(data.point_ids))
    if not ids or len(ids) > MAX_STOPS:
        raise DomainError(
            "invalid_points",
            _("Choose between 1 and %(n)d patrol points.") % {"n": MAX_STOPS},
            field="point_ids",
        )
    found = set(
        Point.objects.filter(event_id=membership.event_id, pk__in=ids).values_list("pk", flat=True)
    )
    if found != set(ids):
        raise DomainError(
            "unknown_point", _("Not a patrol point of this event."), field="point_ids"
        )
    times = _times(data.times)
    if data.schedule == Tour.Schedule.AT and not times:
        raise DomainError("invalid_time", _("Give at least one time."), field="times")
    walk = _minutes(data.walk_minutes, "walk_minutes", 1, 24 * 60)
    every = _minutes(data.every_minutes, "every_minutes", 5, 24 * 60)
    if data.schedule != Tour.Schedule.AT and walk > every:
        raise DomainError(
            "walk_too_long",
            _("A round must fit in its period: walking time at most the minutes between rounds."),
            field="walk_minutes",
        )
    if (
        data.unit_id
        and not Unit.objects.filter(pk=data.unit_id, event_id=membership.event_id).exists()
    ):
        raise DomainError("unknown_unit", _("Not a unit of this event."), field="unit_id")
    return {
        "name": name,
        "schedule": data.schedule,
        "every_minutes": every,
        "times": times,
        "day_start": data.day_start,
        "day_end": data.day_end,
        "walk_minutes": walk,
        "grace_minutes": _minutes(data.grace_minutes, "grace_minutes", 0, 240),
        "ordered": bool(data.ordered),
        "unit_id": data.unit_id or None,
        "active": bool(data.active),
        "point_ids": ids,
    }


def _set_stops(tour: Tour, ids: list[int]) -> None:
    tour.stops.all().delete()
    Stop.objects.bulk_create(
        Stop(tour=tour, point_id=point_id, position=position)
        for position, point_id in enumerate(ids)
    )


def create_tour(membership: Membership, data: TourData) -> Tour:
    require_role(membership, PLANNERS)
    values = _clean_tour(membership, data)
    ids = values.pop("point_ids")
    with transaction.atomic():
        _name_free(membership, Tour, values["name"], None)
        tour = Tour.objects.create(event_id=membership.event_id, **values)
        _set_stops(tour, ids)
        record(
            _actor(membership),
            "patrols.tour.created",
            tour,
            event_id=membership.event_id,
            after=tour_summary(tour),
        )
        TOUR_CHANGED.emit(membership.event, {"id": tour.pk})
    return tour


def update_tour(membership: Membership, tour: Tour, data: TourData) -> Tour:
    """Change a tour; rounds not yet started are planned again by the next check."""
    require_role(membership, PLANNERS)
    values = _clean_tour(membership, data)
    ids = values.pop("point_ids")
    with transaction.atomic():
        tour = Tour.objects.select_for_update().get(pk=tour.pk, event_id=membership.event_id)
        _name_free(membership, Tour, values["name"], tour.pk)
        before = tour_summary(tour)
        for name, value in values.items():
            setattr(tour, name, value)
        now = timezone.now()
        tour.planned_until = now  # the next check plans the coming rounds afresh
        tour.save()
        _set_stops(tour, ids)
        Round.objects.filter(tour=tour, starts_at__gt=now).delete()
        record(
            _actor(membership),
            "patrols.tour.updated",
            tour,
            event_id=membership.event_id,
            before=before,
            after=tour_summary(tour),
        )
        TOUR_CHANGED.emit(membership.event, {"id": tour.pk})
    return tour

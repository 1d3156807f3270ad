"""The write path for convoy movements: plan one, route it on the event's road network.

authorise → validate → route (before the transaction: reads only) → store → audit → emit.
A movement that cannot be routed is refused and nothing is stored. Each end is a site of the
event or a point picked on the map; via points are passed in order. A departure outside every
phase of the event (a typo in the year, most likely) is refused unless the caller confirms it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError
from garrison.events.models import Phase, Site
from garrison.traffic.live_events import MOVEMENT_PLANNED
from garrison.traffic.models import Movement, RoadNetwork
from garrison.traffic.roles import PLANNERS
from garrison.traffic.routing.paths import snapped_route
from garrison.traffic.routing.router import (
    MAX_SNAP_M,
    Route,
    Router,
    closures_for,
    network_for,
    router_for,
)
from garrison.traffic.routing.snapping import Snap
from garrison.traffic.routing.travel import snap


@dataclass(frozen=True)
class MapPoint:
    """A point picked on the map, with what the planner calls it (may be empty)."""

    lat: float
    lon: float
    label: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"lat": round(self.lat, 6), "lon": round(self.lon, 6), "label": self.label}


@dataclass
class MovementData:
    name: str
    origin_id: int | None
    destination_id: int | None
    departs_at: dt.datetime
    vehicles: int = 1
    escort: str = ""
    notes: str = ""
    origin_point: MapPoint | None = None
    destination_point: MapPoint | None = None
    via: list[MapPoint] = field(default_factory=list)
    confirm_outside_phases: bool = False


MAX_VIA = 8


@dataclass
class Place:
    """One end or via point as validated: a site, or a map point with its label."""

    site: Site | None
    point: MapPoint | None
    field: str

    @property
    def latlon(self) -> tuple[float, float]:
        if self.point is not None:
            return (self.point.lat, self.point.lon)
        return (self.site.lat, self.site.lon) if self.site is not None else (0.0, 0.0)

    @property
    def label(self) -> str:
        if self.site is not None:
            return self.site.name
        return (self.point.label if self.point else "") or _("the point picked on the map")


def movement_summary(movement: Movement) -> dict[str, Any]:
    best = (movement.route.get("routes") or [{}])[0]
    return {
        "name": movement.name,
        "origin": movement.origin_id or movement.origin_point,
        "destination": movement.destination_id or movement.destination_point,
        "via": movement.via,
        "departs_at": movement.departs_at,
        "vehicles": movement.vehicles,
        "escort": movement.escort,
        "notes": movement.notes,
        "seconds": best.get("seconds"),
        "metres": best.get("metres"),
    }


def _line(router: Router, found: Route, offset_s: float) -> list[list[float]]:
    """[lat, lon, seconds from the start] along one route, from and to its points on the road."""
    g = router.graph
    elapsed = offset_s + np.concatenate([[0.0], np.cumsum(found.arc_ms(g))]) / 1000
    points = [(float(g.lat[n]), float(g.lon[n])) for n in found.nodes]
    if found.start is not None:
        points[0] = found.start
    if found.end is not None and found.arcs:
        points[-1] = found.end
    return [
        [round(lat, 6), round(lon, 6), round(float(t), 1)]
        for (lat, lon), t in zip(points, elapsed, strict=False)
    ]


def route_json(router: Router, found: Route, legs: list[Route] | None = None) -> dict[str, Any]:
    """One route for storage and the map: totals, ways, and [lat, lon, seconds from start].

    A route through via points is drawn leg by leg, each from and to its points on the road.
    """
    g = router.graph
    line: list[list[float]] = []
    offset = 0.0
    for leg in legs or [found]:
        drawn = _line(router, leg, offset)
        line.extend(drawn[1:] if line else drawn)
        offset += leg.seconds
    names = [g.road_names[int(g.road[arc])] for arc in found.arcs]
    streets: list[str] = []
    for street in names:
        if street and (not streets or streets[-1] != street):
            streets.append(street)
    return {
        "seconds": round(found.seconds, 1),
        "metres": round(found.metres),
        "ways": router.way_ids(found),
        "streets": streets,
        "line": line,
        "segments": [
            [int(g.way[a]), int(g.node_osm[g.tail[a]]), int(g.node_osm[g.head[a]])]
            for a in found.arcs
        ],
    }


def _place(membership: Membership, site_id: int | None, point: MapPoint | None, name: str) -> Place:
    if site_id is not None and point is not None:
        raise DomainError(
            "both_given", _("Choose a site or pick a point on the map, not both."), field=name
        )
    if point is not None:
        if not (-90 <= point.lat <= 90 and -180 <= point.lon <= 180):
            raise DomainError("bad_point", _("This is not a point on the map."), field=name)
        label = point.label.strip()[:200]
        return Place(None, MapPoint(point.lat, point.lon, label), name)
    if site_id is None:
        raise DomainError("required", _("Choose a site or pick a point on the map."), field=name)
    site = Site.objects.filter(pk=site_id, event_id=membership.event_id).first()
    if site is None:
        raise DomainError("invalid_choice", _("Choose a site of this event."), field=name)
    return Place(site, None, name)


def outside_phases(membership: Membership, at: dt.datetime) -> bool:
    """True when the event has phases and ``at`` falls in none of them."""
    phases = list(Phase.objects.filter(event_id=membership.event_id))
    return bool(phases) and not any(p.starts_at <= at < p.ends_at for p in phases)


def _validate(membership: Membership, data: MovementData) -> tuple[str, list[Place]]:
    name = (data.name or "").strip()
    if not name:
        raise DomainError("required", _("This field is required."), field="name")
    if len(name) > 200:
        raise DomainError("too_long", _("At most %(n)d characters.") % {"n": 200}, field="name")
    origin = _place(membership, data.origin_id, data.origin_point, "origin")
    destination = _place(membership, data.destination_id, data.destination_point, "destination")
    if len(data.via) > MAX_VIA:
        raise DomainError(
            "too_many", _("At most %(n)d points on the way.") % {"n": MAX_VIA}, field="via"
        )
    via = [_place(membership, None, point, "via") for point in data.via]
    if origin.latlon == destination.latlon and not via:
        raise DomainError(
            "same_site", _("The destination must differ from the origin."), field="destination"
        )
    if not 1 <= data.vehicles <= 200:
        raise DomainError(
            "out_of_range", _("Vehicles must be between 1 and 200."), field="vehicles"
        )
    if data.departs_at.tzinfo is None:
        raise DomainError("naive_time", _("Times must carry a time zone."), field="departs_at")
    if not data.confirm_outside_phases and outside_phases(membership, data.departs_at):
        raise DomainError(
            "outside_phases",
            _(
                "The departure falls outside every phase of the event. Check the date; "
                "if it is right, confirm that the movement departs outside the event's phases."
            ),
            status=409,
            field="departs_at",
        )
    return name, [origin, *via, destination]


def _leg(router: Router, a: Place, b: Place, closed: frozenset[int]) -> tuple[Route, float, float]:
    """The fastest way between two places, each entered where it meets its nearest road."""
    from_a, to_b = _snap(router, a), _snap(router, b)
    return snapped_route(router, from_a, to_b, closed), from_a.distance_m, to_b.distance_m


def _snap(router: Router, place: Place) -> Snap:
    try:
        found = snap(router, place.latlon)
    except DomainError as error:
        raise DomainError(
            "off_network",
            _("“%(place)s” is more than %(m)d m from any road of the network.")
            % {"place": place.label, "m": round(MAX_SNAP_M)},
            field=place.field,
        ) from error
    if place.point is not None and not place.point.label:
        # Pages name places, never coordinates: an unnamed point is called by its street.
        g = router.graph
        street = g.road_names[int(g.road[max(found.forward, found.backward)])]
        if street:
            label = _("near %(street)s") % {"street": street}
            place.point = MapPoint(place.point.lat, place.point.lon, label)
    return found


def _network(membership: Membership, places: list[Place]) -> RoadNetwork:
    networks = list(membership.event.road_networks.all())
    for place in places if networks else []:
        if not any(network.contains(*place.latlon) for network in networks):
            raise DomainError(
                "off_network",
                _("“%(place)s” lies outside the event's road network.") % {"place": place.label},
                field=place.field,
            )
    # No network at all, or the places spread over two: network_for says which.
    return network_for(membership.event, places[0].latlon, *(p.latlon for p in places[1:]))


def plan_route(membership: Membership, places: list[Place], at: dt.datetime) -> dict[str, Any]:
    """The fastest route through ``places`` in order, with alternatives when there is no via."""
    network = _network(membership, places)
    router = router_for(network)
    closed = frozenset(router.closed_arcs(closures_for(membership.event), at))
    legs: list[Route] | None = None
    if len(places) == 2:
        best, snap_a, snap_b = _leg(router, places[0], places[1], closed)
        routes = [best, *router.alternatives(best, closed, count=2)]
    else:
        found = [_leg(router, a, b, closed) for a, b in itertools.pairwise(places)]
        legs = [leg for leg, _a, _b in found]
        best = Route(
            seconds=sum(leg.seconds for leg in legs),
            metres=sum(leg.metres for leg in legs),
            nodes=[legs[0].nodes[0]] + [n for leg in legs for n in leg.nodes[1:]],
            arcs=[arc for leg in legs for arc in leg.arcs],
        )
        snap_a, snap_b = found[0][1], found[-1][2]
        routes = [best]
    if not routes[0].reachable:
        raise DomainError(
            "no_route",
            _("No road route leads from “%(a)s” to “%(b)s” at that time.")
            % {"a": places[0].label, "b": places[-1].label},
            field="destination",
        )
    return {
        "network": router.graph.node_count,
        "snap_m": [round(snap_a), round(snap_b)],
        "routes": [route_json(router, routes[0], legs)]
        + [route_json(router, other) for other in routes[1:]],
    }


def _point_json(place: Place) -> dict[str, Any]:
    if place.point is None:
        return {}
    return place.point.as_json()


def plan_movement(membership: Membership, data: MovementData) -> Movement:
    require_role(membership, PLANNERS)
    name, places = _validate(membership, data)
    planned = plan_route(membership, places, data.departs_at)
    origin, *via, destination = places
    try:
        with transaction.atomic():
            movement = Movement.objects.create(
                event_id=membership.event_id,
                name=name,
                origin=origin.site,
                destination=destination.site,
                origin_point=_point_json(origin),
                destination_point=_point_json(destination),
                via=[_point_json(place) for place in via],
                departs_at=data.departs_at,
                vehicles=data.vehicles,
                escort=data.escort.strip()[:5000],
                notes=data.notes.strip()[:5000],
                route=planned,
            )
            record(
                Actor.of_user(membership.user),
                "traffic.movement.planned",
                movement,
                event_id=membership.event_id,
                after=movement_summary(movement),
            )
            MOVEMENT_PLANNED.emit(
                membership.event,
                {"id": movement.pk, "name": movement.name},
            )
    except IntegrityError as exc:
        raise DomainError(
            "duplicate", _("A movement with this name already exists."), field="name"
        ) from exc
    return movement

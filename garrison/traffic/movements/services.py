"""The write path for convoy movements: plan one, route it on the event's road network.

authorise → validate → route (before the transaction: reads only) → store → audit → emit.
A movement that cannot be routed is refused and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError
from garrison.events.models import Site
from garrison.traffic.live_events import MOVEMENT_PLANNED
from garrison.traffic.models import Movement
from garrison.traffic.roles import PLANNERS
from garrison.traffic.routing.router import Route, Router, route


@dataclass
class MovementData:
    name: str
    origin_id: int
    destination_id: int
    departs_at: dt.datetime
    vehicles: int = 1
    escort: str = ""
    notes: str = ""


def movement_summary(movement: Movement) -> dict[str, Any]:
    best = (movement.route.get("routes") or [{}])[0]
    return {
        "name": movement.name,
        "origin": movement.origin_id,
        "destination": movement.destination_id,
        "departs_at": movement.departs_at,
        "vehicles": movement.vehicles,
        "escort": movement.escort,
        "notes": movement.notes,
        "seconds": best.get("seconds"),
        "metres": best.get("metres"),
    }


def route_json(router: Router, found: Route) -> dict[str, Any]:
    """One route for storage and the map: totals, ways, and [lat, lon, seconds from start]."""
    g = router.graph
    elapsed = np.concatenate([[0.0], np.cumsum(g.time_ms[np.array(found.arcs, dtype=np.int64)])])
    line = [
        [round(float(g.lat[n]), 6), round(float(g.lon[n]), 6), round(float(t) / 1000, 1)]
        for n, t in zip(found.nodes, elapsed, strict=False)
    ]
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


def _site(membership: Membership, site_id: int, field: str) -> Site:
    site = Site.objects.filter(pk=site_id, event_id=membership.event_id).first()
    if site is None:
        raise DomainError("invalid_choice", _("Choose a site of this event."), field=field)
    return site


def _validate(membership: Membership, data: MovementData) -> tuple[str, Site, Site]:
    name = (data.name or "").strip()
    if not name:
        raise DomainError("required", _("This field is required."), field="name")
    if len(name) > 200:
        raise DomainError("too_long", _("At most %(n)d characters.") % {"n": 200}, field="name")
    origin = _site(membership, data.origin_id, "origin")
    destination = _site(membership, data.destination_id, "destination")
    if origin.pk == destination.pk:
        raise DomainError(
            "same_site", _("The destination must differ from the origin."), field="destination"
        )
    if not 1 <= data.vehicles <= 200:
        raise DomainError(
            "out_of_range", _("Vehicles must be between 1 and 200."), field="vehicles"
        )
    if data.departs_at.tzinfo is None:
        raise DomainError("naive_time", _("Times must carry a time zone."), field="departs_at")
    return name, origin, destination


def plan_route(
    membership: Membership, origin: Site, destination: Site, at: dt.datetime
) -> dict[str, Any]:
    router, routes = route(
        (origin.lat, origin.lon),
        (destination.lat, destination.lon),
        at,
        event=membership.event,
        alternatives=2,
    )
    if not routes[0].reachable:
        raise DomainError(
            "no_route",
            _("No road route leads from “%(a)s” to “%(b)s” at that time.")
            % {"a": origin.name, "b": destination.name},
            field="destination",
        )
    return {
        "network": router.graph.node_count,
        "snap_m": [round(m) for m in routes[0].snap_m],
        "routes": [route_json(router, found) for found in routes],
    }


def plan_movement(membership: Membership, data: MovementData) -> Movement:
    require_role(membership, PLANNERS)
    name, origin, destination = _validate(membership, data)
    planned = plan_route(membership, origin, destination, data.departs_at)
    try:
        with transaction.atomic():
            movement = Movement.objects.create(
                event_id=membership.event_id,
                name=name,
                origin=origin,
                destination=destination,
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

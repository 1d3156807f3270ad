"""Closures: road stretches closed to ordinary traffic in time windows, and their detours.

From a movement's route, each street stretch closes ``lead`` minutes before the convoy's head is
expected there and reopens ``clear`` minutes after its tail has passed; or an officer draws one by
hand. A closure closes both directions of a two-way street: traffic police stop oncoming traffic
too. Detours are refreshed for the whole event after every change, avoiding every segment closed
at any moment of the closure's window, so a detour never leads into another closure.

Write path: authorise → validate → compute (reads) → store → refresh detours → audit → emit.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import transaction
from django.utils.translation import gettext as _
from scipy.sparse.csgraph import dijkstra

from garrison.accounts.access import require_role
from garrison.accounts.decorators import PLANNERS
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core import validate
from garrison.core.errors import DomainError
from garrison.events.models import Event
from garrison.traffic.live_events import CLOSURE_DRAWN, CLOSURE_REMOVED, CLOSURES_PLANNED
from garrison.traffic.models import Closure, ClosureSource, Movement, RoadNetwork
from garrison.traffic.routing import (
    ClosedSegment,
    LatLon,
    Router,
    network_for,
    path_arcs,
    path_nodes,
    router_for,
)

# The convoy's tail passes a point this long after its head, per vehicle (gaps included).
SECONDS_PER_VEHICLE = 4.0
MAX_MINUTES = 180
MAX_POINTS = 50


@dataclass
class Stretch:
    """One street's run along a route: its arcs in the convoy's direction and its window."""

    street: str
    arcs: list[int]
    starts_at: dt.datetime
    ends_at: dt.datetime

    def closed_arcs(self, router: Router) -> list[int]:
        return both_directions(router, self.arcs)


def both_directions(router: Router, arcs: Sequence[int]) -> list[int]:
    """The arcs and, where the street is two-way, the opposite arcs of the same segments."""
    g = router.graph
    index = g.arc_index()
    found: list[int] = []
    for arc in arcs:
        found.append(arc)
        way, a, b = int(g.way[arc]), int(g.node_osm[g.tail[arc]]), int(g.node_osm[g.head[arc]])
        back = index.get((way, b, a))
        if back is not None:
            found.append(back)
    return found


def segments_of(router: Router, arcs: Sequence[int]) -> list[list[int]]:
    g = router.graph
    return [[int(g.way[a]), int(g.node_osm[g.tail[a]]), int(g.node_osm[g.head[a]])] for a in arcs]


def arcs_of(router: Router, segments: Sequence[Sequence[int]]) -> list[int]:
    index = router.graph.arc_index()
    arcs: list[int] = []
    for way, a, b in segments:
        arc = index.get((int(way), int(a), int(b)))
        if arc is None:
            raise DomainError(
                "stale_route",
                _("The route no longer matches the road network. Plan the movement again."),
                status=409,
            )
        arcs.append(arc)
    return arcs


def street_of(router: Router, arc: int) -> str:
    g = router.graph
    return g.road_names[int(g.road[arc])]


def stretches(
    router: Router,
    arcs: Sequence[int],
    departs_at: dt.datetime,
    *,
    lead: dt.timedelta,
    clear: dt.timedelta,
    vehicles: int = 1,
) -> list[Stretch]:
    """Cut a route into street stretches, each closed from lead before the convoy to clear after.

    Unnamed bits (junction links, service roads) join the stretch before them so the plan is a
    list of streets people know, not of OSM fragments.
    """
    g = router.graph
    times = g.time_ms[np.array(arcs, dtype=np.int64)] / 1000.0 if len(arcs) else np.array([])
    elapsed = np.concatenate([[0.0], np.cumsum(times)])
    tail = dt.timedelta(seconds=SECONDS_PER_VEHICLE * max(1, vehicles))
    runs: list[tuple[str, int, int]] = []  # street, first index, last index (inclusive)
    for i, arc in enumerate(arcs):
        street = street_of(router, arc)
        if runs and (street == runs[-1][0] or not street or not runs[-1][0]):
            runs[-1] = (runs[-1][0] or street, runs[-1][1], i)
        else:
            runs.append((street, i, i))
    return [
        Stretch(
            street=street,
            arcs=list(arcs[first : last + 1]),
            starts_at=departs_at + dt.timedelta(seconds=float(elapsed[first])) - lead,
            ends_at=departs_at + dt.timedelta(seconds=float(elapsed[last + 1])) + tail + clear,
        )
        for street, first, last in runs
    ]


def line_of(router: Router, arcs: Sequence[int]) -> list[list[float]]:
    g = router.graph
    if not arcs:
        return []
    nodes = [int(g.tail[arcs[0]]), *(int(g.head[a]) for a in arcs)]
    return [[round(float(g.lat[n]), 6), round(float(g.lon[n]), 6)] for n in nodes]


# How far before the stretch traffic may be turned away, and after it rejoin (seconds of driving).
UPSTREAM_S = 180.0
DOWNSTREAM_S = 90.0


def detour(router: Router, arcs: Sequence[int], closed: set[int]) -> dict[str, Any]:
    """How traffic that would drive the stretch goes round it while ``closed`` arcs are shut.

    Traffic is turned away at the nearest point before the stretch from which a way round exists
    (at its start junction when it can turn there, earlier when every exit there is shut too),
    and rejoins its way within ``DOWNSTREAM_S`` after the stretch's end, where that adds least.
    ``found`` is false when there is no such way round within 20 minutes.
    """
    g = router.graph
    start, end = int(g.tail[arcs[0]]), int(g.head[arcs[-1]])
    base = float(g.time_ms[np.array(arcs, dtype=np.int64)].sum())
    weights = router.weights(closed)
    matrix, arcs_of_entry = g.csr(weights)
    upstream = dijkstra(matrix.T.tocsr(), indices=start, limit=UPSTREAM_S * 1000)
    downstream = dijkstra(matrix, indices=end, limit=DOWNSTREAM_S * 1000)
    # A node nearer the stretch's start (driving to it) than its end (driving from it) is before
    # the stretch; nearer the end, after it. Short stretches have nodes in both reaches.
    up_nodes = np.flatnonzero(np.isfinite(upstream) & ~(downstream < upstream))
    rejoin = np.flatnonzero(np.isfinite(downstream) & (downstream < upstream))
    limit = max(base * 10, 1_200_000.0)
    for source in up_nodes[np.argsort(upstream[up_nodes], kind="stable")][:25].tolist():
        distances, predecessors = dijkstra(
            matrix, indices=source, return_predecessors=True, limit=limit
        )
        reach = rejoin[np.isfinite(distances[rejoin])]
        if len(reach) == 0:
            continue
        extra = distances[reach] - (upstream[source] + base + downstream[reach])
        target = int(reach[int(np.argmin(extra))])
        nodes = path_nodes(predecessors, source, target)
        found = path_arcs(matrix, arcs_of_entry, nodes)
        streets: list[str] = []
        for arc in found:
            street = street_of(router, arc)
            if street and (not streets or streets[-1] != street):
                streets.append(street)
        return {
            "found": True,
            "base_seconds": round(base / 1000, 1),
            "seconds": round(float(distances[target]) / 1000, 1),
            "extra_seconds": round(max(0.0, float(extra.min())) / 1000, 1),
            "metres": round(float(g.length_m[np.array(found, dtype=np.int64)].sum())),
            "streets": streets,
            "line": line_of(router, found),
            "segments": segments_of(router, found),
        }
    return {"found": False, "base_seconds": round(base / 1000, 1)}


def _forward(router: Router, closure: Closure) -> list[int]:
    """The closure's arcs in its drawing direction (the reverse arcs follow each forward one)."""
    arcs = arcs_of(router, closure.segments)
    g = router.graph
    forward: list[int] = []
    for arc in arcs:
        if forward and g.tail[arc] == g.head[forward[-1]] and g.head[arc] == g.tail[forward[-1]]:
            continue  # the opposite of the arc before it
        forward.append(arc)
    return forward


def refresh_detours(event: Event) -> int:
    """Recompute every closure's detours against the closures overlapping its window."""
    closures = list(Closure.objects.filter(event=event).select_related("network"))
    by_network: dict[int, list[Closure]] = {}
    for closure in closures:
        by_network.setdefault(closure.network_id, []).append(closure)
    for group in by_network.values():
        router = router_for(group[0].network)
        arcs = {c.pk: arcs_of(router, c.segments) for c in group}
        for closure in group:
            closed: set[int] = set()
            for other in group:
                if other.starts_at < closure.ends_at and closure.starts_at < other.ends_at:
                    closed.update(arcs[other.pk])
            forward = _forward(router, closure)
            routes = [{"direction": "along", **detour(router, forward, closed)}]
            index = router.graph.arc_index()
            backward: list[int] = []
            for way, a, b in reversed(segments_of(router, forward)):
                back = index.get((way, b, a))
                if back is None:
                    break  # one-way somewhere along it: nobody drives it the other way
                backward.append(back)
            else:
                routes.append({"direction": "against", **detour(router, backward, closed)})
            closure.detours = routes
            closure.save(update_fields=["detours"])
    return len(closures)


def closure_summary(closure: Closure) -> dict[str, Any]:
    return {
        "street": closure.street,
        "reason": closure.reason,
        "source": closure.source,
        "movement": closure.movement_id,
        "starts_at": closure.starts_at,
        "ends_at": closure.ends_at,
        "segments": len(closure.segments),
    }


def _minutes(value: int, field: str) -> dt.timedelta:
    if not isinstance(value, int) or not 0 <= value <= MAX_MINUTES:
        raise DomainError(
            "out_of_range",
            _("Minutes must be between 0 and %(n)d.") % {"n": MAX_MINUTES},
            field=field,
        )
    return dt.timedelta(minutes=value)


def movement_stretches(
    movement: Movement, route_index: int, lead_minutes: int, clear_minutes: int
) -> tuple[RoadNetwork, Router, list[Stretch]]:
    """The stretches a movement's route (0 = fastest) would close; nothing is stored."""
    lead = _minutes(lead_minutes, "lead")
    clear = _minutes(clear_minutes, "clear")
    routes = movement.route.get("routes") or []
    if not 0 <= route_index < len(routes):
        raise DomainError("invalid_choice", _("This movement has no such route."), field="route")
    origin = movement.origin
    network = network_for(movement.event, (origin.lat, origin.lon))
    router = router_for(network)
    arcs = arcs_of(router, routes[route_index]["segments"])
    found = stretches(
        router, arcs, movement.departs_at, lead=lead, clear=clear, vehicles=movement.vehicles
    )
    return network, router, found


def as_closed_segments(router: Router, found: Sequence[Stretch]) -> list[ClosedSegment]:
    g = router.graph
    return [
        ClosedSegment(
            int(g.way[arc]),
            int(g.node_osm[g.tail[arc]]),
            int(g.node_osm[g.head[arc]]),
            stretch.starts_at,
            stretch.ends_at,
        )
        for stretch in found
        for arc in stretch.closed_arcs(router)
    ]


def close_along_route(
    membership: Membership,
    movement: Movement,
    *,
    route_index: int = 0,
    lead_minutes: int = 5,
    clear_minutes: int = 2,
    reason: str = "",
) -> list[Closure]:
    """Replace the movement's closures with one per street stretch of the chosen route."""
    require_role(membership, PLANNERS)
    if movement.event_id != membership.event_id:
        raise DomainError("not_found", _("Not found."), status=404)
    reason = validate.text(reason, "reason", max_length=300, required=False, one_line=True)
    network, router, found = movement_stretches(movement, route_index, lead_minutes, clear_minutes)
    if not found:
        raise DomainError("empty_route", _("The route has no road segments to close."))
    event = membership.event
    with transaction.atomic():
        Movement.objects.select_for_update().filter(pk=movement.pk).first()
        before = [closure_summary(c) for c in movement.closures.all()]
        movement.closures.all().delete()
        created = Closure.objects.bulk_create(
            Closure(
                event=event,
                network=network,
                movement=movement,
                source=ClosureSource.MOVEMENT,
                street=stretch.street[:300],
                reason=reason or movement.name[:300],
                segments=segments_of(router, stretch.closed_arcs(router)),
                line=line_of(router, stretch.arcs),
                starts_at=stretch.starts_at,
                ends_at=stretch.ends_at,
                created_by=membership.user,
            )
            for stretch in found
        )
        refresh_detours(event)
        record(
            Actor.of_user(membership.user),
            "traffic.closures.planned",
            movement,
            event_id=event.pk,
            before={"closures": before},
            after={
                "route": route_index,
                "lead_minutes": lead_minutes,
                "clear_minutes": clear_minutes,
                "closures": [closure_summary(c) for c in created],
            },
        )
        CLOSURES_PLANNED.emit(
            event,
            {"movement": movement.pk, "count": len(created)},
        )
    return created


def parse_points(text: str) -> list[LatLon]:
    """``lat,lon;lat,lon;…`` as the map sends it."""
    points: list[LatLon] = []
    for part in (text or "").split(";"):
        if not part.strip():
            continue
        try:
            lat_s, lon_s = part.split(",")
            lat, lon = float(lat_s), float(lon_s)
        except ValueError:
            raise DomainError(
                "bad_points", _("Points must be “lat,lon” pairs."), field="points"
            ) from None
        if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
            raise DomainError("bad_points", _("A point is out of range."), field="points")
        points.append((lat, lon))
    if not 2 <= len(points) <= MAX_POINTS:
        raise DomainError(
            "bad_points",
            _("Click between 2 and %(n)d points along the road.") % {"n": MAX_POINTS},
            field="points",
        )
    return points


def draw_closure(
    membership: Membership,
    points: Sequence[LatLon],
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    reason: str,
) -> Closure:
    """A closure drawn on the map: the roads between consecutive clicked points."""
    require_role(membership, PLANNERS)
    reason = validate.text(reason, "reason", max_length=300, one_line=True)
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise DomainError("naive_time", _("Times must carry a time zone."), field="starts_at")
    if ends_at <= starts_at:
        raise DomainError(
            "window_order", _("The closure must end after it starts."), field="ends_at"
        )
    if ends_at - starts_at > dt.timedelta(days=7):
        raise DomainError("too_long", _("A closure lasts at most 7 days."), field="ends_at")
    event = membership.event
    network = network_for(event, points[0], *points[1:])
    router = router_for(network)
    arcs: list[int] = []
    for a, b in itertools.pairwise(points):
        source, _m = router.snap(a)
        target, _m = router.snap(b)
        leg = router.fastest(source, target)
        if not leg.reachable:
            raise DomainError("no_route", _("No road joins these points."), field="points")
        arcs.extend(leg.arcs)
    if not arcs:
        raise DomainError("bad_points", _("The points lie on the same spot."), field="points")
    streets: list[str] = []
    for arc in arcs:
        street = street_of(router, arc)
        if street and street not in streets:
            streets.append(street)
    with transaction.atomic():
        closure = Closure.objects.create(
            event=event,
            network=network,
            source=ClosureSource.HAND,
            street=", ".join(streets)[:300],
            reason=reason,
            segments=segments_of(router, both_directions(router, arcs)),
            line=line_of(router, arcs),
            starts_at=starts_at,
            ends_at=ends_at,
            created_by=membership.user,
        )
        refresh_detours(event)
        record(
            Actor.of_user(membership.user),
            "traffic.closure.drawn",
            closure,
            event_id=event.pk,
            after=closure_summary(closure),
        )
        CLOSURE_DRAWN.emit(event, {"id": closure.pk})
    return closure


def remove_closure(membership: Membership, closure: Closure) -> None:
    require_role(membership, PLANNERS)
    if closure.event_id != membership.event_id:
        raise DomainError("not_found", _("Not found."), status=404)
    event = membership.event
    with transaction.atomic():
        before = closure_summary(closure)
        pk = closure.pk
        record(
            Actor.of_user(membership.user),
            "traffic.closure.removed",
            closure,
            event_id=event.pk,
            before=before,
        )
        closure.delete()
        refresh_detours(event)
        CLOSURE_REMOVED.emit(event, {"id": pk})

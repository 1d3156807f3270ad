"""Closures along the road graph: a route cut into street stretches, each with its window.

From a movement's route, each street stretch closes ``lead`` minutes before the convoy's head is
expected there and reopens ``clear`` minutes after its tail has passed; or an officer draws one by
hand (``parse_points``). A closure closes both directions of a two-way street: traffic police stop
oncoming traffic too. Nothing here is stored: ``services`` does that.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _

from garrison.core.errors import DomainError
from garrison.traffic.models import Movement, RoadNetwork
from garrison.traffic.routing.router import ClosedSegment, LatLon, Router, network_for, router_for

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
    network = network_for(movement.event, movement.origin_latlon)
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

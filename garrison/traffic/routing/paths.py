"""Routes with their paths between two points on the roads, for ``garrison route`` and convoys.

The trip is the one ``travel.travel_time`` measures: each point is projected onto its nearest
road segment and the route starts and ends there, paying the partial segments, so the seconds a
route prints are the seconds every other part of Garrison (dispatch, the medical plan) uses for
the same points and hour. What this adds is the path itself: the arcs driven, the share of the
first and last, and the projected points the drawn line starts and ends at.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from garrison.events.models import Event
from garrison.traffic.routing.router import ClosedSegment, LatLon, Route, Router
from garrison.traffic.routing.snapping import Snap
from garrison.traffic.routing.travel import along, entries, exits, roads_at, snap, weighted


def on_road(router: Router, at: Snap) -> LatLon:
    """The projected point itself (the segment is short: a straight line is exact enough)."""
    g = router.graph
    lat = float(g.lat[at.a]) + at.fraction * float(g.lat[at.b] - g.lat[at.a])
    lon = float(g.lon[at.a]) + at.fraction * float(g.lon[at.b] - g.lon[at.a])
    return lat, lon


def _share(at: Snap, arc: int, leaving: bool) -> float:
    """The share of ``arc`` (one direction of the snapped segment) driven from or to ``at``."""
    ahead = 1.0 - at.fraction if arc == at.forward else at.fraction
    return ahead if leaving else 1.0 - ahead


def path_start(router: Router, searched: int) -> int:
    """The graph node of a searched node (junctions split for turn restrictions map back)."""
    return int(router.search.node_origin[searched])


def snapped_route(router: Router, a: Snap, b: Snap, closed: frozenset[int]) -> Route:
    """The fastest route from snapped point ``a`` to snapped point ``b`` (unreachable: inf)."""
    g = router.graph
    start, end = on_road(router, a), on_road(router, b)
    direct_ms, direct_m = along(router, a, b, closed)
    if math.isfinite(direct_ms):
        arc = a.forward if b.fraction >= a.fraction else a.backward
        best = Route(direct_ms / 1000, direct_m, [int(g.tail[arc]), int(g.head[arc])], [arc])
        best.first_share = abs(b.fraction - a.fraction)
    else:
        best = Route(math.inf, 0.0, [a.a], [])
    state = weighted(router, closed)
    ends = exits(router, b, closed)
    for source, ms_in, m_in, arc_in in entries(router, a, closed):
        for targets, ms_out, m_out, arc_out in ends:
            ms, path = state.path(source, targets)
            total = ms_in + ms + ms_out
            if not total / 1000 < best.seconds:
                continue
            # An arc driven for no length (the point is its end) is left out of the path.
            share_in = _share(a, arc_in, leaving=True) if arc_in >= 0 else 0.0
            share_out = _share(b, arc_out, leaving=False) if arc_out >= 0 else 0.0
            arcs = ([arc_in] if share_in else []) + path + ([arc_out] if share_out else [])
            if not arcs:
                first = path_start(router, source)
                best = Route(total / 1000, 0.0, [first], [])
                continue
            nodes = [int(g.tail[arcs[0]])] + [int(g.head[x]) for x in arcs]
            metres = m_in + (float(g.length_m[path].sum()) if path else 0.0) + m_out
            best = Route(total / 1000, metres, nodes, arcs)
            if share_in:
                best.first_share = share_in
            if share_out:
                if len(arcs) == 1:
                    best.first_share = share_out
                else:
                    best.last_share = share_out
    best.start, best.end = start, end
    return best


def route(
    a: LatLon,
    b: LatLon,
    at: dt.datetime | None = None,
    *,
    event: Event,
    alternatives: int = 0,
    closures: Sequence[ClosedSegment] | None = None,
) -> tuple[Router, list[Route]]:
    """The fastest route from ``a`` to ``b`` (and alternatives) leaving at ``at``.

    Alternatives run between the junctions either side of the two points: they are there to
    show other ways through the city, and never beat the fastest.
    """
    _network, router, closed = roads_at(event, at, closures, a, b)
    from_a, to_b = snap(router, a), snap(router, b)
    best = snapped_route(router, from_a, to_b, closed)
    best.snap_m = (from_a.distance_m, to_b.distance_m)
    if not alternatives:
        return router, [best]
    return router, [best, *router.alternatives(best, closed, count=alternatives)]

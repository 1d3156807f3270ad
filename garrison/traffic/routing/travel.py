"""Road travel times for the other apps: ``travel_time`` point to point, ``travel_times`` one to many.

This is the traffic app's public routing module (ops ranks units with it). Both calls snap their
points onto the nearest road segment and enter it at the projected point, paying the partial
segment; both honour the event's closures active at ``at`` and the turn restrictions.

Speed: per call, one small query reads a stamp of the event's networks and closures (ids,
versions, counts), so a change made by another process is seen at once; everything else is kept
per process and rebuilt only when that stamp changes: the networks, the closures cut into the
time windows where the closed set stays the same, and per closed set a contraction hierarchy
without the closed arcs (0.1 s to build on a city) and the sparse matrices of one-to-many.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

import numpy as np
from ch_router import INF_WEIGHT, CHQuery, ContractionHierarchy
from django.db import connection
from django.utils.translation import gettext as _
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from garrison.core.errors import DomainError
from garrison.events.models import Event
from garrison.traffic.models import Closure, RoadNetwork
from garrison.traffic.routing.graph import FloatArray, IntArray
from garrison.traffic.routing.router import (
    MAX_SNAP_M,
    ClosedSegment,
    LatLon,
    Router,
    closures_for,
    pick_network,
    router_for,
)
from garrison.traffic.routing.snapping import Snap

# Closed sets kept per router (each a hierarchy and two matrices: a few MB on a city).
MAX_STATES = 8
MAX_EVENTS = 16
# Scipy treats a stored zero as "no edge" in some paths: the virtual arcs cost at least this.
_TINY = 1e-9
# One search carries milliseconds and metres as ms × _SCALE + m (m < 4,000 km, so they separate).
_SCALE = float(2**22)


class Trip(NamedTuple):
    seconds: float  # inf: no way by road (closures, one-way streets)
    metres: float
    on_network: bool = True  # False: the point lies off the network (too far from any road)


# --- The closed set in force, per event, kept while the stamp holds ------------------------------


@dataclass
class _EventRoads:
    stamp: tuple[Any, ...]
    networks: list[RoadNetwork]
    closures: list[ClosedSegment]
    bounds: list[dt.datetime]
    states: dict[tuple[int, int], frozenset[int]] = field(default_factory=dict)

    def closed(
        self, network: RoadNetwork, router: Router, at: dt.datetime | None
    ) -> frozenset[int]:
        if at is None or not self.closures:
            return frozenset()
        window = bisect.bisect_right(self.bounds, at)
        if window == 0 or window == len(self.bounds):
            return frozenset()
        key = (network.pk, window)
        found = self.states.get(key)
        if found is None:
            found = self.states[key] = frozenset(
                router.closed_arcs(self.closures, self.bounds[window - 1])
            )
        return found


_events: dict[int, _EventRoads] = {}
_events_lock = threading.Lock()


def _stamp(event_id: int) -> tuple[Any, ...]:
    """What the cache must match: each network's id, version and import, and the closures.

    Closures are only ever created or deleted (their detours aside), so their count, highest id
    and latest creation change with every change that matters; an edit path for a closure's
    segments or window would have to show here too.
    """
    networks, closures = RoadNetwork._meta.db_table, Closure._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT n.id, n.version, n.imported_at, c.n, c.top, c.last FROM {networks} n, "  # noqa: S608
            f"(SELECT COUNT(*) AS n, MAX(id) AS top, MAX(created) AS last FROM {closures} "
            "WHERE event_id = %s) c WHERE n.event_id = %s ORDER BY n.id",
            [event_id, event_id],
        )
        return tuple(cursor.fetchall())


def event_roads(event: Event) -> _EventRoads:
    stamp = _stamp(event.pk)
    with _events_lock:
        found = _events.get(event.pk)
    if found is not None and found.stamp == stamp:
        return found
    closures = closures_for(event) if stamp else []
    found = _EventRoads(
        stamp,
        list(RoadNetwork.objects.filter(event=event)),
        closures,
        sorted({c.starts_at for c in closures} | {c.ends_at for c in closures}),
    )
    with _events_lock:
        if len(_events) >= MAX_EVENTS:
            _events.clear()
        _events[event.pk] = found
    return found


# --- One closed set on one router: its hierarchy and matrices -----------------------------------


class Weighted:
    """The searched graph without ``closed`` arcs, ready for both kinds of query."""

    def __init__(self, router: Router, closed: frozenset[int]) -> None:
        self.router = router
        self.closed = closed
        search = router.search
        g = search.graph
        self.nodes = g.node_count
        keep = np.ones(g.arc_count, dtype=bool)
        if closed:
            keep[np.isin(search.arc_origin, np.fromiter(closed, np.int64, len(closed)))] = False
        self.kept: IntArray = np.flatnonzero(keep)
        self._ch: ContractionHierarchy | None = None
        self._local = threading.local()
        self._matrices: dict[bool, tuple[IntArray, IntArray, FloatArray]] = {}
        self._lock = threading.Lock()

    def query(self) -> CHQuery:
        found: CHQuery | None = getattr(self._local, "query", None)
        if found is not None:
            return found
        if not self.closed:
            found = self.router._query()
        else:
            with self._lock:
                if self._ch is None:
                    g, kept = self.router.search.graph, self.kept
                    self._ch = ContractionHierarchy.build(
                        g.node_count,
                        g.tail[kept].astype(np.uint32),
                        g.head[kept].astype(np.uint32),
                        g.time_ms[kept].astype(np.uint32),
                    )
            found = CHQuery(self._ch)
        self._local.query = found
        return found

    def distance_ms(self, source: int, targets: Sequence[int]) -> float:
        query = self.query().reset().add_source(source)
        for target in targets:
            query.add_target(target)
        distance = query.run().get_distance()
        return math.inf if distance == INF_WEIGHT else float(distance)

    def path(self, source: int, targets: Sequence[int]) -> tuple[float, list[int]]:
        """ms and the graph arcs of the fastest way from ``source`` to the nearest ``targets``."""
        ms = self.distance_ms(source, targets)
        if not math.isfinite(ms):
            return ms, []
        arcs: IntArray = np.asarray(self.query().get_arc_path(), dtype=np.int64)
        if self.closed:
            # This hierarchy was built on the kept arcs only: its arc ids index that list.
            arcs = self.kept[arcs]
        return ms, self.router.search.arc_origin[arcs].tolist()

    def matrix(self, reverse: bool) -> tuple[IntArray, IntArray, FloatArray]:
        """Rows (indptr), columns, ms × _SCALE + metres: one entry per node pair (the fastest)."""
        found = self._matrices.get(reverse)
        if found is None:
            g, kept = self.router.search.graph, self.kept
            rows, cols = (g.head, g.tail) if reverse else (g.tail, g.head)
            order = kept[np.lexsort((g.time_ms[kept], cols[kept], rows[kept]))]
            first = np.ones(len(order), dtype=bool)
            first[1:] = (rows[order][1:] != rows[order][:-1]) | (
                cols[order][1:] != cols[order][:-1]
            )
            order = order[first]
            indptr = np.zeros(self.nodes + 1, dtype=np.int64)
            np.add.at(indptr, rows[order] + 1, 1)
            found = (
                np.cumsum(indptr),
                cols[order].astype(np.int64),
                g.time_ms[order].astype(np.float64) * _SCALE + g.length_m[order],
            )
            with self._lock:
                self._matrices[reverse] = found
        return found

    def spread(
        self, starts: dict[int, tuple[float, float]], reverse: bool
    ) -> tuple[FloatArray, FloatArray]:
        """From a virtual node joined to ``starts`` (node → ms, m): to every node, the ms and
        the metres along the fastest way.

        One Dijkstra on ``ms × 2²² + metres``: the milliseconds are whole (the graph's and the
        partial segments' alike), so the sum splits exactly into both, ties go to the shorter way,
        and no walk back along the tree is needed.
        """
        indptr, indices, weights = self.matrix(reverse)
        first = sorted(starts)
        n = self.nodes
        joined = [max(_TINY, starts[s][0] * _SCALE + starts[s][1]) for s in first]
        matrix = csr_matrix(
            (
                np.concatenate([weights, joined]),
                np.concatenate([indices, first]).astype(np.int64),
                np.concatenate([indptr, [indptr[-1] + len(first)]]),
            ),
            shape=(n + 1, n + 1),
        )
        both = dijkstra(matrix, indices=n)
        whole_ms = np.floor(both / _SCALE)
        rest = np.full(len(both), np.inf)
        reached = np.isfinite(both)
        rest[reached] = both[reached] - whole_ms[reached] * _SCALE
        # A float sum a hair under a whole millisecond: that millisecond, no metres lost.
        over = reached & (rest > _SCALE / 2)
        whole_ms[over] += 1
        rest[over] = 0.0
        return whole_ms, rest


_states_lock = threading.Lock()


def weighted(router: Router, closed: frozenset[int]) -> Weighted:
    key = ("travel", closed)
    with _states_lock:
        found = router.cache.get(key)
        if isinstance(found, Weighted):
            return found
        kept = [k for k in router.cache if isinstance(k, tuple) and k[:1] == ("travel",)]
        if len(kept) >= MAX_STATES:
            for old in kept:
                del router.cache[old]
        made = Weighted(router, closed)
        router.cache[key] = made
        return made


# --- Entering and leaving the graph at a snapped point ------------------------------------------


def snap(router: Router, point: LatLon) -> Snap:
    found = router.segments.snap(*point)
    if found is None or found.distance_m > MAX_SNAP_M:
        distance = found.distance_m if found else math.inf
        raise DomainError(
            "off_network",
            _("The point %(lat).5f, %(lon).5f is %(m)d m from the nearest road.")
            % {"lat": point[0], "lon": point[1], "m": round(min(distance, 1e9))},
        )
    # A point on a junction projects a hair's breadth from it (floating point): within a
    # centimetre it is the junction, which matters where a turn restriction applies there.
    metres = float(router.graph.length_m[max(found.forward, found.backward)])
    if found.fraction * metres < 0.01:
        return replace(found, fraction=0.0)
    if (1.0 - found.fraction) * metres < 0.01:
        return replace(found, fraction=1.0)
    return found


def _part(router: Router, arc: int, share: float) -> tuple[float, float]:
    """(ms, m) of ``share`` of road ``arc``: whole milliseconds, like the graph's own costs."""
    g = router.graph
    return float(round(float(g.time_ms[arc]) * share)), float(g.length_m[arc]) * share


def entries(
    router: Router, at: Snap, closed: frozenset[int]
) -> list[tuple[int, float, float, int]]:
    """(searched node, ms, m, arc) where a trip starting at the snapped point joins the graph;
    ``arc`` is the road arc driven to get there (-1 when the point is the node itself)."""
    found: list[tuple[int, float, float, int]] = []
    if at.fraction == 0.0:
        found.append((at.a, 0.0, 0.0, -1))
    if at.fraction == 1.0:
        found.append((at.b, 0.0, 0.0, -1))
    head_of = router.search.head_of
    if at.forward >= 0 and at.forward not in closed:
        found.append(
            (int(head_of[at.forward]), *_part(router, at.forward, 1.0 - at.fraction), at.forward)
        )
    if at.backward >= 0 and at.backward not in closed:
        found.append(
            (int(head_of[at.backward]), *_part(router, at.backward, at.fraction), at.backward)
        )
    return found


def exits(
    router: Router, at: Snap, closed: frozenset[int]
) -> list[tuple[list[int], float, float, int]]:
    """(searched nodes, ms, m, arc) from where a trip reaches the snapped point along ``arc``."""
    search = router.search
    found: list[tuple[list[int], float, float, int]] = []
    if at.fraction == 0.0:
        found.append((search.at(at.a), 0.0, 0.0, -1))
    if at.fraction == 1.0:
        found.append((search.at(at.b), 0.0, 0.0, -1))
    if at.forward >= 0 and at.forward not in closed:
        found.append(
            (search.tails(at.forward), *_part(router, at.forward, at.fraction), at.forward)
        )
    if at.backward >= 0 and at.backward not in closed:
        found.append(
            (search.tails(at.backward), *_part(router, at.backward, 1 - at.fraction), at.backward)
        )
    return found


def along(router: Router, a: Snap, b: Snap, closed: frozenset[int]) -> tuple[float, float]:
    """(ms, m) from ``a`` to ``b`` without leaving their shared segment (inf when not so)."""
    if a.segment != b.segment:
        return math.inf, math.inf
    if b.fraction >= a.fraction and a.forward >= 0 and a.forward not in closed:
        return _part(router, a.forward, b.fraction - a.fraction)
    if b.fraction <= a.fraction and a.backward >= 0 and a.backward not in closed:
        return _part(router, a.backward, a.fraction - b.fraction)
    return math.inf, math.inf


# --- The public calls ---------------------------------------------------------------------------


def roads_at(
    event: Event, at: dt.datetime | None, closures: Sequence[ClosedSegment] | None, *points: LatLon
) -> tuple[RoadNetwork, Router, frozenset[int]]:
    roads = event_roads(event)
    network = pick_network(roads.networks, *points)
    router = router_for(network)
    if closures is not None:
        return network, router, frozenset(router.closed_arcs(closures, at))
    return network, router, roads.closed(network, router, at)


def travel_time(
    a: LatLon,
    b: LatLon,
    at: dt.datetime | None = None,
    *,
    event: Event,
    closures: Sequence[ClosedSegment] | None = None,
) -> float:
    """Seconds by road from ``a`` to ``b`` leaving at ``at`` (``inf`` when there is no way).

    ``closures`` replaces the event's own (for what-if questions). Points far from every road
    raise DomainError ``off_network``; an event without a network ``no_network``.
    """
    _network_of, router, closed = roads_at(event, at, closures, a, b)
    from_a, to_b = snap(router, a), snap(router, b)
    state = weighted(router, closed)
    best = along(router, from_a, to_b, closed)[0]
    ends = exits(router, to_b, closed)
    for source, ms_in, _m, _arc in entries(router, from_a, closed):
        for targets, ms_out, _m2, _arc2 in ends:
            best = min(best, ms_in + state.distance_ms(source, targets) + ms_out)
    return best / 1000


def travel_times(
    origin: LatLon,
    targets: Sequence[LatLon],
    at: dt.datetime | None = None,
    *,
    event: Event,
    to_origin: bool = False,
    closures: Sequence[ClosedSegment] | None = None,
) -> list[Trip]:
    """From ``origin`` to each of ``targets`` (or, ``to_origin``, from each to ``origin``).

    One search over the network from the origin, however many targets. A target off the
    network (outside it or too far from a road) comes back with ``on_network`` False; an origin
    off the network raises DomainError like ``travel_time``.
    """
    network, router, closed = roads_at(event, at, closures, origin)
    home = snap(router, origin)
    starts: dict[int, tuple[float, float]] = {}
    if to_origin:
        for nodes, ms, m, _arc in exits(router, home, closed):
            for node in nodes:
                starts[node] = min(starts.get(node, (math.inf, 0.0)), (ms, m))
    else:
        for node, ms, m, _arc in entries(router, home, closed):
            starts[node] = min(starts.get(node, (math.inf, 0.0)), (ms, m))
    # Per target: (along the origin's own segment, [(searched nodes, ms, m) to or from it]).
    trips: list[tuple[tuple[float, float], list[tuple[list[int], float, float]]] | None] = []
    for point in targets:
        try:
            if not network.contains(*point):
                raise DomainError("off_network", "")
            other = snap(router, point)
        except DomainError:
            trips.append(None)
            continue
        if to_origin:
            direct = along(router, other, home, closed)
            ways = [([node], ms, m) for node, ms, m, _arc in entries(router, other, closed)]
        else:
            direct = along(router, home, other, closed)
            ways = [(nodes, ms, m) for nodes, ms, m, _arc in exits(router, other, closed)]
        trips.append((direct, ways))
    distances, metres = (
        weighted(router, closed).spread(starts, to_origin) if starts else (None, None)
    )
    found: list[Trip] = []
    for trip in trips:
        if trip is None:
            found.append(Trip(math.inf, math.inf, on_network=False))
            continue
        best, ways = trip
        if distances is not None and metres is not None:
            for nodes, ms, m in ways:
                for node in nodes:
                    best = min(best, (float(distances[node]) + ms, float(metres[node]) + m))
        seconds = best[0] / 1000
        found.append(Trip(seconds, best[1] if math.isfinite(seconds) else math.inf))
    return found

"""Fastest routes on an event's road network, with closures and alternatives.

Engine (measured in bench/routing.py): a contraction hierarchy (RoutingKit via ``ch-router``)
answers point-to-point queries in microseconds; scipy's Dijkstra on a re-weighted sparse matrix
answers when closures touch the hierarchy's route, and finds alternatives (penalised weights).
Closures only ever raise costs, so a CH route that crosses no closed arc is still the fastest:
the hierarchy is never rebuilt for a closure plan.

Closure semantics: a closed segment costs infinity for trips that set off inside its window
(``starts_at <= at < ends_at``). That keeps a route a plain shortest path on one weight set, so
tests can compare it with networkx on the same graph.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from ch_router import INF_WEIGHT, CHQuery, ContractionHierarchy
from django.utils.translation import gettext as _
from scipy.sparse.csgraph import dijkstra

from garrison.core.errors import DomainError
from garrison.events.models import Event
from garrison.traffic.models import Road, RoadNetwork
from garrison.traffic.routing.graph import FloatArray, Graph, IntArray, build_graph
from garrison.traffic.routing.snapping import SegmentIndex
from garrison.traffic.routing.turns import Restriction, SearchGraph, expand

# A point further than this from every road is "outside the network" (a typo, another city).
MAX_SNAP_M = 500.0

LatLon = tuple[float, float]


@dataclass(frozen=True)
class ClosedSegment:
    """One direction of one road segment, closed from ``starts_at`` until ``ends_at``."""

    way: int
    from_node: int
    to_node: int
    starts_at: dt.datetime
    ends_at: dt.datetime

    def active(self, at: dt.datetime) -> bool:
        return self.starts_at <= at < self.ends_at


@dataclass
class Route:
    seconds: float
    metres: float
    nodes: list[int]  # graph node indices
    arcs: list[int]  # graph arc indices
    snap_m: tuple[float, float] = (0.0, 0.0)
    # A route from a point on a road (paths.py) starts and ends partway along its first and last
    # arcs: where, and the share of each arc driven (a single arc: ``first_share`` only).
    start: LatLon | None = None
    end: LatLon | None = None
    first_share: float = 1.0
    last_share: float = 1.0

    def arc_ms(self, graph: Graph) -> FloatArray:
        """Milliseconds driven on each arc, the partial first and last ones included."""
        times: FloatArray = graph.time_ms[np.array(self.arcs, dtype=np.int64)].astype(np.float64)
        if len(times):
            times[-1] *= self.last_share
            times[0] *= self.first_share
        return times

    @property
    def reachable(self) -> bool:
        return math.isfinite(self.seconds)


@dataclass
class Router:
    graph: Graph
    # Turn restrictions (see turns.py); the searched graph splits the junctions they name.
    restrictions: Sequence[Restriction] = ()
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _ch: ContractionHierarchy | None = field(default=None, repr=False)
    _search: SearchGraph | None = field(default=None, repr=False)
    _segments: SegmentIndex | None = field(default=None, repr=False)
    _local: threading.local = field(default_factory=threading.local, repr=False)
    # Derived data other modules keep with the graph (the disruption estimate's trip samples).
    cache: dict[object, object] = field(default_factory=dict, repr=False)

    @property
    def search(self) -> SearchGraph:
        """The graph the engines search: the road graph split round turn restrictions."""
        if self._search is None:
            with self._lock:
                if self._search is None:
                    self._search = expand(self.graph, self.restrictions)
        return self._search

    @property
    def segments(self) -> SegmentIndex:
        """The snapping index (built once per graph)."""
        if self._segments is None:
            with self._lock:
                if self._segments is None:
                    self._segments = SegmentIndex(self.graph)
        return self._segments

    def prepare(self) -> Router:
        """Build the contraction hierarchy (once; a tenth of a second on a city)."""
        search = self.search
        with self._lock:
            if self._ch is None:
                g = search.graph
                self._ch = ContractionHierarchy.build(
                    g.node_count,
                    g.tail.astype(np.uint32),
                    g.head.astype(np.uint32),
                    g.time_ms.astype(np.uint32),
                )
        return self

    def _query(self) -> CHQuery:
        # A CHQuery holds per-query scratch space: one per thread.
        query: CHQuery | None = getattr(self._local, "query", None)
        if query is None:
            ch = self.prepare()._ch
            if ch is None:  # pragma: no cover - prepare() always builds it
                raise RuntimeError("contraction hierarchy missing")
            query = self._local.query = CHQuery(ch)
        return query

    def snap(self, point: LatLon) -> tuple[int, float]:
        """The nearest junction, for work done junction to junction (a stretch to close, the
        placement's cost matrix); trips between two points start on the segment (paths.py)."""
        node, distance = self.graph.nearest_node(*point)
        if distance > MAX_SNAP_M:
            raise DomainError(
                "off_network",
                _("The point %(lat).5f, %(lon).5f is %(m)d m from the nearest road.")
                % {"lat": point[0], "lon": point[1], "m": round(distance)},
            )
        return node, distance

    def fastest(self, source: int, target: int, closed: Iterable[int] = ()) -> Route:
        """The fastest route between two nodes; ``closed`` arcs cannot be used."""
        closed_set = set(closed)
        search = self.search
        query = self._query().reset().add_source(source)
        for end in search.at(target):
            query.add_target(end)
        query.run()
        if query.get_distance() == INF_WEIGHT:
            return self._route([], [], source, math.inf)
        arcs = search.arc_origin[query.get_arc_path()].tolist()
        if not closed_set.intersection(arcs):
            nodes = search.node_origin[query.get_node_path()].tolist()
            return self._route(nodes, arcs, source)
        return self.dijkstra(source, target, self.weights(closed_set))

    def weights(
        self, closed: Iterable[int] = (), penalty: dict[int, float] | None = None
    ) -> FloatArray:
        """Travel times (ms) re-weighted: closed arcs infinite, penalised arcs multiplied."""
        weights = self.graph.time_ms.astype(np.float64)
        for arc, factor in (penalty or {}).items():
            weights[arc] *= factor
        closed_list = list(closed)
        if closed_list:
            weights[np.array(closed_list, dtype=np.int64)] = np.inf
        return weights

    def dijkstra(
        self, source: int, target: int, weights: FloatArray, limit: float = math.inf
    ) -> Route:
        """Plain Dijkstra on ``weights``; ``limit`` (ms) bounds the search (unreachable beyond)."""
        search = self.search
        searched = weights[search.arc_origin] if search.split else weights
        matrix, arcs_of_entry = search.graph.csr(searched)
        distances, predecessors = dijkstra(
            matrix, indices=source, return_predecessors=True, limit=limit
        )
        ends = search.at(target)
        end = ends[int(np.argmin(distances[ends]))]
        if not math.isfinite(distances[end]):
            return self._route([], [], source, math.inf)
        nodes = path_nodes(predecessors, source, end)
        arcs = path_arcs(matrix, arcs_of_entry, nodes)
        if search.split:
            nodes = search.node_origin[nodes].tolist()
            arcs = search.arc_origin[arcs].tolist()
        return self._route(nodes, arcs, source)

    def _route(
        self, nodes: Sequence[int], arcs: Sequence[int], source: int, seconds: float | None = None
    ) -> Route:
        g = self.graph
        arc_array: IntArray = np.array(arcs, dtype=np.int64)
        if seconds is None:
            seconds = float(g.time_ms[arc_array].sum()) / 1000 if len(arcs) else 0.0
        metres = float(g.length_m[arc_array].sum()) if len(arcs) else 0.0
        return Route(seconds, metres, list(nodes) or [source], list(arcs))

    def alternatives(
        self, first: Route, closed: Iterable[int] = (), count: int = 2, stretch: float = 1.6
    ) -> list[Route]:
        """Up to ``count`` other routes: penalise the arcs already used and search again.

        Kept when it shares at most 70 % of its length with the routes found so far and takes at
        most ``stretch`` times the fastest; the times reported are real (unpenalised) ones.
        """
        if not first.reachable or len(first.arcs) == 0:
            return []
        closed_set = set(closed)
        found = [first]
        penalty: dict[int, float] = {}
        source, target = first.nodes[0], first.nodes[-1]
        for _attempt in range(count * 3):
            for arc in found[-1].arcs:
                penalty[arc] = penalty.get(arc, 1.0) * 1.8
            candidate = self.dijkstra(source, target, self.weights(closed_set, penalty))
            if not candidate.reachable or candidate.seconds > first.seconds * stretch:
                break
            if all(self._overlap(candidate, other) <= 0.7 for other in found):
                found.append(candidate)
                if len(found) > count:
                    break
        return found[1:]

    def _overlap(self, a: Route, b: Route) -> float:
        shared = set(a.arcs) & set(b.arcs)
        if not a.metres:
            return 1.0
        return float(self.graph.length_m[list(shared)].sum()) / a.metres if shared else 0.0

    def closed_arcs(self, closures: Iterable[ClosedSegment], at: dt.datetime | None) -> set[int]:
        if at is None:
            return set()
        index = self.graph.arc_index()
        found: set[int] = set()
        for closure in closures:
            if closure.active(at):
                arc = index.get((closure.way, closure.from_node, closure.to_node))
                if arc is not None:
                    found.add(arc)
        return found

    def way_ids(self, route: Route) -> list[int]:
        """The OSM ways along the route, each once per consecutive stretch."""
        ways: list[int] = []
        for arc in route.arcs:
            way = int(self.graph.way[arc])
            if not ways or ways[-1] != way:
                ways.append(way)
        return ways


def path_nodes(predecessors: IntArray, source: int, target: int) -> list[int]:
    """The nodes from ``source`` to ``target`` by scipy's predecessor array."""
    nodes = [target]
    while nodes[-1] != source:
        nodes.append(int(predecessors[nodes[-1]]))
    nodes.reverse()
    return nodes


def path_arcs(matrix: Any, arcs_of_entry: IntArray, nodes: Sequence[int]) -> list[int]:
    """The arcs joining consecutive ``nodes`` in the matrix ``Graph.csr`` gave."""
    indptr, indices = matrix.indptr, matrix.indices
    arcs: list[int] = []
    for u, v in itertools.pairwise(nodes):
        row = slice(indptr[u], indptr[u + 1])
        position = int(indptr[u] + np.searchsorted(indices[row], v))
        arcs.append(int(arcs_of_entry[position]))
    return arcs


# --- Per-network routers, cached per process ----------------------------------------------------

_routers: dict[tuple[int, int, str], Router] = {}
_routers_lock = threading.Lock()


def _router_key(network: RoadNetwork) -> tuple[int, int, str]:
    # The import time too: a rolled-back test database hands the same pk and version out again.
    return (network.pk, network.version, network.imported_at.isoformat())


def router_for(network: RoadNetwork) -> Router:
    with _routers_lock:
        router = _routers.get(_router_key(network))
    if router is None:
        roads = list(
            Road.objects.filter(network=network)
            .order_by("pk")
            .only("osm_id", "road_class", "name", "oneway", "maxspeed", "nodes", "coords")
        )
        restrictions = [(str(r), int(f), int(v), int(t)) for r, f, v, t in network.restrictions]
        router = Router(build_graph(roads, network.speeds), restrictions)
        keep_router(network, router)
    return router


def keep_router(network: RoadNetwork, router: Router) -> None:
    """``router`` is the one for ``network`` as stored now (its import's own graph, say): the
    next ``router_for`` hands it out instead of building one; older versions' are dropped."""
    with _routers_lock:
        for old in [k for k in _routers if k[0] == network.pk]:
            del _routers[old]
        _routers[_router_key(network)] = router


def network_for(event: Event, point: LatLon, *others: LatLon) -> RoadNetwork:
    """The event's network around ``point``; every one of ``others`` must lie in it too."""
    return pick_network(list(event.road_networks.all()), point, *others)


def pick_network(networks: Sequence[RoadNetwork], point: LatLon, *others: LatLon) -> RoadNetwork:
    if not networks:
        raise DomainError(
            "no_network", _("This event has no road network yet. Import one first."), status=409
        )
    for network in networks:
        if network.contains(*point):
            for other in others:
                if not network.contains(*other):
                    point = other
                    break
            else:
                return network
            break
    raise DomainError(
        "off_network",
        _("The point %(lat).5f, %(lon).5f lies outside every road network of this event.")
        % {"lat": point[0], "lon": point[1]},
    )


def closures_for(event: Event) -> list[ClosedSegment]:
    """Every closed segment of the event's closures, each with its closure's window."""
    from garrison.traffic.models import Closure

    return [
        ClosedSegment(int(way), int(a), int(b), closure.starts_at, closure.ends_at)
        for closure in Closure.objects.filter(event=event).only("segments", "starts_at", "ends_at")
        for way, a, b in closure.segments
    ]

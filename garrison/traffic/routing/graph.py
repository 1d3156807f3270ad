"""The road graph as flat arrays: one node per OSM node, one arc per drivable direction of a segment.

Built from roads (parsed or stored), so import, routing and benchmarks share one definition.
Travel times are whole milliseconds: the contraction hierarchy needs integer weights, and every
engine (and the networkx reference in the tests) then sees exactly the same costs.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from garrison.traffic.models import DEFAULT_SPEEDS

EARTH_RADIUS_M = 6_371_008.8

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


class RoadLike(Protocol):
    osm_id: int
    road_class: str
    name: str
    oneway: int
    maxspeed: int | None

    @property
    def nodes(self) -> Any: ...

    @property
    def coords(self) -> Any: ...


@dataclass
class Graph:
    node_osm: IntArray
    lat: FloatArray
    lon: FloatArray
    tail: IntArray
    head: IntArray
    length_m: FloatArray
    time_ms: IntArray
    way: IntArray
    road: IntArray  # index into road_classes / road_names
    road_classes: list[str]
    road_names: list[str]
    _tree: Any = field(default=None, repr=False)
    _lat0: float | None = field(default=None, repr=False)
    _arc_index: dict[tuple[int, int, int], int] | None = field(default=None, repr=False)
    _csr_structure: tuple[IntArray, IntArray, IntArray, IntArray] | None = field(
        default=None, repr=False
    )

    @property
    def node_count(self) -> int:
        return len(self.node_osm)

    @property
    def arc_count(self) -> int:
        return len(self.tail)

    def _xy(self, lat: FloatArray, lon: FloatArray) -> FloatArray:
        # Equirectangular metres around the network's middle: exact enough inside one city.
        if self._lat0 is None:
            self._lat0 = math.radians(float(np.mean(self.lat)) if len(self.lat) else 0.0)
        lat0 = self._lat0
        x = np.radians(lon) * EARTH_RADIUS_M * math.cos(lat0)
        y = np.radians(lat) * EARTH_RADIUS_M
        return np.column_stack([x, y])

    def nearest_node(self, lat: float, lon: float) -> tuple[int, float]:
        """The node nearest to the point and its distance in metres."""
        if self._tree is None:
            self._tree = cKDTree(self._xy(self.lat, self.lon))
        point = self._xy(np.array([lat]), np.array([lon]))[0]
        distance, index = self._tree.query(point)
        return int(index), float(distance)

    def arc_index(self) -> dict[tuple[int, int, int], int]:
        """(way, from OSM node, to OSM node) → arc: how closures find their arcs again."""
        if self._arc_index is None:
            tails, heads = self.node_osm[self.tail], self.node_osm[self.head]
            self._arc_index = {
                (int(w), int(t), int(h)): i
                for i, (w, t, h) in enumerate(zip(self.way, tails, heads, strict=True))
            }
        return self._arc_index

    def csr(self, weights: FloatArray | None = None) -> tuple[csr_matrix, IntArray]:
        """The graph as a sparse matrix for scipy, and for each stored entry the arc it stands for.

        The structure (one entry per node pair) is built once; ``weights`` (closures, penalties)
        only refill the entries' values. Parallel arcs keep the smallest weight (scipy would add
        them up).
        """
        if self._csr_structure is None:
            order = np.lexsort((self.time_ms, self.head, self.tail))
            tail, head = self.tail[order], self.head[order]
            first = np.ones(len(order), dtype=bool)
            first[1:] = (tail[1:] != tail[:-1]) | (head[1:] != head[:-1])
            position = np.empty(self.arc_count, dtype=np.int64)
            position[order] = np.cumsum(first) - 1
            entries = order[first]
            indptr = np.zeros(self.node_count + 1, dtype=np.int64)
            np.add.at(indptr, self.tail[entries] + 1, 1)
            self._csr_structure = (np.cumsum(indptr), self.head[entries], position, entries)
        indptr, indices, position, entries = self._csr_structure
        values = self.time_ms.astype(np.float64) if weights is None else weights
        data = np.full(len(entries), np.inf)
        np.minimum.at(data, position, values)
        matrix = csr_matrix((data, indices, indptr), shape=(self.node_count, self.node_count))
        if weights is None:
            return matrix, entries
        # Which arc each entry stands for under these weights (a closed parallel arc loses).
        best = entries.copy()
        changed = np.flatnonzero(values[entries] != data)
        if len(changed):
            wanted = set(changed.tolist())
            for arc in np.flatnonzero(np.isin(position, changed)).tolist():
                entry = int(position[arc])
                if entry in wanted and values[arc] == data[entry]:
                    best[entry] = arc
        return matrix, best


def haversine_m(lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray) -> Any:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def build_graph(roads: Sequence[RoadLike], speeds: dict[str, int] | None = None) -> Graph:
    speeds = {**DEFAULT_SPEEDS, **(speeds or {})}
    index: dict[int, int] = {}
    lat: list[float] = []
    lon: list[float] = []
    tails: list[int] = []
    heads: list[int] = []
    kmh: list[float] = []
    ways: list[int] = []
    road_of_arc: list[int] = []
    for r, road in enumerate(roads):
        ids: list[int] = []
        for node, (x, y) in zip(road.nodes, road.coords, strict=True):
            i = index.get(node)
            if i is None:
                i = index[node] = len(lat)
                lat.append(float(y))
                lon.append(float(x))
            ids.append(i)
        speed = float(road.maxspeed or speeds.get(road.road_class, DEFAULT_SPEEDS["service"]))
        for a, b in itertools.pairwise(ids):
            if a == b:
                continue
            if road.oneway >= 0:
                tails.append(a)
                heads.append(b)
                kmh.append(speed)
                ways.append(road.osm_id)
                road_of_arc.append(r)
            if road.oneway <= 0:
                tails.append(b)
                heads.append(a)
                kmh.append(speed)
                ways.append(road.osm_id)
                road_of_arc.append(r)
    lat_a, lon_a = np.array(lat), np.array(lon)
    tail, head = np.array(tails, dtype=np.int64), np.array(heads, dtype=np.int64)
    length = haversine_m(lat_a[tail], lon_a[tail], lat_a[head], lon_a[head])
    time_ms = np.maximum(1, np.rint(length / (np.array(kmh) / 3.6) * 1000)).astype(np.int64)
    node_osm = np.empty(len(index), dtype=np.int64)
    for osm, i in index.items():
        node_osm[i] = osm
    return Graph(
        node_osm=node_osm,
        lat=lat_a,
        lon=lon_a,
        tail=tail,
        head=head,
        length_m=np.asarray(length, dtype=np.float64),
        time_ms=time_ms,
        way=np.array(ways, dtype=np.int64),
        road=np.array(road_of_arc, dtype=np.int64),
        road_classes=[road.road_class for road in roads],
        road_names=[road.name for road in roads],
    )


def connectivity(graph: Graph) -> dict[str, Any]:
    """Strongly connected parts: the share of nodes in the largest, and what is cut off from it."""
    if graph.node_count == 0:
        return {"largest_share": 0.0, "largest_nodes": 0, "pieces_cut_off": 0, "nodes_cut_off": 0}
    matrix, _arcs = graph.csr()
    count, labels = connected_components(matrix, directed=True, connection="strong")
    sizes = np.bincount(labels)
    largest = int(sizes.max())
    return {
        "largest_share": round(largest / graph.node_count, 4),
        "largest_nodes": largest,
        "pieces_cut_off": int(count - 1),
        "nodes_cut_off": int(graph.node_count - largest),
    }


def network_report(roads: Sequence[RoadLike], graph: Graph) -> dict[str, Any]:
    by_class = Counter(road.road_class for road in roads)
    km_by_class: dict[str, float] = {}
    for arc_road, length in zip(graph.road, graph.length_m, strict=True):
        key = graph.road_classes[arc_road]
        km_by_class[key] = km_by_class.get(key, 0.0) + float(length)
    return {
        "roads": len(roads),
        "named_roads": sum(1 for road in roads if road.name),
        "nodes": graph.node_count,
        "arcs": graph.arc_count,
        "one_way_roads": sum(1 for road in roads if road.oneway),
        "with_maxspeed": sum(1 for road in roads if road.maxspeed),
        "by_class": dict(by_class.most_common()),
        "arc_km_by_class": {
            k: round(v / 1000, 1) for k, v in sorted(km_by_class.items(), key=lambda kv: -kv[1])
        },
        **connectivity(graph),
    }

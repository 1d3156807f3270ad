"""Snapping a point onto the nearest road segment, and the partial costs of entering there.

A point is projected onto the nearest segment (one piece of a way between two OSM nodes), not
moved to the nearest junction: a unit parked halfway along a 300 m block starts halfway along it.
The index is built once per graph: every segment is sampled every ``SPACING_M`` metres into a
KD-tree; a query takes the nearest sample, then every sample within half a spacing more, and
projects exactly onto those candidates' segments, so the answer is the true nearest segment.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from garrison.traffic.routing.graph import EARTH_RADIUS_M, Graph

SPACING_M = 20.0


@dataclass(frozen=True)
class Snap:
    """A point on segment ``a``–``b`` at ``fraction`` of the way from ``a`` (planar metres).

    ``forward`` is the arc a→b and ``backward`` the arc b→a; -1 where the way is one-way.
    """

    a: int
    b: int
    fraction: float
    forward: int
    backward: int
    distance_m: float
    segment: int


class SegmentIndex:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        # Equirectangular metres around the network's middle, computed once.
        self.lat0 = math.radians(float(np.mean(graph.lat))) if graph.node_count else 0.0
        self.kx = math.radians(1.0) * EARTH_RADIUS_M * math.cos(self.lat0)
        self.ky = math.radians(1.0) * EARTH_RADIUS_M
        x, y = graph.lon * self.kx, graph.lat * self.ky
        low = np.minimum(graph.tail, graph.head)
        high = np.maximum(graph.tail, graph.head)
        # One segment per (way, node pair); its arcs in each direction.
        order = np.lexsort((graph.tail != low, high, low, graph.way))
        keys = np.column_stack([graph.way[order], low[order], high[order]])
        first = np.ones(len(order), dtype=bool)
        first[1:] = (keys[1:] != keys[:-1]).any(axis=1)
        segment_of_sorted = np.cumsum(first) - 1
        count = int(segment_of_sorted[-1]) + 1 if len(order) else 0
        self.a = np.zeros(count, dtype=np.int64)
        self.b = np.zeros(count, dtype=np.int64)
        self.forward = np.full(count, -1, dtype=np.int64)
        self.backward = np.full(count, -1, dtype=np.int64)
        self.a[segment_of_sorted] = low[order]
        self.b[segment_of_sorted] = high[order]
        is_forward = graph.tail[order] == low[order]
        # Reversed assignment so the first arc of a duplicated key wins.
        self.forward[segment_of_sorted[is_forward][::-1]] = order[is_forward][::-1]
        self.backward[segment_of_sorted[~is_forward][::-1]] = order[~is_forward][::-1]
        self.ax, self.ay = x[self.a], y[self.a]
        self.bx, self.by = x[self.b], y[self.b]
        length = np.hypot(self.bx - self.ax, self.by - self.ay)
        pieces = np.maximum(1, np.ceil(length / SPACING_M)).astype(np.int64)
        owner = np.repeat(np.arange(count), pieces)
        starts = np.concatenate([[0], np.cumsum(pieces)[:-1]]) if count else np.zeros(0, np.int64)
        step = np.arange(len(owner)) - np.repeat(starts, pieces)
        t = (step + 0.5) / np.repeat(pieces, pieces)
        sx = self.ax[owner] + t * (self.bx[owner] - self.ax[owner])
        sy = self.ay[owner] + t * (self.by[owner] - self.ay[owner])
        self.owner = owner
        # Every point of a segment lies within half a piece of one of its samples.
        self.slack = float((length / pieces).max()) / 2 + 1e-6 if count else 0.0
        self.tree = cKDTree(np.column_stack([sx, sy])) if count else None
        # Plain lists: projecting onto a handful of candidates is faster without numpy.
        self._ax, self._ay = self.ax.tolist(), self.ay.tolist()
        self._bx, self._by = self.bx.tolist(), self.by.tolist()
        self._owner = owner.tolist()

    @property
    def count(self) -> int:
        return len(self.a)

    def snap(self, lat: float, lon: float) -> Snap | None:
        """The nearest segment to the point, or None on an empty graph."""
        if self.tree is None:
            return None
        px, py = lon * self.kx, lat * self.ky
        nearest, _i = self.tree.query((px, py))
        candidates = {
            self._owner[i] for i in self.tree.query_ball_point((px, py), nearest + self.slack)
        }
        best: tuple[float, int, float] | None = None
        for s in sorted(candidates):
            ax, ay = self._ax[s], self._ay[s]
            dx, dy = self._bx[s] - ax, self._by[s] - ay
            span = dx * dx + dy * dy
            t = 0.0 if span == 0 else min(1.0, max(0.0, ((px - ax) * dx + (py - ay) * dy) / span))
            distance = math.hypot(ax + t * dx - px, ay + t * dy - py)
            if best is None or distance < best[0]:
                best = (distance, s, t)
        if best is None:  # pragma: no cover - the ball always holds the nearest sample
            return None
        distance, s, t = best
        return Snap(
            a=int(self.a[s]),
            b=int(self.b[s]),
            fraction=t,
            forward=int(self.forward[s]),
            backward=int(self.backward[s]),
            distance_m=distance,
            segment=s,
        )

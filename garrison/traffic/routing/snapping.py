"""Snapping a point onto the nearest road segment, and the partial costs of entering there.

A point is projected onto the nearest segment (one piece of a way between two OSM nodes), not
moved to the nearest junction: a unit parked halfway along a 300 m block starts halfway along it.
The index is built once per graph: a grid of ``CELL_M`` squares, each listing the segments whose
bounding box touches it. A query projects onto the segments of its own cell, then ring after ring
round it until no unseen segment can be nearer than the best found (plain Python: a handful of
dictionary look-ups beat a KD-tree call for one point). Beyond ``MAX_RINGS`` rings (a point off
the network) a KD-tree of points sampled every ``SPACING_M`` along the segments gives the exact
distance for the error message.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from garrison.traffic.routing.graph import EARTH_RADIUS_M, Graph, IntArray

SPACING_M = 20.0
CELL_M = 40.0
MAX_RINGS = 15  # 600 m: beyond the farthest a point may be from a road (router.MAX_SNAP_M)


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
        cells: dict[tuple[int, int], list[int]] = {}
        low_x = np.floor(np.minimum(self.ax, self.bx) / CELL_M).astype(np.int64).tolist()
        high_x = np.floor(np.maximum(self.ax, self.bx) / CELL_M).astype(np.int64).tolist()
        low_y = np.floor(np.minimum(self.ay, self.by) / CELL_M).astype(np.int64).tolist()
        high_y = np.floor(np.maximum(self.ay, self.by) / CELL_M).astype(np.int64).tolist()
        for segment in range(count):
            for cx in range(low_x[segment], high_x[segment] + 1):
                for cy in range(low_y[segment], high_y[segment] + 1):
                    cells.setdefault((cx, cy), []).append(segment)
        self.cells = {cell: np.array(found, dtype=np.int64) for cell, found in cells.items()}

    @property
    def count(self) -> int:
        return len(self.a)

    def snap(self, lat: float, lon: float) -> Snap | None:
        """The nearest segment to the point, or None on an empty graph."""
        if self.tree is None:
            return None
        px, py = lon * self.kx, lat * self.ky
        cx, cy = math.floor(px / CELL_M), math.floor(py / CELL_M)
        best: tuple[float, int, float] | None = None
        # The first look takes the cell and the ring round it at once (most points stop there).
        for ring in range(1, MAX_RINGS + 1):
            cells = _ring(cx, cy, ring) + (_ring(cx, cy, 0) if ring == 1 else [])
            found = [self.cells[c] for c in cells if c in self.cells]
            if found:
                candidates = np.concatenate(found) if len(found) > 1 else found[0]
                nearest = self._nearest(candidates, px, py)
                if best is None or nearest < best:
                    best = nearest
            # Whatever lies outside the rings searched is at least ``ring`` cells away.
            if best is not None and best[0] <= ring * CELL_M:
                break
        else:
            best = self._far(px, py)
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

    def _project(self, s: int, px: float, py: float) -> tuple[float, int, float]:
        ax, ay = self._ax[s], self._ay[s]
        dx, dy = self._bx[s] - ax, self._by[s] - ay
        span = dx * dx + dy * dy
        t = 0.0 if span == 0 else min(1.0, max(0.0, ((px - ax) * dx + (py - ay) * dy) / span))
        return math.hypot(ax + t * dx - px, ay + t * dy - py), s, t

    def _nearest(self, candidates: IntArray, px: float, py: float) -> tuple[float, int, float]:
        ax, ay = self.ax[candidates], self.ay[candidates]
        dx, dy = self.bx[candidates] - ax, self.by[candidates] - ay
        span = dx * dx + dy * dy
        t = np.clip(((px - ax) * dx + (py - ay) * dy) / np.where(span == 0, 1.0, span), 0.0, 1.0)
        distance = np.hypot(ax + t * dx - px, ay + t * dy - py)
        i = int(np.argmin(distance))
        return float(distance[i]), int(candidates[i]), float(t[i])

    def _far(self, px: float, py: float) -> tuple[float, int, float]:
        """The nearest segment to a point far from every road, by the sampled KD-tree."""
        if self.tree is None:  # pragma: no cover - snap() never asks on an empty graph
            raise ValueError("empty graph")
        nearest, _i = self.tree.query((px, py))
        around = self.tree.query_ball_point((px, py), nearest + self.slack)
        return min(self._project(s, px, py) for s in {self._owner[i] for i in around})


def _ring(cx: int, cy: int, ring: int) -> list[tuple[int, int]]:
    """The cells at Chebyshev distance ``ring`` from (cx, cy)."""
    if ring == 0:
        return [(cx, cy)]
    side = range(-ring, ring + 1)
    return (
        [(cx + d, cy - ring) for d in side]
        + [(cx + d, cy + ring) for d in side]
        + [(cx - ring, cy + d) for d in side[1:-1]]
        + [(cx + ring, cy + d) for d in side[1:-1]]
    )

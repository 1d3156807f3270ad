"""The name of the street nearest a point, from the event's OpenStreetMap roads.

The desk says where something is in words ("Trần Hưng Đạo, 120 m from the venue"), never in bare
coordinates. The nearest segment is often a nameless alley or service road, so this looks for
the nearest segment *with a name* within ``within_m``, on the snapping index's grid.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from garrison.core.errors import DomainError
from garrison.events.models import Event
from garrison.traffic.routing.router import Router, pick_network, router_for
from garrison.traffic.routing.snapping import CELL_M
from garrison.traffic.routing.travel import event_roads

STREET_NEAR_M = 150.0  # beyond this a street name would mislead more than help
_NAMES = "streets.segment_names"


class Street(NamedTuple):
    name: str
    distance_m: float


def _segment_names(router: Router) -> list[str]:
    """Each snapping segment's way name ("" for none), kept with the router."""
    found = router.cache.get(_NAMES)
    if found is None:
        index, graph = router.segments, router.graph
        arcs = np.where(index.forward >= 0, index.forward, index.backward)
        found = [graph.road_names[int(road)] for road in graph.road[arcs]]
        router.cache[_NAMES] = found
    assert isinstance(found, list)  # noqa: S101 - only this module writes the key
    return found


def nearest_street(
    point: tuple[float, float], *, event: Event, within_m: float = STREET_NEAR_M
) -> Street | None:
    """The nearest named street within ``within_m`` of ``point``; None where the event has no
    network there or no named street is that near."""
    try:
        network = pick_network(event_roads(event).networks, point)
    except DomainError:
        return None
    router = router_for(network)
    index, names = router.segments, _segment_names(router)
    px, py = point[1] * index.kx, point[0] * index.ky
    cx, cy = math.floor(px / CELL_M), math.floor(py / CELL_M)
    reach = math.ceil(within_m / CELL_M)
    cells = [
        index.cells[(x, y)]
        for x in range(cx - reach, cx + reach + 1)
        for y in range(cy - reach, cy + reach + 1)
        if (x, y) in index.cells
    ]
    if not cells:
        return None
    candidates = np.unique(np.concatenate(cells))
    candidates = candidates[[bool(names[int(s)]) for s in candidates]]
    if not len(candidates):
        return None
    ax, ay = index.ax[candidates], index.ay[candidates]
    dx, dy = index.bx[candidates] - ax, index.by[candidates] - ay
    span = dx * dx + dy * dy
    t = np.clip(((px - ax) * dx + (py - ay) * dy) / np.where(span == 0, 1.0, span), 0.0, 1.0)
    distance = np.hypot(ax + t * dx - px, ay + t * dy - py)
    best = int(np.argmin(distance))
    if float(distance[best]) > within_m:
        return None
    return Street(names[int(candidates[best])], float(distance[best]))

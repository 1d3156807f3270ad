"""Road travel times for placements: the one place coverage asks traffic's router.

Teams drive *from* a candidate position *to* a demand point, so this is one-to-many per
candidate. Until traffic's one-to-many ``travel_times(origin, targets, event=…, at=…)`` lands, it
runs one Dijkstra per candidate on the network's re-weighted graph (closures active at ``at``
cost infinity, as in ``router.travel_time``); switch the body of ``road_costs`` to that call then,
nothing else in coverage needs to change.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import numpy as np
from django.utils.translation import gettext as _
from scipy.sparse.csgraph import dijkstra

from garrison.core.errors import DomainError
from garrison.events.models import Event
from garrison.traffic.routing.router import Router, closures_for, network_for, router_for

LatLon = tuple[float, float]
Costs = dict[str, dict[str, float]]


def road_costs(
    event: Event,
    demand: Sequence[tuple[str, LatLon]],
    candidates: Sequence[tuple[str, LatLon]],
    at: dt.datetime | None = None,
) -> Costs:
    """costs[demand id][candidate id]: seconds by road (``inf`` when no road leads there)."""
    if not demand or not candidates:
        return {}
    points = [p for _id, p in candidates] + [p for _id, p in demand]
    network = network_for(event, points[0], *points[1:])
    router = router_for(network)
    demand_nodes = [_snap(router, ident, point) for ident, point in demand]
    candidate_nodes = [_snap(router, ident, point) for ident, point in candidates]
    closed = router.closed_arcs(closures_for(event), at)
    matrix, _arcs = router.graph.csr(router.weights(closed))
    # One call for every candidate (scipy runs them in C); unique sources only.
    sources = sorted(set(candidate_nodes))
    times_ms = dijkstra(matrix, indices=sources, min_only=False)
    row_of = {node: row for row, node in enumerate(sources)}
    targets = np.array(demand_nodes, dtype=np.int64)
    costs: Costs = {ident: {} for ident, _p in demand}
    for (c_id, _p), node in zip(candidates, candidate_nodes, strict=True):
        seconds = times_ms[row_of[node], targets] / 1000.0
        for (d_id, _q), value in zip(demand, seconds, strict=True):
            costs[d_id][c_id] = float(value) if math.isfinite(value) else math.inf
    return costs


def _snap(router: Router, ident: str, point: LatLon) -> int:
    try:
        node, _distance = router.snap(point)
    except DomainError as exc:
        raise DomainError(
            "off_network",
            _("“%(id)s”: %(message)s") % {"id": ident[:60], "message": exc.message},
            field="file",
        ) from exc
    return int(node)

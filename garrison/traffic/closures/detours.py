"""Detours round closed stretches, for the traffic that would have driven them.

A detour avoids every segment closed at any moment of the closure's window, so it never leads
into another closure.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.sparse.csgraph import dijkstra

from garrison.traffic.closures.stretches import arcs_of, line_of, segments_of, street_of
from garrison.traffic.models import Closure
from garrison.traffic.routing.router import Router, path_arcs, path_nodes

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


def forward_arcs(router: Router, closure: Closure) -> list[int]:
    """The closure's arcs in its drawing direction (the reverse arcs follow each forward one)."""
    arcs = arcs_of(router, closure.segments)
    g = router.graph
    forward: list[int] = []
    for arc in arcs:
        if forward and g.tail[arc] == g.head[forward[-1]] and g.head[arc] == g.tail[forward[-1]]:
            continue  # the opposite of the arc before it
        forward.append(arc)
    return forward

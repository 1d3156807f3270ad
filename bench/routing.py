"""Routing on the Hanoi network: import, engine preparation, point-to-point queries per engine.

Targets (issue 6): one route ≤ 50 µs median after preparation, printed beside networkx and igraph
on the same pairs; import time and peak memory. Issue 15: the public ``travel_time`` point to
point with the event's closures (read from the database) ≤ 200 µs median, printed beside the
hierarchy's own query, and ``travel_times`` one to 50. Figures only; no asserts on speed.
"""

from __future__ import annotations

import random
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _django

_django.setup()

import igraph  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
from scipy.sparse.csgraph import dijkstra  # noqa: E402

from garrison.traffic.routing.graph import build_graph, connectivity  # noqa: E402
from garrison.traffic.routing.osm import read_roads  # noqa: E402
from garrison.traffic.routing.router import Router  # noqa: E402

PBF = _django.ROOT / "garrison" / "traffic" / "data" / "hanoi-central.osm.pbf"
PAIRS = 300


def micro(samples: list[float]) -> str:
    return f"median {statistics.median(samples) * 1e6:9.1f} µs, p90 {_django.percentile(samples, 90) * 1e6:9.1f} µs"


def main() -> None:
    tracemalloc.start()
    started = time.perf_counter()
    roads = read_roads(PBF)
    graph = build_graph(roads)
    read_s = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"read + graph: {read_s:.2f} s, peak Python memory {peak / 2**20:.0f} MiB")
    print(f"graph: {graph.node_count:,} nodes, {graph.arc_count:,} arcs; {connectivity(graph)}")

    # The full import into the database (parse, report, store) with the process's peak RSS.
    from _django import make_event

    from garrison.traffic.routing.services import import_network

    event = make_event("bench", "Bench")
    started = time.perf_counter()
    network = import_network(event, PBF)
    print(
        f"import_roads into SQLite: {time.perf_counter() - started:.2f} s, "
        f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )

    router = Router(graph)
    prep = _django.timed(router.prepare)
    print(f"CH preparation: {prep:.2f} s")

    # Pairs inside the largest strongly connected part, so every engine finds a route.
    matrix, _arcs = graph.csr()
    from scipy.sparse.csgraph import connected_components

    _n, labels = connected_components(matrix, directed=True, connection="strong")
    main_part = np.flatnonzero(labels == np.bincount(labels).argmax())
    rng = random.Random(6)
    pairs = [(int(rng.choice(main_part)), int(rng.choice(main_part))) for _ in range(PAIRS)]

    timings: dict[str, list[float]] = {}
    answers: dict[str, list[float]] = {}

    def run(name: str, fn: object) -> None:
        samples, found = [], []
        for s, t in pairs:
            start = time.perf_counter()
            value = fn(s, t)  # type: ignore[operator]
            samples.append(time.perf_counter() - start)
            found.append(value)
        timings[name], answers[name] = samples, found

    run("CH (ch-router) route", lambda s, t: router.fastest(s, t).seconds)

    query = router._query()

    def ch_distance(s: int, t: int) -> float:
        query.reset().add_source(s).add_target(t).run()
        return query.get_distance() / 1000

    run("CH (ch-router) distance", ch_distance)
    run(
        "scipy csgraph dijkstra",
        lambda s, t: float(dijkstra(matrix, indices=s)[t]) / 1000,
    )
    ig = igraph.Graph(
        n=graph.node_count,
        edges=list(zip(graph.tail.tolist(), graph.head.tolist(), strict=True)),
        directed=True,
    )
    ig.es["w"] = graph.time_ms.tolist()
    run("igraph distances", lambda s, t: float(ig.distances(s, t, weights="w")[0][0]) / 1000)
    nxg = nx.DiGraph()
    for u, v, w in zip(
        graph.tail.tolist(), graph.head.tolist(), graph.time_ms.tolist(), strict=True
    ):
        if not nxg.has_edge(u, v) or nxg[u][v]["w"] > w:
            nxg.add_edge(u, v, w=w)
    run(
        "networkx dijkstra",
        lambda s, t: nx.dijkstra_path_length(nxg, s, t, weight="w") / 1000,
    )

    base = statistics.median(timings["CH (ch-router) route"])
    print(f"\n{PAIRS} random pairs in the largest strongly connected part:")
    for name, samples in timings.items():
        ratio = statistics.median(samples) / base
        print(f"  {name:<26} {micro(samples)}  ×{ratio:8.1f} vs CH route")
    reference = answers["networkx dijkstra"]
    for name, found in answers.items():
        worst = max(abs(a - b) for a, b in zip(found, reference, strict=True))
        print(f"  {name:<26} max difference from networkx: {worst:.3f} s")

    # Closures: close the arcs of 20 fastest routes' middles and re-route (scipy fallback path).
    closed: set[int] = set()
    for s, t in pairs[:20]:
        arcs = router.fastest(s, t).arcs
        closed.update(arcs[len(arcs) // 3 : 2 * len(arcs) // 3])
    samples = []
    for s, t in pairs[:100]:
        start = time.perf_counter()
        router.fastest(s, t, closed)
        samples.append(time.perf_counter() - start)
    print(
        f"\nwith {len(closed)} closed arcs, route (CH, scipy when the CH route is cut): {micro(samples)}"
    )
    samples = []
    for s, t in pairs[:30]:
        first = router.fastest(s, t)
        start = time.perf_counter()
        router.alternatives(first, count=2)
        samples.append(time.perf_counter() - start)
    print(f"two alternatives: {micro(samples)}")
    public_calls(event, network, pairs, timings["CH (ch-router) distance"])


def public_calls(event: Any, network: Any, pairs: list[tuple[int, int]], ch: list[float]) -> None:
    """``travel_time`` and ``travel_times`` as the desk calls them: points, the event's closures."""
    import datetime as dt

    from garrison.traffic.models import Closure
    from garrison.traffic.routing.router import router_for
    from garrison.traffic.routing.travel import travel_time, travel_times

    router = router_for(network).prepare()
    g = router.graph
    # Closures: 300 m or so round the middle of 30 routes, both directions, as closure plans
    # store them (about 600 segments, as many as the demo's plan holds).
    from django.utils import timezone

    # Now: the desk's ranking asks for the closures in force now.
    at = timezone.now()
    segments: set[tuple[int, int, int]] = set()
    for s, t in pairs[200:230]:
        arcs = router.fastest(s, t).arcs
        for arc in arcs[len(arcs) // 2 - 5 : len(arcs) // 2 + 5]:
            way, a, b = int(g.way[arc]), int(g.node_osm[g.tail[arc]]), int(g.node_osm[g.head[arc]])
            segments.update({(way, a, b), (way, b, a)})
    Closure.objects.create(
        event=event,
        network=network,
        source="hand",
        segments=[list(x) for x in sorted(segments)],
        starts_at=at - dt.timedelta(hours=1),
        ends_at=at + dt.timedelta(hours=1),
    )
    rng = random.Random(15)

    def near(node: int) -> tuple[float, float]:
        # A point up to ~40 m off the junction: snapping onto a segment is part of the call.
        return float(g.lat[node]) + rng.uniform(-3e-4, 3e-4), float(g.lon[node]) + rng.uniform(
            -3e-4, 3e-4
        )

    points = [(near(s), near(t)) for s, t in pairs]
    travel_time(points[0][0], points[0][1], at, event=event)  # the closed set's hierarchy
    samples = []
    for here, there in points:
        start = time.perf_counter()
        travel_time(here, there, at, event=event)
        samples.append(time.perf_counter() - start)
    print(f"\ntravel_time point to point, {len(segments)} closed segments from the database:")
    print(f"  {'travel_time':<26} {micro(samples)}")
    print(f"  {'CH query (same pairs)':<26} {micro(ch)}")
    samples = []
    for i in range(40):
        origin = points[i][0]
        targets = [p[1] for p in points[i + 1 : i + 51]]
        start = time.perf_counter()
        travel_times(origin, targets, at, event=event, to_origin=True)
        samples.append(time.perf_counter() - start)
    print(f"  {'travel_times 50 → 1':<26} {micro(samples)}")
    rank_fifty(event, [p[0] for p in points])


def rank_fifty(event: Any, places: list[tuple[float, float]]) -> None:
    """The desk's suggestion list: 50 available units ranked by road to an incident, closures on."""
    from garrison.ops.dispatch.ranking import rank_units
    from garrison.ops.tests.factories import make_incident, make_unit

    for lat, lon in places[1:51]:
        make_unit(event, lat=lat, lon=lon)
    samples = []
    road = 0
    for lat, lon in places[60:90]:
        incident = make_incident(event, lat=lat, lon=lon)
        start = time.perf_counter()
        ranked = rank_units(incident, limit=50)
        samples.append(time.perf_counter() - start)
        road += sum(r.by_road for r in ranked)
    print(
        f"  {'rank_units, 50 units':<26} {micro(samples)}  "
        f"({road / len(samples):.0f} of 50 reach it by road on average; target ≤ 20 ms)"
    )


if __name__ == "__main__":
    main()

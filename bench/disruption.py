"""Disruption estimate on the Hanoi network: re-costing 10,000 ordinary trips under closures.

Target (issue 6): re-costing 10,000 trips under a closure plan ≤ 2 s. The plan: both directions
of the fastest route from the Daewoo hotel to the Friendship Cultural Palace, closed as the demo
closes it (5 min lead, 2 min clear), as one closed set and as the time-windowed day estimate.
Then the route comparison page's work on the demo (issue 13: under a second): its first movement's
routes, each closed on top of the event's other closures, with a fresh process's first request
(router built from the database) and a cold estimate cache. Figures only; no asserts on speed.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _django

_django.setup()

from garrison.traffic.closures import disruption  # noqa: E402
from garrison.traffic.closures.stretches import as_closed_segments, stretches  # noqa: E402
from garrison.traffic.routing.graph import build_graph  # noqa: E402
from garrison.traffic.routing.osm import read_roads  # noqa: E402
from garrison.traffic.routing.router import Router  # noqa: E402

PBF = _django.ROOT / "garrison" / "traffic" / "data" / "hanoi-central.osm.pbf"
TRIPS = 10_000
TZ = dt.timezone(dt.timedelta(hours=7))


def main() -> None:
    router = Router(build_graph(read_roads(PBF))).prepare()
    g = router.graph
    print(f"graph: {g.node_count:,} nodes, {g.arc_count:,} arcs")
    started = time.perf_counter()
    sample = disruption.sample_trips(router, TRIPS, disruption.DEFAULT_SEED)
    print(f"sample {TRIPS:,} trips + free-flow routes (CH): {time.perf_counter() - started:.2f} s")

    source, _m = router.snap((21.0300, 105.8173))  # Daewoo hotel, Kim Mã
    target, _m = router.snap((21.0228, 105.8443))  # Friendship Cultural Palace
    convoy = router.fastest(source, target)
    departs = dt.datetime(2026, 12, 15, 7, 15, tzinfo=TZ)
    plan = stretches(
        router,
        convoy.arcs,
        departs,
        lead=dt.timedelta(minutes=5),
        clear=dt.timedelta(minutes=2),
        vehicles=6,
    )
    segments = as_closed_segments(router, plan)
    closed = {arc for s in plan for arc in s.closed_arcs(router)}
    print(
        f"closure plan: {len(plan)} streets, {len(closed)} closed arcs, convoy {convoy.seconds:.0f} s"
    )

    for name, threshold in (("rebuilt CH", 0), ("scipy bounded Dijkstra", 10**9)):
        disruption._REBUILD_ABOVE = threshold
        started = time.perf_counter()
        extra = disruption.recost(router, sample, closed)
        took = time.perf_counter() - started
        hit = len(disruption.crossing(sample, closed, g.arc_count))
        print(
            f"re-cost {TRIPS:,} trips, all closed at once, {name:<22}: {took:.2f} s "
            f"({hit} cross the closures, {int((extra == float('inf')).sum())} with no way round)"
        )
    disruption._REBUILD_ABOVE = 40

    for step in (5, 1):
        started = time.perf_counter()
        found = disruption.estimate(router, segments, TZ, trips=TRIPS, step_minutes=step)
        print(
            f"day estimate, windows in {step}-min steps: {time.perf_counter() - started:.2f} s, "
            f"{found.states} closure states, {found.total_hours} vehicle-hours extra, "
            f"{found.affected} trips affected"
        )

    compare_on_demo()


def compare_on_demo() -> None:
    from io import StringIO

    from django.core.management import call_command

    from garrison.traffic.closures import plans
    from garrison.traffic.models import Movement
    from garrison.traffic.routing.router import router_for

    call_command("load_demo", "--quiet-qr", stdout=StringIO())
    movement = Movement.objects.order_by("departs_at").first()
    if movement is None:
        print("demo has no movement: compare skipped")
        return
    started = time.perf_counter()
    router = router_for(movement.event.road_networks.get())
    disruption.sample_trips(router.prepare())
    print(f"demo: router from the database + trip sample: {time.perf_counter() - started:.2f} s")
    plans._cache.clear()
    router.cache = {k: v for k, v in router.cache.items() if k[:1] != ("recost",)}  # type: ignore[index]
    started = time.perf_counter()
    candidates, _best = plans.compare_routes(movement)
    print(
        f"demo compare of {len(candidates)} routes, cold: {time.perf_counter() - started:.2f} s; "
        "again: " + f"{_django.timed(lambda: plans.compare_routes(movement), repeat=3):.3f} s"
    )


if __name__ == "__main__":
    main()

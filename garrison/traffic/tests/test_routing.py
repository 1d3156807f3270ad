"""Fastest routes: one-way streets, snapping, closures in their windows, alternatives, the CLI.

On the real Hanoi data the engine's travel times equal networkx's Dijkstra on the same graph.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import random
from pathlib import Path

import networkx as nx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from garrison.core.errors import DomainError
from garrison.events.models import Event
from garrison.traffic.models import RoadNetwork
from garrison.traffic.routing.graph import Graph
from garrison.traffic.routing.paths import route
from garrison.traffic.routing.router import ClosedSegment, Router
from garrison.traffic.routing.travel import travel_time
from garrison.traffic.tests.fixtures import node_position
from garrison.traffic.tests.hanoi import hanoi_router

PBF = Path(__file__).resolve().parent.parent / "data" / "hanoi-central.osm.pbf"
T0 = dt.datetime(2026, 12, 1, 7, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def hanoi() -> Router:
    # The same graph as Router(build_graph(read_roads(PBF))), built once per process.
    return hanoi_router()


def reference(graph: Graph, closed: set[int] = frozenset()) -> nx.DiGraph:  # type: ignore[assignment]
    g = nx.DiGraph()
    for arc, (u, v, w) in enumerate(
        zip(graph.tail.tolist(), graph.head.tolist(), graph.time_ms.tolist(), strict=True)
    ):
        if arc in closed:
            continue
        if not g.has_edge(u, v) or g[u][v]["w"] > w:
            g.add_edge(u, v, w=w)
    return g


def nx_seconds(g: nx.DiGraph, s: int, t: int) -> float:
    # networkx's bidirectional Dijkstra: the same lengths as its one-way search, in about three
    # quarters of the time on this graph.
    try:
        return float(nx.bidirectional_dijkstra(g, s, t, weight="w")[0]) / 1000
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return math.inf


def test_hanoi_travel_times_equal_networkx_with_and_without_closures(hanoi: Router) -> None:
    rng = random.Random(6)
    nodes = hanoi.graph.node_count
    pairs = [(rng.randrange(nodes), rng.randrange(nodes)) for _ in range(40)]
    plain = reference(hanoi.graph)
    closed: set[int] = set()
    for s, t in pairs[:8]:
        arcs = hanoi.fastest(s, t).arcs
        closed.update(arcs[len(arcs) // 3 : 2 * len(arcs) // 3])
    assert closed
    cut = reference(hanoi.graph, closed)
    for s, t in pairs:
        assert hanoi.fastest(s, t).seconds == pytest.approx(nx_seconds(plain, s, t))
        with_closures = hanoi.fastest(s, t, closed)
        assert with_closures.seconds == pytest.approx(nx_seconds(cut, s, t))
        assert not closed.intersection(with_closures.arcs)


def test_hanoi_routes_match_the_distances_the_data_readme_gives(
    event: Event, hanoi: Router
) -> None:
    palace = (21.0228, 105.8443)
    metropole = (21.0257, 105.8560)
    source, _ = hanoi.snap(palace)
    target, _ = hanoi.snap(metropole)
    found = hanoi.fastest(source, target)
    assert 1800 < found.metres < 2700
    assert found.arcs and hanoi.way_ids(found)


def test_route_respects_one_way_streets(grid_network: RoadNetwork, event: Event) -> None:
    # Right (3→6→9) is one-way north: going south from 9 to 3 must go round.
    _r, north = route(node_position(3), node_position(9), event=event)
    _r, south = route(node_position(9), node_position(3), event=event)
    assert north[0].metres == pytest.approx(222, abs=5)
    assert south[0].metres > 400


def test_route_starts_on_the_nearest_road_segment_and_reports_ways(
    grid_network: RoadNetwork, event: Event
) -> None:
    # A quarter of the way along Main A from 1 to 2, about 11 m north of it: nearer Main A than
    # the junction at 1, so the trip starts on Main A there and drives three quarters of 1–2.
    quarter = (21.0201, 105.84025)
    router, routes = route(quarter, node_position(3), event=event)
    best = routes[0]
    assert router.way_ids(best) == [100]
    assert 10 < best.snap_m[0] < 12 and best.snap_m[1] == pytest.approx(0, abs=0.01)
    whole = float(router.graph.length_m[best.arcs[1]])
    assert best.metres == pytest.approx(1.75 * whole, rel=0.01)
    assert best.start == pytest.approx((21.020, 105.84025), abs=1e-6)
    # Main A has maxspeed 50, and the seconds are those every other part of Garrison uses.
    assert best.seconds == pytest.approx(best.metres / (50 / 3.6), rel=0.01)
    assert best.seconds == travel_time(quarter, node_position(3), event=event)
    assert float(best.arc_ms(router.graph).sum()) / 1000 == pytest.approx(best.seconds, abs=0.002)


def test_closures_apply_only_inside_their_window(grid_network: RoadNetwork, event: Event) -> None:
    closures = [
        ClosedSegment(100, 1, 2, T0, T0 + dt.timedelta(minutes=30)),
        ClosedSegment(100, 2, 3, T0, T0 + dt.timedelta(minutes=30)),
    ]
    a, b = node_position(1), node_position(3)
    open_time = travel_time(a, b, T0 - dt.timedelta(minutes=1), event=event, closures=closures)
    closed_time = travel_time(a, b, T0 + dt.timedelta(minutes=5), event=event, closures=closures)
    after = travel_time(a, b, T0 + dt.timedelta(minutes=30), event=event, closures=closures)
    assert open_time == after
    assert closed_time > open_time
    router, routes = route(a, b, T0 + dt.timedelta(minutes=5), event=event, closures=closures)
    assert 100 not in router.way_ids(routes[0])


def test_a_destination_cut_off_by_closures_has_no_route(
    grid_network: RoadNetwork, event: Event
) -> None:
    around_3 = [
        ClosedSegment(100, 2, 3, T0, T0 + dt.timedelta(hours=1)),
        ClosedSegment(103, 6, 3, T0, T0 + dt.timedelta(hours=1)),
    ]
    # Node 3 can only be entered from 2 (Main A) or … nothing else: Right leaves it northwards.
    seconds = travel_time(node_position(1), node_position(3), T0, event=event, closures=around_3)
    assert seconds == math.inf


def test_alternatives_differ_from_the_fastest(grid_network: RoadNetwork, event: Event) -> None:
    _router, routes = route(node_position(1), node_position(9), event=event, alternatives=2)
    assert len(routes) >= 2
    assert routes[1].arcs != routes[0].arcs
    assert routes[1].seconds >= routes[0].seconds


def test_points_far_from_every_road_are_refused(grid_network: RoadNetwork, event: Event) -> None:
    with pytest.raises(DomainError) as caught:
        travel_time((21.0, 105.0), node_position(3), event=event)
    assert caught.value.code == "off_network"
    with pytest.raises(DomainError, match="from the nearest road"):
        travel_time((21.0270, 105.8360), node_position(3), event=event)


def test_an_event_without_a_network_is_told_to_import_one(event: Event) -> None:
    with pytest.raises(DomainError, match="Import one first"):
        travel_time(node_position(1), node_position(3), event=event)


def test_route_command_prints_seconds_metres_and_ways(
    grid_network: RoadNetwork, event: Event
) -> None:
    out = io.StringIO()
    call_command(
        "route",
        "21.0200,105.8400",
        "21.0200,105.8420",
        "--event",
        event.slug,
        "--at",
        "2026-12-01T07:15",
        stdout=out,
    )
    text = out.getvalue()
    assert "seconds: 14.9" in text
    assert "metres: 208" in text
    assert "ways: 100" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["21.02", "21.02,105.84"], "expected LAT,LON"),
        (["91,105.84", "21.02,105.84"], "out of range"),
        (["21.02,105.84", "21.02,105.842", "--at", "soon"], "ISO 8601"),
        (["21.02,105.84", "21.5,105.84"], "outside every road network"),
    ],
)
def test_route_command_explains_bad_input(
    grid_network: RoadNetwork, event: Event, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("route", *args, "--event", event.slug)

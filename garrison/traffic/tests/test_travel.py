"""The public travel calls: segment snapping, one to many, closures from the database, turns."""

from __future__ import annotations

import datetime as dt
import math
import random
from pathlib import Path

import pytest

from garrison.events.models import Event
from garrison.traffic.models import Closure, RoadNetwork
from garrison.traffic.routing.osm import haversine_m
from garrison.traffic.routing.paths import route
from garrison.traffic.routing.router import router_for
from garrison.traffic.routing.services import import_network
from garrison.traffic.routing.travel import travel_time, travel_times
from garrison.traffic.tests.fixtures import Relation, node_position, write_osm
from garrison.traffic.tests.hanoi import hanoi_network

T0 = dt.datetime(2026, 12, 1, 7, 0, tzinfo=dt.UTC)
BETWEEN_1_AND_2 = (21.020, 105.8405)  # on Main A, halfway from node 1 to node 2
ON_RIGHT = (21.0205, 105.842)  # on Right (one-way 3 → 6), halfway


def test_a_point_between_junctions_starts_where_it_stands(
    grid_network: RoadNetwork, event: Event
) -> None:
    whole = travel_time(node_position(1), node_position(3), event=event)
    assert travel_time(BETWEEN_1_AND_2, node_position(3), event=event) == pytest.approx(
        whole * 0.75, rel=0.01
    )
    assert travel_time(node_position(3), BETWEEN_1_AND_2, event=event) == pytest.approx(
        whole * 0.75, rel=0.01
    )
    # A few metres off the road still enters at the projection, not at a junction.
    beside = (21.02004, 105.8405)
    assert travel_time(beside, node_position(3), event=event) == pytest.approx(whole * 0.75, 0.01)
    # Both on the same stretch: along it, nothing else.
    quarter = (21.020, 105.84025)
    assert travel_time(quarter, BETWEEN_1_AND_2, event=event) == pytest.approx(whole / 8, 0.02)


def test_a_one_way_stretch_is_not_driven_backwards_from_the_snapped_point(
    grid_network: RoadNetwork, event: Event
) -> None:
    forwards = travel_time(ON_RIGHT, node_position(6), event=event)
    backwards = travel_time(ON_RIGHT, node_position(3), event=event)
    half = travel_time(node_position(3), node_position(6), event=event) / 2
    assert forwards == pytest.approx(half, abs=0.001)  # whole milliseconds
    assert backwards > 5 * forwards  # round by 6 → 5 → 2 → 3


def test_travel_times_match_travel_time_both_ways_on_the_grid(
    grid_network: RoadNetwork, event: Event
) -> None:
    points = [node_position(n) for n in range(1, 10)] + [BETWEEN_1_AND_2, ON_RIGHT]
    for origin in points:
        out = travel_times(origin, points, event=event)
        back = travel_times(origin, points, event=event, to_origin=True)
        for point, there, home in zip(points, out, back, strict=True):
            assert there.seconds == pytest.approx(travel_time(origin, point, event=event))
            assert home.seconds == pytest.approx(travel_time(point, origin, event=event))
    far = travel_times(node_position(1), [(21.0, 105.0), node_position(3)], event=event)
    assert not far[0].on_network and math.isinf(far[0].seconds)
    assert far[1].on_network and far[1].metres == pytest.approx(208, abs=3)


def test_closures_stored_for_the_event_apply_at_once_and_lift_at_once(
    grid_network: RoadNetwork, event: Event
) -> None:
    a, b = node_position(1), node_position(3)
    free = travel_time(a, b, T0, event=event)
    closure = Closure.objects.create(
        event=event,
        network=grid_network,
        source="hand",
        segments=[[100, 1, 2], [100, 2, 1]],
        starts_at=T0 - dt.timedelta(minutes=5),
        ends_at=T0 + dt.timedelta(minutes=30),
    )
    closed = travel_time(a, b, T0, event=event)
    assert closed > free
    assert travel_time(a, b, T0 + dt.timedelta(minutes=30), event=event) == free
    assert travel_times(a, [b], T0, event=event)[0].seconds == pytest.approx(closed)
    closure.delete()
    assert travel_time(a, b, T0, event=event) == free


def test_one_to_many_on_hanoi_matches_point_to_point_with_closures(event: Event) -> None:
    network = hanoi_network(event)
    router = router_for(network)
    g = router.graph
    rng = random.Random(15)
    nodes = [rng.randrange(g.node_count) for _ in range(25)]
    arcs = router.fastest(nodes[0], nodes[1]).arcs
    Closure.objects.create(
        event=event,
        network=network,
        source="hand",
        segments=[
            [int(g.way[x]), int(g.node_osm[g.tail[x]]), int(g.node_osm[g.head[x]])]
            for x in arcs[len(arcs) // 3 : 2 * len(arcs) // 3]
        ],
        starts_at=T0,
        ends_at=T0 + dt.timedelta(hours=1),
    )
    points = [
        (float(g.lat[n]) + rng.uniform(-2e-4, 2e-4), float(g.lon[n]) + rng.uniform(-2e-4, 2e-4))
        for n in nodes
    ]
    at = T0 + dt.timedelta(minutes=10)
    origin = points[0]
    for to_origin in (False, True):
        trips = travel_times(origin, points[1:], at, event=event, to_origin=to_origin)
        for point, trip in zip(points[1:], trips, strict=True):
            a, b = (point, origin) if to_origin else (origin, point)
            assert trip.seconds == pytest.approx(travel_time(a, b, at, event=event), rel=1e-9)
            if math.isfinite(trip.seconds):
                # A route is never shorter than the straight line (less what snapping moved).
                assert trip.metres > haversine_m(a[0], a[1], b[0], b[1]) - 60


# --- Turn restrictions ---------------------------------------------------------------------------


def _restricted(tmp_path: Path, event: Event, *relations: Relation) -> RoadNetwork:
    return import_network(event, write_osm(tmp_path, "turns.osm", relations=list(relations)))


def _turns_at_2(network: RoadNetwork, event: Event) -> list[int]:
    router, routes = route(node_position(1), node_position(8), event=event)
    return [int(router.graph.node_osm[n]) for n in routes[0].nodes]


@pytest.mark.parametrize(
    ("tags", "to_way"),
    [
        ({"type": "restriction", "restriction": "no_left_turn"}, 104),
        ({"type": "restriction", "restriction": "only_straight_on"}, 100),
        ({"type": "restriction", "restriction:motorcar": "no_left_turn"}, 104),
    ],
)
def test_osm_turn_restrictions_are_kept_and_routes_obey_them(
    tmp_path: Path, event: Event, tags: dict[str, str], to_way: int
) -> None:
    free = import_network(event, write_osm(tmp_path, "free.osm"), name="free")
    free_path = _turns_at_2(free, event)
    assert free_path[:3] == [1, 2, 5]  # the fastest way from 1 to 8 turns north at 2
    free_time = travel_time(node_position(1), node_position(8), event=event)
    free.delete()
    members = [("way", 100, "from"), ("node", 2, "via"), ("way", to_way, "to")]
    network = _restricted(tmp_path, event, (1, tags, members))
    expected = tags.get("restriction:motorcar") or tags["restriction"]
    assert network.restrictions == [[expected, 100, 2, to_way]]
    assert network.report["turn_restrictions"] == 1
    path = _turns_at_2(network, event)
    assert path[:3] != [1, 2, 5] and path[-1] == 8
    assert travel_time(node_position(1), node_position(8), event=event) > free_time
    # Starting at the junction itself, the turn is no turn at all.
    _router, from_2 = route(node_position(2), node_position(8), event=event)
    assert [int(_router.graph.node_osm[n]) for n in from_2[0].nodes] == [2, 5, 8]


def test_restrictions_for_others_via_ways_and_unknown_kinds_are_skipped(
    tmp_path: Path, event: Event
) -> None:
    turn = [("way", 100, "from"), ("node", 2, "via"), ("way", 104, "to")]
    via_way = ("way", 105, "via")
    network = _restricted(
        tmp_path,
        event,
        (1, {"type": "restriction", "restriction": "no_left_turn", "except": "motorcar"}, turn),
        (2, {"type": "restriction", "restriction": "no_left_turn"}, [turn[0], via_way, turn[2]]),
        (3, {"type": "restriction", "restriction": "give_way"}, turn),
        (4, {"type": "multipolygon"}, turn),
    )
    assert network.restrictions == []
    assert _turns_at_2(network, event)[:3] == [1, 2, 5]

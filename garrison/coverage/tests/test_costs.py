"""Road costs for placements equal traffic's own travel times, candidate → demand point."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from garrison.core.errors import DomainError
from garrison.coverage.costs import road_costs
from garrison.events.models import Event
from garrison.traffic.routing.services import import_network
from garrison.traffic.routing.travel import travel_time
from garrison.traffic.tests.fixtures import node_position, write_osm


def test_road_costs_equal_travel_times_and_mark_the_unreachable(
    event: Event, tmp_path: Path
) -> None:
    import_network(event, write_osm(tmp_path))
    demand = [(f"d{n}", node_position(n)) for n in (1, 5, 9, 11)]
    candidates = [(f"c{n}", node_position(n)) for n in (3, 7)]

    costs = road_costs(event, demand, candidates)

    for d_id, d_point in demand[:3]:
        for c_id, c_point in candidates:
            expected = travel_time(c_point, d_point, event=event)
            assert costs[d_id][c_id] == pytest.approx(expected)
    assert costs["d9"]["c3"] > 0  # 3 → 9 is one-way the right way; 9 → 3 would be longer
    assert all(math.isinf(costs["d11"][c]) for c in ("c3", "c7"))  # the island


def test_a_point_far_from_every_road_is_named(event: Event, tmp_path: Path) -> None:
    import_network(event, write_osm(tmp_path))
    with pytest.raises(DomainError) as caught:
        road_costs(event, [("stray", (21.0205, 105.8600))], [("c1", node_position(1))])
    assert caught.value.code == "off_network"
    assert "stray" in str(caught.value.message)

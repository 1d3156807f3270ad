"""The disruption estimate: seeded, zero without closures, more with them; routes compared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Membership, User
from garrison.events.models import Event
from garrison.traffic.closures import disruption
from garrison.traffic.closures.plans import compare_routes, event_estimates
from garrison.traffic.closures.services import close_along_route, draw_closure
from garrison.traffic.models import Closure, ClosureSource, RoadNetwork
from garrison.traffic.routing.router import ClosedSegment, router_for
from garrison.traffic.tests.fixtures import node_position
from garrison.traffic.tests.test_closures import movement

Member = Callable[[User, Event], Membership]
T0 = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


def main_a_closed(hours: int = 1) -> list[ClosedSegment]:
    end = T0 + dt.timedelta(hours=hours)
    return [ClosedSegment(100, a, b, T0, end) for a, b in ((1, 2), (2, 1), (2, 3), (3, 2))]


def test_the_estimate_is_seeded_and_zero_without_closures(grid_network: RoadNetwork) -> None:
    router = router_for(grid_network)
    tz = dt.UTC
    none = disruption.estimate(router, [], tz, trips=300)
    assert none.total_hours == 0 and none.affected == 0 and none.per_hour == []
    first = disruption.estimate(router, main_a_closed(), tz, trips=300, seed=1)
    again = disruption.estimate(router, main_a_closed(), tz, trips=300, seed=1)
    assert first.total_hours > 0 and first.affected > 0
    assert (first.total_hours, first.affected, first.worst) == (
        again.total_hours,
        again.affected,
        again.worst,
    )
    assert [row["hour"].hour for row in first.per_hour] == [8]
    assert first.worst[0]["extra_minutes"] >= first.worst[-1]["extra_minutes"]


def test_a_longer_closure_costs_more_and_the_hours_add_up(grid_network: RoadNetwork) -> None:
    router = router_for(grid_network)
    short = disruption.estimate(router, main_a_closed(1), dt.UTC, trips=300)
    long = disruption.estimate(router, main_a_closed(3), dt.UTC, trips=300)
    assert long.total_hours > short.total_hours
    assert len(long.per_hour) == 3
    assert round(sum(r["minutes"] for r in long.per_hour) / 60, 1) == long.total_hours


def test_trips_crossing_a_closure_are_recosted_exactly_as_dijkstra_says(
    grid_network: RoadNetwork,
) -> None:
    router = router_for(grid_network)
    sample = disruption.sample_trips(router, 200, 3)
    closed = router.closed_arcs(main_a_closed(), T0)
    extra = disruption.recost(router, sample, closed)
    weights = router.weights(closed)
    for i in range(sample.count):
        expected = router.dijkstra(int(sample.source[i]), int(sample.target[i]), weights).seconds
        assert extra[i] + sample.base_s[i] == expected or (
            abs(extra[i] + sample.base_s[i] - expected) < 1e-6
        )


def test_the_plan_estimate_and_route_comparison_recommend_the_least_disruptive(
    event: Event, grid_network: RoadNetwork, planner: User, membership_of: Member
) -> None:
    member = membership_of(planner, event)
    planned = movement(event, member)
    close_along_route(member, planned)
    at = planned.departs_at
    draw_closure(member, [node_position(4), node_position(6)], at, at + dt.timedelta(hours=1), "W")
    [(network, estimate)] = event_estimates(event, trips=300)
    assert network == grid_network and estimate.total_hours > 0
    candidates, best = compare_routes(planned, trips=300)
    assert len(candidates) == len(planned.route["routes"])
    assert best is not None and best.meets_constraints
    allowed = [c for c in candidates if c.meets_constraints]
    assert best.estimate.total_hours == min(c.estimate.total_hours for c in allowed)


def test_planner_compares_routes_in_one_click_and_bad_numbers_are_refused(
    event: Event,
    grid_network: RoadNetwork,
    planner: User,
    membership_of: Member,
    client_for: Callable[[User], Client],
) -> None:
    planned = movement(event, membership_of(planner, event))
    client = client_for(planner)
    url = reverse("traffic:movement_compare", kwargs={"event": event.slug, "pk": planned.pk})
    page = client.get(url, {"trips": 300})
    assert page.status_code == 200
    assert 'data-testid="recommendation"' in page.content.decode()
    assert client.get(url, {"trips": "many"}).status_code == 400
    assert client.get(url, {"trips": 10}).status_code == 400
    impact = client.get(reverse("traffic:disruption", kwargs={"event": event.slug}))
    assert impact.status_code == 200


def test_the_impact_page_of_a_network_without_roads_says_nothing_is_delayed(
    event: Event, planner: User, client_for: Callable[[User], Client]
) -> None:
    # An import that found no roads leaves an empty network; its closures delay nobody.
    network = RoadNetwork.objects.create(
        event=event,
        name="empty",
        source="empty.osm",
        imported_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        min_lat=21.0,
        min_lon=105.8,
        max_lat=21.1,
        max_lon=105.9,
    )
    Closure.objects.create(
        event=event,
        network=network,
        source=ClosureSource.HAND,
        street="Nowhere street",
        starts_at=dt.datetime(2026, 12, 1, 7, 0, tzinfo=event.tzinfo),
        ends_at=dt.datetime(2026, 12, 1, 7, 30, tzinfo=event.tzinfo),
    )
    page = client_for(planner).get(reverse("traffic:disruption", kwargs={"event": event.slug}))
    assert page.status_code == 200

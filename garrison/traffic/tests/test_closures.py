"""Closures: from a movement's route with lead and clear times, or drawn by hand; routing honours
them in their windows; detours go round and never use a segment closed in the window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Membership, User
from garrison.audit.models import Entry
from garrison.core.errors import DomainError
from garrison.core.models import LiveEvent
from garrison.events.models import Event, Site, SiteKind
from garrison.traffic.closures.services import close_along_route, draw_closure, remove_closure
from garrison.traffic.closures.stretches import parse_points
from garrison.traffic.models import Closure, Movement, RoadNetwork
from garrison.traffic.movements.services import MovementData, plan_movement
from garrison.traffic.routing.paths import route
from garrison.traffic.routing.router import closures_for
from garrison.traffic.routing.travel import travel_time
from garrison.traffic.tests.fixtures import node_position

Member = Callable[[User, Event], Membership]


def movement(event: Event, member: Membership, a: int = 1, b: int = 9) -> Movement:
    sites = [
        Site.objects.create(
            event=event,
            name=f"Site {n}",
            kind=SiteKind.HOTEL,
            lat=node_position(n)[0],
            lon=node_position(n)[1],
        )
        for n in (a, b)
    ]
    departs = dt.datetime(2026, 12, 1, 7, 15, tzinfo=event.tzinfo)
    data = MovementData("Morning", sites[0].pk, sites[1].pk, departs, vehicles=5)
    return plan_movement(member, data)


def segments_of_window(closures: list[Closure], at: dt.datetime) -> set[tuple[int, int, int]]:
    return {(w, a, b) for c in closures if c.starts_at <= at < c.ends_at for w, a, b in c.segments}


def test_closing_along_a_route_closes_each_street_from_lead_before_to_clear_after(
    event: Event, grid_network: RoadNetwork, planner: User, membership_of: Member
) -> None:
    member = membership_of(planner, event)
    planned = movement(event, member)
    made = close_along_route(member, planned, lead_minutes=5, clear_minutes=2)
    best = planned.route["routes"][0]
    assert len(made) >= 2
    assert made[0].starts_at == planned.departs_at - dt.timedelta(minutes=5)
    arrival = planned.departs_at + dt.timedelta(seconds=best["seconds"])
    # The convoy's tail (5 vehicles × 4 s) passes after its head; then 2 minutes to clear.
    expected = arrival + dt.timedelta(seconds=20, minutes=2)
    assert abs(made[-1].ends_at - expected) < dt.timedelta(seconds=1)
    closed = {tuple(s) for c in made for s in c.segments}
    assert {tuple(s) for s in best["segments"]} <= closed
    assert all(c.starts_at < c.ends_at for c in made)
    assert [c.starts_at for c in made] == sorted(c.starts_at for c in made)
    assert Entry.objects.filter(action="traffic.closures.planned").count() == 1
    assert LiveEvent.objects.filter(kind="traffic.closures.planned").exists()
    # Planning again replaces, it does not pile up.
    again = close_along_route(member, planned, lead_minutes=10, clear_minutes=0)
    assert Closure.objects.filter(movement=planned).count() == len(again)
    assert again[0].starts_at == planned.departs_at - dt.timedelta(minutes=10)


def test_routing_honours_closures_only_inside_their_windows(
    event: Event, grid_network: RoadNetwork, planner: User, membership_of: Member
) -> None:
    member = membership_of(planner, event)
    planned = movement(event, member)
    close_along_route(member, planned)
    assert closures_for(event)
    start, end = node_position(1), node_position(9)
    free = travel_time(start, end, planned.departs_at - dt.timedelta(hours=1), event=event)
    assert free == pytest.approx(planned.route["routes"][0]["seconds"], abs=0.2)
    router, found = route(start, end, planned.departs_at, event=event)
    closed = segments_of_window(list(Closure.objects.all()), planned.departs_at)
    g = router.graph
    used = {
        (int(g.way[a]), int(g.node_osm[g.tail[a]]), int(g.node_osm[g.head[a]]))
        for a in found[0].arcs
    }
    assert not used & closed
    assert found[0].seconds > free or not found[0].reachable


def test_detours_go_round_and_never_use_a_segment_closed_in_the_window(
    event: Event, grid_network: RoadNetwork, planner: User, membership_of: Member
) -> None:
    member = membership_of(planner, event)
    at = dt.datetime(2026, 12, 1, 9, 0, tzinfo=event.tzinfo)
    middle = draw_closure(
        member, [node_position(2), node_position(8)], at, at + dt.timedelta(hours=1), "Works"
    )
    left = draw_closure(
        member,
        [node_position(1), node_position(7)],
        at + dt.timedelta(minutes=30),
        at + dt.timedelta(hours=2),
        "Parade",
    )
    middle.refresh_from_db()
    along = middle.detours[0]
    assert along["found"] and along["extra_seconds"] >= 0
    detour = {tuple(s) for s in along["segments"]}
    # Left (1–4–7) is closed for part of Middle's window, so the detour must avoid it too.
    assert not detour & {tuple(s) for s in middle.segments + left.segments}
    assert middle.street == "Middle"
    assert Entry.objects.filter(action="traffic.closure.drawn").count() == 2


def test_removing_a_closure_refreshes_the_others_detours(
    event: Event, grid_network: RoadNetwork, planner: User, membership_of: Member
) -> None:
    member = membership_of(planner, event)
    at = dt.datetime(2026, 12, 1, 9, 0, tzinfo=event.tzinfo)
    window = (at, at + dt.timedelta(hours=1))
    middle = draw_closure(member, [node_position(2), node_position(8)], *window, "Works")
    right = draw_closure(member, [node_position(3), node_position(9)], *window, "Works")
    remove_closure(member, right)
    middle.refresh_from_db()
    assert not Closure.objects.filter(pk=right.pk).exists()
    assert Entry.objects.filter(action="traffic.closure.removed").count() == 1
    assert middle.detours[0]["found"]


@pytest.mark.parametrize(
    ("points", "hours", "code"),
    [
        ("21.020,105.840;21.022,105.842", -1, "window_order"),
        ("21.020,105.840", 1, "bad_points"),
        ("21.020,105.840;north", 1, "bad_points"),
        ("21.020,105.840;95,105.84", 1, "bad_points"),
        ("21.020,105.840;21.5,105.84", 1, "off_network"),
    ],
)
def test_bad_hand_drawn_closures_are_refused_and_nothing_is_stored(
    event: Event,
    grid_network: RoadNetwork,
    planner: User,
    membership_of: Member,
    points: str,
    hours: int,
    code: str,
) -> None:
    at = dt.datetime(2026, 12, 1, 9, 0, tzinfo=event.tzinfo)
    with pytest.raises(DomainError) as caught:
        draw_closure(
            membership_of(planner, event),
            parse_points(points),
            at,
            at + dt.timedelta(hours=hours),
            "Works",
        )
    assert caught.value.code == code
    assert not Closure.objects.exists()


def test_lead_and_clear_times_out_of_range_are_refused(
    event: Event, grid_network: RoadNetwork, planner: User, membership_of: Member
) -> None:
    member = membership_of(planner, event)
    planned = movement(event, member)
    with pytest.raises(DomainError) as caught:
        close_along_route(member, planned, lead_minutes=-1)
    assert caught.value.field == "lead"
    with pytest.raises(DomainError):
        close_along_route(member, planned, route_index=7)
    assert not Closure.objects.exists()


def test_a_viewer_cannot_close_roads(
    event: Event,
    grid_network: RoadNetwork,
    planner: User,
    viewer: User,
    membership_of: Member,
) -> None:
    planned = movement(event, membership_of(planner, event))
    with pytest.raises(DomainError) as caught:
        close_along_route(membership_of(viewer, event), planned)
    assert caught.value.status == 403


def test_planner_closes_from_the_movement_page_and_sees_the_timeline(
    event: Event,
    grid_network: RoadNetwork,
    planner: User,
    membership_of: Member,
    client_for: Callable[[User], Client],
) -> None:
    planned = movement(event, membership_of(planner, event))
    client = client_for(planner)
    page = client.get(reverse("traffic:movement", kwargs={"event": event.slug, "pk": planned.pk}))
    assert "Plan closures" in page.content.decode()
    response = client.post(
        reverse("traffic:movement_close", kwargs={"event": event.slug, "pk": planned.pk}),
        {"route": 0, "lead": 5, "clear": 2, "reason": "Delegation"},
    )
    assert response.status_code == 302
    listing = client.get(reverse("traffic:closures", kwargs={"event": event.slug}))
    text = listing.content.decode()
    assert "timeline-bar" in text and "closures-map-data" in text
    assert "07:10" in text
    bad = client.post(
        reverse("traffic:movement_close", kwargs={"event": event.slug, "pk": planned.pk}),
        {"route": 0, "lead": "soon", "clear": 2},
    )
    assert bad.status_code == 400


def test_planner_draws_a_closure_from_the_form(
    event: Event, grid_network: RoadNetwork, planner: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(planner)
    url = reverse("traffic:closure_draw", kwargs={"event": event.slug})
    data = {
        "points": "21.021000,105.840000;21.021000,105.842000",
        "starts_at": "2026-12-01T09:00",
        "ends_at": "2026-12-01T08:00",
        "reason": "Works",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "must end after it starts" in refused.content.decode()
    data["ends_at"] = "2026-12-01T10:00"
    assert client.post(url, data).status_code == 302
    closure = Closure.objects.get()
    assert closure.starts_at == dt.datetime(2026, 12, 1, 9, 0, tzinfo=event.tzinfo)
    delete = reverse("traffic:closure_delete", kwargs={"event": event.slug, "pk": closure.pk})
    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302
    assert not Closure.objects.exists()

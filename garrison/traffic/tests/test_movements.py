"""Convoy movements: planning routes them; the pages show the route and its alternatives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Membership, User
from garrison.audit.models import Entry
from garrison.core.errors import DomainError
from garrison.events.models import Event, Site, SiteKind
from garrison.traffic.models import Movement, RoadNetwork
from garrison.traffic.movements.services import MovementData, plan_movement
from garrison.traffic.tests.fixtures import node_position

Member = Callable[[User, Event], Membership]


def site(event: Event, name: str, node: int) -> Site:
    lat, lon = node_position(node)
    return Site.objects.create(event=event, name=name, kind=SiteKind.HOTEL, lat=lat, lon=lon)


def data(event: Event, a: Site, b: Site, name: str = "Morning") -> MovementData:
    departs = dt.datetime(2026, 12, 1, 7, 15, tzinfo=event.tzinfo)
    return MovementData(name=name, origin_id=a.pk, destination_id=b.pk, departs_at=departs)


def test_planning_a_movement_stores_its_route_and_alternatives(
    event: Event, grid_network: RoadNetwork, planner: User, membership_of: Member
) -> None:
    hotel, venue = site(event, "Hotel", 1), site(event, "Venue", 9)
    movement = plan_movement(membership_of(planner, event), data(event, hotel, venue))
    routes = movement.route["routes"]
    assert len(routes) >= 2
    best = routes[0]
    assert best["metres"] > 400
    assert best["line"][0][:2] == [21.02, 105.84]
    assert best["line"][-1][2] == pytest.approx(best["seconds"], abs=0.2)
    assert best["segments"][0][0] in best["ways"]
    assert Entry.objects.filter(action="traffic.movement.planned").count() == 1


def test_a_movement_with_no_possible_route_is_refused_and_not_stored(
    event: Event, grid_network: RoadNetwork, planner: User, membership_of: Member
) -> None:
    hotel = site(event, "Hotel", 1)
    island = Site.objects.create(
        event=event, name="Island", kind=SiteKind.VENUE, lat=21.030, lon=105.850
    )
    with pytest.raises(DomainError) as caught:
        plan_movement(membership_of(planner, event), data(event, hotel, island))
    assert caught.value.code == "no_route"
    assert not Movement.objects.exists()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"name": " "}, "required"),
        ({"vehicles": 0}, "out_of_range"),
        ({"destination_id": "origin"}, "same_site"),
        ({"origin_id": 999_999}, "invalid_choice"),
    ],
)
def test_bad_movements_are_refused(
    event: Event,
    grid_network: RoadNetwork,
    planner: User,
    membership_of: Member,
    change: dict[str, object],
    code: str,
) -> None:
    hotel, venue = site(event, "Hotel", 1), site(event, "Venue", 9)
    movement = data(event, hotel, venue)
    for key, value in change.items():
        setattr(movement, key, hotel.pk if value == "origin" else value)
    with pytest.raises(DomainError) as caught:
        plan_movement(membership_of(planner, event), movement)
    assert caught.value.code == code


def test_a_viewer_cannot_plan_movements(
    event: Event, grid_network: RoadNetwork, viewer: User, membership_of: Member
) -> None:
    hotel, venue = site(event, "Hotel", 1), site(event, "Venue", 9)
    with pytest.raises(DomainError) as caught:
        plan_movement(membership_of(viewer, event), data(event, hotel, venue))
    assert caught.value.status == 403


def test_planner_plans_from_the_form_and_sees_the_route_page(
    event: Event, grid_network: RoadNetwork, planner: User, client_for: Callable[[User], Client]
) -> None:
    hotel, venue = site(event, "Hotel", 1), site(event, "Venue", 9)
    client = client_for(planner)
    url = reverse("traffic:movement_create", kwargs={"event": event.slug})
    response = client.post(
        url,
        {
            "name": "Morning",
            "origin": hotel.pk,
            "destination": venue.pk,
            "departs_at": "2026-12-01T07:15",
            "vehicles": 4,
            "escort": "Traffic police",
            "notes": "",
        },
    )
    movement = Movement.objects.get()
    assert response.status_code == 302
    assert movement.departs_at == dt.datetime(2026, 12, 1, 7, 15, tzinfo=event.tzinfo)
    page = client.get(reverse("traffic:movement", kwargs={"event": event.slug, "pk": movement.pk}))
    text = page.content.decode()
    assert "movement-map-data" in text
    assert "Main A" in text or "Left" in text
    assert "© OpenStreetMap contributors" in text
    listing = client.get(reverse("traffic:movements", kwargs={"event": event.slug}))
    assert "Morning" in listing.content.decode()


def test_the_form_shows_a_routing_failure_as_a_form_error(
    event: Event, grid_network: RoadNetwork, planner: User, client_for: Callable[[User], Client]
) -> None:
    hotel = site(event, "Hotel", 1)
    island = Site.objects.create(
        event=event, name="Island", kind=SiteKind.VENUE, lat=21.030, lon=105.850
    )
    response = client_for(planner).post(
        reverse("traffic:movement_create", kwargs={"event": event.slug}),
        {
            "name": "Nowhere",
            "origin": hotel.pk,
            "destination": island.pk,
            "departs_at": "2026-12-01T07:15",
            "vehicles": 1,
        },
    )
    assert response.status_code == 400
    assert "No road route" in response.content.decode()

"""Movements from or to any point picked on the map, through via points; departures outside
the event's phases need an explicit confirmation (form and API); closures drawn across days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Membership, User
from garrison.core.errors import DomainError
from garrison.events.models import Event, Phase, PhaseKind, Site, SiteKind
from garrison.traffic.closures.timeline import timeline, window_label
from garrison.traffic.models import Closure, ClosureSource, Movement, RoadNetwork
from garrison.traffic.movements.services import MapPoint, MovementData, plan_movement
from garrison.traffic.routing.travel import travel_time
from garrison.traffic.tests.fixtures import node_position

Member = Callable[[User, Event], Membership]
ClientFor = Callable[[User], Client]


def hotel(event: Event) -> Site:
    lat, lon = node_position(1)
    return Site.objects.create(event=event, name="Hotel", kind=SiteKind.HOTEL, lat=lat, lon=lon)


def departs(event: Event, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, 12, 1, 7, 15, tzinfo=event.tzinfo)


def with_phase(event: Event) -> Phase:
    return Phase.objects.create(
        event=event,
        kind=PhaseKind.DURING,
        name="Congress",
        starts_at=dt.datetime(2026, 11, 30, 6, 0, tzinfo=event.tzinfo),
        ends_at=dt.datetime(2026, 12, 3, 20, 0, tzinfo=event.tzinfo),
    )


def test_a_movement_from_a_site_to_a_picked_point_through_a_via_point_routes_and_saves(
    event: Event, grid_network: RoadNetwork, planner: User, membership_of: Member
) -> None:
    end = MapPoint(*node_position(9), label="Airport road")
    via = MapPoint(*node_position(7))  # no label: named after its street
    movement = plan_movement(
        membership_of(planner, event),
        MovementData(
            name="Airport run",
            origin_id=hotel(event).pk,
            destination_id=None,
            destination_point=end,
            via=[via],
            departs_at=departs(event),
        ),
    )
    movement.refresh_from_db()
    assert movement.destination is None
    assert movement.destination_label == "Airport road"
    assert movement.via[0]["label"].startswith("near ")
    line = movement.route["routes"][0]["line"]
    # It goes through the via point (node 7), which the direct route 1 → 9 need not.
    assert [round(p[0], 3) for p in line if p[:2] == list(node_position(7))]
    assert line[0][:2] == list(node_position(1)) and line[-1][:2] == list(node_position(9))
    assert len(movement.route["routes"]) == 1


def test_a_point_picked_mid_block_starts_the_convoy_there_at_the_same_time_as_dispatch(
    event: Event, grid_network: RoadNetwork, planner: User, membership_of: Member
) -> None:
    # A quarter of the way along Main A from 1 to 2, just off it: the convoy leaves from that
    # spot on Main A, not from junction 1 behind it, and takes the seconds travel_time gives.
    start = MapPoint(21.0201, 105.84025)
    movement = plan_movement(
        membership_of(planner, event),
        MovementData(
            name="From the kerb",
            origin_id=None,
            origin_point=start,
            destination_id=None,
            destination_point=MapPoint(*node_position(3), label="East gate"),
            departs_at=departs(event),
        ),
    )
    best = movement.route["routes"][0]
    assert best["line"][0][:2] == [21.02, 105.84025]
    assert best["line"][-1][:2] == list(node_position(3)) and best["ways"] == [100]
    assert movement.origin_label == "near Main A"
    assert best["seconds"] == round(
        travel_time((start.lat, start.lon), node_position(3), departs(event), event=event), 1
    )
    assert best["line"][-1][2] == pytest.approx(best["seconds"], abs=0.1)


def test_a_picked_point_outside_the_road_network_is_refused_with_a_clear_message(
    event: Event, grid_network: RoadNetwork, planner: User, membership_of: Member
) -> None:
    with pytest.raises(DomainError) as caught:
        plan_movement(
            membership_of(planner, event),
            MovementData(
                name="Too far",
                origin_id=hotel(event).pk,
                destination_id=None,
                destination_point=MapPoint(10.77, 106.70, "Saigon"),
                departs_at=departs(event),
            ),
        )
    assert caught.value.code == "off_network"
    assert caught.value.field == "destination"
    assert "Saigon" in str(caught.value.message) and "outside" in str(caught.value.message)
    assert not Movement.objects.exists()


def test_the_form_takes_map_points_and_refuses_one_off_the_network(
    event: Event, grid_network: RoadNetwork, planner: User, client_for: ClientFor
) -> None:
    client = client_for(planner)
    url = reverse("traffic:movement_create", kwargs={"event": event.slug})
    base = {"name": "Picked", "departs_at": "2026-12-01T07:15", "vehicles": 2}
    lat, lon = node_position(9)
    vlat, vlon = node_position(7)
    ok = client.post(
        url,
        {
            **base,
            "origin": hotel(event).pk,
            "destination_point": f"{lat}, {lon}",
            "destination_label": "Memorial",
            "via": f"{vlat}, {vlon}, Flower stall",
        },
    )
    assert ok.status_code == 302
    movement = Movement.objects.get()
    assert movement.via == [{"lat": vlat, "lon": vlon, "label": "Flower stall"}]
    page = client.get(ok["Location"]).content.decode()
    assert "Hotel → Flower stall → Memorial" in page
    refused = client.post(
        url, {**base, "name": "Far", "origin_point": "10.77, 106.70", "destination_point": "x"}
    )
    assert refused.status_code == 400
    assert "Pick the point on the map" in refused.content.decode()
    outside = client.post(
        url,
        {
            **base,
            "name": "Far",
            "origin_point": "10.77, 106.70",
            "destination_point": f"{lat}, {lon}",
        },
    )
    assert outside.status_code == 400
    assert "outside the event" in outside.content.decode()
    assert Movement.objects.count() == 1


def test_a_departure_outside_the_phases_needs_a_ticked_confirmation_on_the_form(
    event: Event, grid_network: RoadNetwork, planner: User, client_for: ClientFor
) -> None:
    with_phase(event)
    client = client_for(planner)
    url = reverse("traffic:movement_create", kwargs={"event": event.slug})
    lat, lon = node_position(9)
    body = {
        "name": "Typo",
        "origin": hotel(event).pk,
        "destination_point": f"{lat}, {lon}",
        "departs_at": "2030-12-01T07:15",
        "vehicles": 1,
    }
    first = client.post(url, body)
    text = first.content.decode()
    assert first.status_code == 400
    assert 'data-testid="outside-phases"' in text
    assert 'type="checkbox" name="confirm_outside_phases"' in text
    assert not Movement.objects.exists()
    confirmed = client.post(url, {**body, "confirm_outside_phases": "on"})
    assert confirmed.status_code == 302
    assert Movement.objects.get().departs_at.year == 2030
    # Inside the phases nothing is asked.
    inside = client.post(url, {**body, "name": "Fine", "departs_at": "2026-12-01T07:15"})
    assert inside.status_code == 302


def test_the_api_refuses_a_departure_outside_the_phases_unless_confirmed(
    event: Event, grid_network: RoadNetwork, planner: User, client_for: ClientFor
) -> None:
    with_phase(event)
    client = client_for(planner)
    url = f"/api/v1/traffic/{event.slug}/movements"
    lat, lon = node_position(9)
    body = {
        "name": "API typo",
        "origin_site_id": hotel(event).pk,
        "destination": {"lat": lat, "lon": lon, "label": "Memorial"},
        "departs_at": "2030-12-01T07:15:00+07:00",
    }
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 409
    assert refused.json()["code"] == "outside_phases"
    assert "phase" in refused.json()["message"]
    created = client.post(
        url, {**body, "confirm_outside_phases": True}, content_type="application/json"
    )
    assert created.status_code == 201
    assert created.json()["name"] == "API typo" and created.json()["seconds"] > 0
    far = client.post(
        url,
        {
            **body,
            "name": "Far",
            "destination": {"lat": 10.77, "lon": 106.7},
            "confirm_outside_phases": True,
        },
        content_type="application/json",
    )
    assert far.status_code == 400 and far.json()["code"] == "off_network"


def _closure(event: Event, network: RoadNetwork, start: dt.datetime, hours: float) -> Closure:
    return Closure.objects.create(
        event=event,
        network=network,
        source=ClosureSource.HAND,
        street="Main A",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
    )


def test_the_timeline_draws_closures_across_midnight_and_over_two_days(
    event: Event, grid_network: RoadNetwork, planner: User, client_for: ClientFor
) -> None:
    tz = event.tzinfo
    night = _closure(event, grid_network, dt.datetime(2026, 12, 1, 22, 0, tzinfo=tz), 4)
    later = _closure(event, grid_network, dt.datetime(2026, 12, 2, 18, 0, tzinfo=tz), 3)
    drawn = timeline([night, later], tz)
    first, second = drawn["rows"]
    assert first["left"] == 0 and first["width"] == pytest.approx(4 / 23 * 100, abs=0.01)
    assert second["left"] == pytest.approx(20 / 23 * 100, abs=0.01)
    assert second["left"] + second["width"] == pytest.approx(100, abs=0.01)
    assert first["label"] == "01/12 22:00 – 02/12 02:00"
    assert second["label"] == "02/12 18:00–21:00"
    ticks = drawn["ticks"]
    assert 3 <= len(ticks) <= 13
    assert all(0 <= t["left"] <= 100 for t in ticks)
    assert [t["left"] for t in ticks] == sorted(t["left"] for t in ticks)
    midnight = [t for t in ticks if t["midnight"]]
    assert [t["label"] for t in midnight] == ["02/12 00:00"]
    assert ticks[0]["label"].startswith("01/12")
    page = client_for(planner).get(reverse("traffic:closures", kwargs={"event": event.slug}))
    text = page.content.decode()
    assert "01/12 22:00 – 02/12 02:00" in text
    assert "02/12 00:00" in text


def test_a_window_ending_at_midnight_reads_24_00() -> None:
    tz = dt.timezone(dt.timedelta(hours=7))
    start = dt.datetime(2026, 12, 1, 21, 0, tzinfo=tz)
    assert window_label(start, start + dt.timedelta(hours=3), tz) == "01/12 21:00–24:00"


def test_traffic_pages_speak_the_users_words_not_internals(
    event: Event, grid_network: RoadNetwork, planner: User, client_for: ClientFor
) -> None:
    client = client_for(planner)
    lat, lon = node_position(9)
    client.post(
        reverse("traffic:movement_create", kwargs={"event": event.slug}),
        {
            "name": "Words",
            "origin": hotel(event).pk,
            "destination_point": f"{lat}, {lon}",
            "departs_at": "2026-12-01T07:15",
            "vehicles": 1,
        },
    )
    movement = Movement.objects.get()
    listing = client.get(reverse("traffic:movements", kwargs={"event": event.slug}))
    text = listing.content.decode()
    assert "largest connected share" not in text and "0.9" not in text
    assert "% of the road network is connected; 1 small piece is cut off" in text
    detail = client.get(
        reverse("traffic:movement", kwargs={"event": event.slug, "pk": movement.pk})
    )
    stops = detail.content.decode().split('class="stops"')[1].split("</ol>")[0]
    assert "105.84" not in stops and "21.02" not in stops
    assert "Main A" in stops or "Right" in stops
    compare = client.get(
        reverse("traffic:movement_compare", kwargs={"event": event.slug, "pk": movement.pk})
    ).content.decode()
    assert "Seed" not in compare and " s, " not in compare
    assert "<details" in compare

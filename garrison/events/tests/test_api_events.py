"""The events API: members read, planners write, other events' objects are 404."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from garrison.accounts.models import Membership, User
from garrison.audit.models import Entry
from garrison.events import services
from garrison.events.models import Event, Phase, Site, Zone

API = "/api/v1/events"

SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[105.84, 21.02], [105.85, 21.02], [105.85, 21.03], [105.84, 21.03], [105.84, 21.02]]
    ],
}
INNER = {
    "type": "Polygon",
    "coordinates": [
        [
            [105.842, 21.022],
            [105.845, 21.022],
            [105.845, 21.025],
            [105.842, 21.025],
            [105.842, 21.022],
        ]
    ],
}

ClientFor = Callable[[User], Client]
MembershipOf = Callable[[User, Event], Membership]


def send(client: Client, method: str, url: str, body: Any = None, **extra: Any) -> Any:
    data = json.dumps(body) if body is not None else None
    return getattr(client, method)(url, data=data, content_type="application/json", **extra)


@pytest.fixture
def site(event: Event, planner: User, membership_of: MembershipOf) -> Site:
    return services.create_site(
        membership_of(planner, event),
        services.SiteData(
            name="Conference centre", kind="venue", lat=21.0, lon=105.8, polygon=SQUARE
        ),
    )


@pytest.fixture
def zone(event: Event, planner: User, site: Site, membership_of: MembershipOf) -> Zone:
    return services.create_zone(
        membership_of(planner, event),
        services.ZoneData(
            site_id=site.pk, code="A1", name="Hall", polygon=INNER, access_level="restricted"
        ),
    )


@pytest.fixture
def phase(event: Event, planner: User, membership_of: MembershipOf) -> Phase:
    start = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)
    return services.create_phase(
        membership_of(planner, event),
        services.PhaseData("during", "Opening", start, start + dt.timedelta(hours=8)),
    )


@pytest.fixture
def foreign_site(other_event: Event, membership_of: MembershipOf) -> Site:
    from garrison.conftest import make_member

    boss = make_member(other_event, "planner", "planner-summit")
    return services.create_site(
        membership_of(boss, other_event),
        services.SiteData(name="Summit hall", kind="venue", lat=10.0, lon=106.0),
    )


# --- Events ---------------------------------------------------------------------------------------


def test_it_lists_only_the_callers_events(
    event: Event, other_event: Event, viewer: User, client_for: ClientFor
) -> None:
    response = client_for(viewer).get(f"{API}/")
    assert response.status_code == 200
    assert [(e["slug"], e["role"]) for e in response.json()] == [("congress", "viewer")]


def test_planner_patches_the_event_and_omitted_fields_stay(
    event: Event, planner: User, client_for: ClientFor
) -> None:
    response = send(client_for(planner), "patch", f"{API}/congress", {"name": "Congress 2026"})
    assert response.status_code == 200, response.content
    event.refresh_from_db()
    assert event.name == "Congress 2026"
    assert event.starts_on == dt.date(2026, 12, 1)
    assert Entry.objects.filter(action="events.event.updated").count() == 1


def test_viewer_cannot_patch_the_event(event: Event, viewer: User, client_for: ClientFor) -> None:
    response = send(client_for(viewer), "patch", f"{API}/congress", {"name": "Mine"})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    event.refresh_from_db()
    assert event.name == "Party congress"


def test_event_dates_in_wrong_order_are_refused_with_the_field(
    event: Event, planner: User, client_for: ClientFor
) -> None:
    response = send(client_for(planner), "patch", f"{API}/congress", {"ends_on": "2026-11-01"})
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_dates",
        "message": "The last day cannot be before the first day.",
        "field": "ends_on",
    }


def test_non_member_gets_404_for_an_existing_event(
    event: Event, outsider: User, client_for: ClientFor
) -> None:
    for url in (f"{API}/congress", f"{API}/congress/sites", f"{API}/nope"):
        response = client_for(outsider).get(url)
        assert response.status_code == 404, url
        assert response.json()["code"] == "not_found"


# --- Sites ----------------------------------------------------------------------------------------


def test_planner_creates_reads_updates_and_deletes_a_site(
    event: Event, planner: User, client_for: ClientFor
) -> None:
    client = client_for(planner)
    body = {"name": "Hotel Sen", "kind": "hotel", "lat": 21.03, "lon": 105.85, "polygon": None}
    created = send(client, "post", f"{API}/congress/sites", body)
    assert created.status_code == 201, created.content
    site_id = created.json()["id"]
    assert created.json()["kind"] == "hotel"

    listed = client.get(f"{API}/congress/sites").json()
    assert [s["name"] for s in listed] == ["Hotel Sen"]
    assert client.get(f"{API}/congress/sites/{site_id}").json()["lat"] == 21.03

    updated = send(
        client, "put", f"{API}/congress/sites/{site_id}", {**body, "address": "1 Lê Lợi"}
    )
    assert updated.status_code == 200
    assert Site.objects.get(pk=site_id).address == "1 Lê Lợi"

    deleted = client.delete(f"{API}/congress/sites/{site_id}")
    assert deleted.status_code == 204
    assert not Site.objects.filter(pk=site_id).exists()
    actions = list(Entry.objects.values_list("action", flat=True))
    assert actions == ["events.site.created", "events.site.updated", "events.site.deleted"]


def test_extra_fields_are_ignored_never_applied(
    event: Event, other_event: Event, planner: User, client_for: ClientFor
) -> None:
    body = {
        "name": "Venue",
        "kind": "venue",
        "lat": 21.0,
        "lon": 105.8,
        "event": other_event.pk,
        "event_id": other_event.pk,
        "id": 999,
    }
    response = send(client_for(planner), "post", f"{API}/congress/sites", body)
    assert response.status_code == 201
    site = Site.objects.get()
    assert site.event_id == event.pk
    assert site.pk != 999
    assert response.json()["id"] == site.pk


def test_viewer_cannot_write_sites(
    event: Event, viewer: User, site: Site, client_for: ClientFor
) -> None:
    client = client_for(viewer)
    body = {"name": "X", "kind": "venue", "lat": 1, "lon": 1}
    before = Entry.objects.count()
    assert send(client, "post", f"{API}/congress/sites", body).status_code == 403
    assert send(client, "put", f"{API}/congress/sites/{site.pk}", body).status_code == 403
    refused = client.delete(f"{API}/congress/sites/{site.pk}")
    assert refused.status_code == 403
    assert refused.json()["message"] == "Your role in this event does not allow this."
    assert Site.objects.filter(pk=site.pk, name="Conference centre").exists()
    assert Entry.objects.count() == before
    # Reading is for every member.
    assert client.get(f"{API}/congress/sites/{site.pk}").status_code == 200


def test_another_events_site_is_404_for_every_method(
    event: Event, planner: User, foreign_site: Site, client_for: ClientFor
) -> None:
    client = client_for(planner)
    url = f"{API}/congress/sites/{foreign_site.pk}"
    body = {"name": "Taken", "kind": "venue", "lat": 1, "lon": 1}
    assert client.get(url).status_code == 404
    assert send(client, "put", url, body).status_code == 404
    assert client.delete(url).status_code == 404
    foreign_site.refresh_from_db()
    assert foreign_site.name == "Summit hall"


def test_duplicate_site_name_is_409(
    event: Event, planner: User, site: Site, client_for: ClientFor
) -> None:
    body = {"name": "Conference centre", "kind": "venue", "lat": 1, "lon": 1}
    response = send(client_for(planner), "post", f"{API}/congress/sites", body)
    assert response.status_code == 409
    assert response.json()["field"] == "name"


def test_unknown_site_kind_is_422_with_the_choices(
    event: Event, planner: User, client_for: ClientFor
) -> None:
    body = {"name": "Camp", "kind": "barracks", "lat": 1, "lon": 1}
    response = send(client_for(planner), "post", f"{API}/congress/sites", body)
    assert response.status_code == 422
    error = response.json()
    assert error["code"] == "invalid" and error["field"] == "kind"
    assert "Unknown value" in error["message"] and "'hotel'" in error["message"]
    assert not Site.objects.exists()


def test_malformed_json_is_400(event: Event, planner: User, client_for: ClientFor) -> None:
    response = client_for(planner).post(
        f"{API}/congress/sites", data="{name: venue", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "malformed_body",
        "message": "The request body is not valid JSON.",
    }


def test_errors_come_in_the_callers_language(
    event: Event, planner: User, client_for: ClientFor
) -> None:
    body = {"kind": "venue", "lat": 1, "lon": 1}
    response = send(
        client_for(planner), "post", f"{API}/congress/sites", body, HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert response.status_code == 422
    assert response.json()["message"] == "name: Trường này là bắt buộc."
    blank = send(
        client_for(planner),
        "post",
        f"{API}/congress/sites",
        {**body, "name": "  "},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert blank.status_code == 400
    assert blank.json() == {
        "code": "required",
        "message": "Trường này là bắt buộc.",
        "field": "name",
    }


# --- Zones ----------------------------------------------------------------------------------------


def test_planner_creates_updates_and_deletes_a_zone(
    event: Event, planner: User, site: Site, client_for: ClientFor
) -> None:
    client = client_for(planner)
    body = {
        "site_id": site.pk,
        "code": "b2",
        "name": "Press room",
        "polygon": INNER,
        "access_level": "controlled",
        "capacity": 80,
    }
    created = send(client, "post", f"{API}/congress/zones", body)
    assert created.status_code == 201, created.content
    zone_id = created.json()["id"]
    assert created.json()["code"] == "B2"
    assert client.get(f"{API}/congress/zones").json()[0]["capacity"] == 80
    assert client.get(f"{API}/congress/zones/{zone_id}").json()["polygon"] == INNER
    updated = send(client, "put", f"{API}/congress/zones/{zone_id}", {**body, "capacity": None})
    assert updated.status_code == 200
    assert Zone.objects.get(pk=zone_id).capacity is None
    assert client.delete(f"{API}/congress/zones/{zone_id}").status_code == 204
    assert not Zone.objects.filter(pk=zone_id).exists()


def test_a_zone_cannot_point_at_another_events_site(
    event: Event, planner: User, foreign_site: Site, client_for: ClientFor
) -> None:
    body = {
        "site_id": foreign_site.pk,
        "code": "X",
        "name": "Sneaky",
        "polygon": INNER,
        "access_level": "open",
    }
    response = send(client_for(planner), "post", f"{API}/congress/zones", body)
    assert response.status_code == 400
    assert response.json()["field"] == "site_id"
    assert not Zone.objects.exists()


def test_zone_outside_its_site_is_refused(
    event: Event, planner: User, site: Site, client_for: ClientFor
) -> None:
    far = {
        "type": "Polygon",
        "coordinates": [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]],
    }
    body = {"site_id": site.pk, "code": "Z", "name": "Far", "polygon": far, "access_level": "open"}
    response = send(client_for(planner), "post", f"{API}/congress/zones", body)
    assert response.status_code == 400
    assert response.json()["code"] == "zone_outside"


def test_another_events_zone_is_404(
    event: Event, other_event: Event, planner: User, client_for: ClientFor, zone: Zone
) -> None:
    from garrison.conftest import make_member

    stranger = make_member(other_event, "commander", "commander-summit")
    assert client_for(stranger).get(f"{API}/summit/zones/{zone.pk}").status_code == 404
    assert client_for(stranger).delete(f"{API}/summit/zones/{zone.pk}").status_code == 404
    assert Zone.objects.filter(pk=zone.pk).exists()


# --- Phases ---------------------------------------------------------------------------------------


def test_planner_manages_phases_and_times_carry_the_events_offset(
    event: Event, planner: User, client_for: ClientFor
) -> None:
    client = client_for(planner)
    body = {
        "kind": "before",
        "name": "Rehearsal",
        "starts_at": "2026-11-30T01:00:00Z",
        "ends_at": "2026-11-30T05:00:00+00:00",
    }
    created = send(client, "post", f"{API}/congress/phases", body)
    assert created.status_code == 201, created.content
    # Shown in the event's zone (Asia/Ho_Chi_Minh, UTC+7), with its offset.
    assert created.json()["starts_at"] == "2026-11-30T08:00:00+07:00"
    assert created.json()["ends_at"] == "2026-11-30T12:00:00+07:00"
    phase_id = created.json()["id"]
    updated = send(client, "put", f"{API}/congress/phases/{phase_id}", {**body, "kind": "during"})
    assert updated.status_code == 200
    assert client.get(f"{API}/congress/phases/{phase_id}").json()["kind"] == "during"
    assert client.get(f"{API}/congress/phases").json()[0]["id"] == phase_id
    assert client.delete(f"{API}/congress/phases/{phase_id}").status_code == 204
    assert not Phase.objects.exists()


@pytest.mark.parametrize(
    ("starts_at", "reason"),
    [
        ("2026-11-30T01:00:00", "Times must carry a time zone."),
        (1795000000, "Expected a date or time in ISO 8601 format."),
        ("yesterday", "Expected a date or time in ISO 8601 format."),
        ("9999-12-31T23:59:59-23:59", "The time is out of range."),
    ],
)
def test_phase_times_must_be_iso_with_an_offset(
    event: Event, planner: User, client_for: ClientFor, starts_at: Any, reason: str
) -> None:
    body = {
        "kind": "before",
        "name": "Rehearsal",
        "starts_at": starts_at,
        "ends_at": "2026-11-30T05:00:00Z",
    }
    response = send(client_for(planner), "post", f"{API}/congress/phases", body)
    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid",
        "message": f"starts_at: {reason}",
        "field": "starts_at",
    }
    assert not Phase.objects.exists()


def test_viewer_cannot_delete_a_phase(
    event: Event, viewer: User, phase: Phase, client_for: ClientFor
) -> None:
    assert client_for(viewer).delete(f"{API}/congress/phases/{phase.pk}").status_code == 403
    assert Phase.objects.filter(pk=phase.pk).exists()


# --- Map ------------------------------------------------------------------------------------------


def test_geojson_holds_sites_and_zones(
    event: Event, viewer: User, zone: Zone, client_for: ClientFor
) -> None:
    response = client_for(viewer).get(f"{API}/congress/geojson")
    assert response.status_code == 200
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    by_id = {f["id"]: f for f in collection["features"]}
    assert by_id[f"site-{zone.site_id}"]["geometry"] == SQUARE
    assert by_id[f"site-{zone.site_id}"]["properties"]["layer"] == "site"
    assert by_id[f"zone-{zone.pk}"]["geometry"] == INNER
    assert by_id[f"zone-{zone.pk}"]["properties"]["code"] == "A1"

"""Sites through the browser: planners create, edit and delete; everyone reads; bad shapes refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from garrison.audit.models import Entry
from garrison.core.models import LiveEvent
from garrison.events.models import Event, Site, Zone
from garrison.events.tests.conftest import BOWTIE, INNER, SQUARE, ClientFor


def site_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Delegate hotel",
        "kind": "hotel",
        "address": "5 Lake Street",
        "lat": "21.025",
        "lon": "105.845",
        "polygon": json.dumps(SQUARE),
    }
    data.update(overrides)
    return data


def url(name: str, event: Event, **kwargs: Any) -> str:
    return reverse(f"events:{name}", kwargs={"event": event.slug, **kwargs})


def test_planner_creates_site_with_audit_entry(event: Event, planner_client: Client) -> None:
    response = planner_client.post(url("site_create", event), site_form())

    assert response.status_code == 302
    assert response["Location"] == url("sites", event)
    site = Site.objects.get(event=event, name="Delegate hotel")
    assert site.kind == "hotel" and site.polygon == SQUARE
    entry = Entry.objects.get(action="events.site.created")
    assert entry.object_id == str(site.pk) and entry.event_id == event.pk
    assert LiveEvent.objects.filter(event=event, kind="events.site.created").exists()


def test_site_without_outline_is_accepted(event: Event, planner_client: Client) -> None:
    response = planner_client.post(url("site_create", event), site_form(polygon=""))

    assert response.status_code == 302
    assert Site.objects.get(name="Delegate hotel").polygon is None


def test_planner_edits_site_with_audit_entry(
    event: Event, venue: Site, planner_client: Client
) -> None:
    page = planner_client.get(url("site_edit", event, pk=venue.pk))
    assert page.status_code == 200
    assert b"Conference centre" in page.content and b"1 Congress Road" in page.content

    response = planner_client.post(
        url("site_edit", event, pk=venue.pk), site_form(name="Congress centre", kind="venue")
    )

    assert response.status_code == 302
    venue.refresh_from_db()
    assert venue.name == "Congress centre"
    entry = Entry.objects.get(action="events.site.updated")
    assert entry.before is not None and entry.before["name"] == "Conference centre"
    assert entry.after is not None and entry.after["name"] == "Congress centre"


def test_planner_deletes_site_and_its_zones_after_confirming(
    event: Event, venue: Site, hall: Zone, planner_client: Client
) -> None:
    confirm = planner_client.get(url("site_delete", event, pk=venue.pk))
    assert confirm.status_code == 200
    assert b"Its 1 zone will be deleted with it." in confirm.content
    assert Site.objects.filter(pk=venue.pk).exists(), "GET must only ask"

    response = planner_client.post(url("site_delete", event, pk=venue.pk))

    assert response.status_code == 302
    assert not Site.objects.filter(pk=venue.pk).exists()
    assert not Zone.objects.filter(pk=hall.pk).exists()
    assert Entry.objects.filter(action="events.site.deleted", object_id=str(venue.pk)).exists()
    assert Entry.objects.filter(action="events.zone.deleted", object_id=str(hall.pk)).exists()


def test_every_member_reads_the_site_list(event: Event, venue: Site, viewer_client: Client) -> None:
    response = viewer_client.get(url("sites", event))

    assert response.status_code == 200
    assert b"Conference centre" in response.content
    # A viewer is not offered what it may not do.
    assert url("site_create", event).encode() not in response.content
    assert url("site_edit", event, pk=venue.pk).encode() not in response.content


def test_planner_sees_edit_links_in_the_list(
    event: Event, venue: Site, planner_client: Client
) -> None:
    response = planner_client.get(url("sites", event))

    assert url("site_create", event).encode() in response.content
    assert url("site_edit", event, pk=venue.pk).encode() in response.content


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("site_create", "get"),
        ("site_create", "post"),
        ("site_edit", "get"),
        ("site_delete", "post"),
    ],
)
def test_viewer_may_not_change_sites(
    event: Event, venue: Site, viewer_client: Client, name: str, method: str
) -> None:
    target = url(name, event) if name == "site_create" else url(name, event, pk=venue.pk)

    response = getattr(viewer_client, method)(target, site_form())

    assert response.status_code == 403
    assert Site.objects.filter(pk=venue.pk, name="Conference centre").exists()
    assert Site.objects.count() == 1
    assert not Entry.objects.exclude(action__startswith="events.site.created").exists()


@pytest.mark.parametrize("name", ["site_edit", "site_delete"])
def test_site_of_another_event_is_not_found(
    event: Event, foreign_site: Site, planner_client: Client, name: str
) -> None:
    assert planner_client.get(url(name, event, pk=foreign_site.pk)).status_code == 404
    assert planner_client.post(url(name, event, pk=foreign_site.pk), site_form()).status_code == 404
    foreign_site.refresh_from_db()
    assert foreign_site.name == "Elsewhere"


def test_outsider_gets_404_for_the_event(
    event: Event, outsider: Any, client_for: ClientFor
) -> None:
    assert client_for(outsider).get(url("sites", event)).status_code == 404


def test_it_refuses_self_intersecting_site_outline(event: Event, planner_client: Client) -> None:
    response = planner_client.post(url("site_create", event), site_form(polygon=json.dumps(BOWTIE)))

    assert response.status_code == 400
    errors = response.context["form"].errors["polygon"]
    # Shapely's own reason, with the point where the ring crosses itself.
    assert any("Self-intersection" in e for e in errors), errors
    assert not Site.objects.exists()
    assert not Entry.objects.exists()


def test_it_refuses_a_ring_that_does_not_close(event: Event, planner_client: Client) -> None:
    open_ring = {
        "type": "Polygon",
        "coordinates": [[*SQUARE["coordinates"][0][:-1], [105.841, 21.02]]],
    }

    response = planner_client.post(
        url("site_create", event), site_form(polygon=json.dumps(open_ring))
    )

    assert response.status_code == 400
    assert response.context["form"].errors["polygon"] == ["Each ring must end where it starts."]


def test_it_refuses_geometry_that_is_not_a_polygon(event: Event, planner_client: Client) -> None:
    line = {"type": "LineString", "coordinates": [[105.84, 21.02], [105.85, 21.03]]}

    response = planner_client.post(url("site_create", event), site_form(polygon=json.dumps(line)))

    assert response.status_code == 400
    assert response.context["form"].errors["polygon"] == ["The outline must be a GeoJSON Polygon."]


def test_it_refuses_text_that_is_not_json(event: Event, planner_client: Client) -> None:
    response = planner_client.post(url("site_create", event), site_form(polygon="{not json"))

    assert response.status_code == 400
    assert "This is not valid JSON" in response.context["form"].errors["polygon"][0]


def test_it_accepts_a_feature_collection_of_one_drawn_polygon(
    event: Event, planner_client: Client
) -> None:
    exported = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {}, "geometry": SQUARE}],
    }

    response = planner_client.post(
        url("site_create", event), site_form(polygon=json.dumps(exported))
    )

    assert response.status_code == 302
    assert Site.objects.get(name="Delegate hotel").polygon == SQUARE


def test_duplicate_site_name_is_shown_on_the_name_field(
    event: Event, venue: Site, planner_client: Client
) -> None:
    response = planner_client.post(url("site_create", event), site_form(name="Conference centre"))

    assert response.status_code == 400
    assert response.context["form"].errors["name"] == [
        "A site with this name already exists in the event."
    ]
    assert Site.objects.count() == 1


def test_shrinking_an_outline_past_a_zone_is_refused(
    event: Event, venue: Site, hall: Zone, planner_client: Client
) -> None:
    tiny = {
        "type": "Polygon",
        "coordinates": [
            [
                [105.846, 21.026],
                [105.847, 21.026],
                [105.847, 21.027],
                [105.846, 21.027],
                [105.846, 21.026],
            ]
        ],
    }

    response = planner_client.post(
        url("site_edit", event, pk=venue.pk),
        site_form(name="Conference centre", polygon=json.dumps(tiny)),
    )

    assert response.status_code == 400
    assert response.context["form"].errors["polygon"] == [
        "Zone A1 would lie outside the new outline."
    ]
    venue.refresh_from_db()
    assert venue.polygon == SQUARE
    assert hall.polygon == INNER


def test_point_off_the_earth_is_refused_by_the_form(event: Event, planner_client: Client) -> None:
    response = planner_client.post(url("site_create", event), site_form(lat="95"))

    assert response.status_code == 400
    assert "lat" in response.context["form"].errors


def test_site_form_carries_the_drawing_map(event: Event, planner_client: Client) -> None:
    response = planner_client.get(url("site_create", event))

    content = response.content.decode()
    assert "data-draw-map" in content and 'data-target="id_polygon"' in content
    assert 'data-lat="id_lat"' in content
    assert "events/draw.js" in content and "vendor/leaflet/leaflet.js" in content

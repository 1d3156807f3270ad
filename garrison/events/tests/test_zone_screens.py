"""Zones through the browser: inside their site's outline, with access level and capacity."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from garrison.audit.models import Entry
from garrison.core.models import LiveEvent
from garrison.events.models import Event, Site, Zone
from garrison.events.tests.conftest import BOWTIE, INNER, OUTSIDE


def url(name: str, event: Event, **kwargs: Any) -> str:
    return reverse(f"events:{name}", kwargs={"event": event.slug, **kwargs})


def zone_form(site: Site, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "site_id": str(site.pk),
        "code": "b2",
        "name": "Press gallery",
        "access_level": "controlled",
        "capacity": "80",
        "polygon": json.dumps(INNER),
    }
    data.update(overrides)
    return data


def test_planner_creates_zone_with_audit_entry(
    event: Event, venue: Site, planner_client: Client
) -> None:
    response = planner_client.post(url("zone_create", event), zone_form(venue))

    assert response.status_code == 302
    zone = Zone.objects.get(event=event, code="B2")  # codes are kept upper case
    assert zone.site == venue and zone.capacity == 80 and zone.access_level == "controlled"
    assert Entry.objects.filter(action="events.zone.created", object_id=str(zone.pk)).exists()
    assert LiveEvent.objects.filter(event=event, kind="events.zone.created").exists()


def test_new_zone_form_preselects_the_site_from_the_list(
    event: Event, venue: Site, planner_client: Client
) -> None:
    response = planner_client.get(url("zone_create", event) + f"?site={venue.pk}")

    assert response.status_code == 200
    assert f'<option value="{venue.pk}" selected>'.encode() in response.content


def test_planner_edits_zone_with_audit_entry(
    event: Event, venue: Site, hall: Zone, planner_client: Client
) -> None:
    page = planner_client.get(url("zone_edit", event, pk=hall.pk))
    assert page.status_code == 200
    assert b"Main hall" in page.content

    response = planner_client.post(
        url("zone_edit", event, pk=hall.pk),
        zone_form(venue, code="A1", name="Main hall", access_level="secure", capacity="900"),
    )

    assert response.status_code == 302
    hall.refresh_from_db()
    assert hall.access_level == "secure" and hall.capacity == 900
    entry = Entry.objects.get(action="events.zone.updated")
    assert entry.before is not None and entry.before["access_level"] == "restricted"


def test_planner_deletes_zone_after_confirming(
    event: Event, hall: Zone, planner_client: Client
) -> None:
    assert planner_client.get(url("zone_delete", event, pk=hall.pk)).status_code == 200
    assert Zone.objects.filter(pk=hall.pk).exists()

    response = planner_client.post(url("zone_delete", event, pk=hall.pk))

    assert response.status_code == 302
    assert not Zone.objects.filter(pk=hall.pk).exists()
    assert Entry.objects.filter(action="events.zone.deleted", object_id=str(hall.pk)).exists()


def test_it_refuses_a_zone_outside_its_sites_outline(
    event: Event, venue: Site, planner_client: Client
) -> None:
    response = planner_client.post(
        url("zone_create", event), zone_form(venue, polygon=json.dumps(OUTSIDE))
    )

    assert response.status_code == 400
    assert response.context["form"].errors["polygon"] == [
        "The zone must lie inside its site's outline."
    ]
    assert not Zone.objects.exists()


def test_it_refuses_self_intersecting_zone(
    event: Event, venue: Site, planner_client: Client
) -> None:
    response = planner_client.post(
        url("zone_create", event), zone_form(venue, polygon=json.dumps(BOWTIE))
    )

    assert response.status_code == 400
    (message,) = response.context["form"].errors["polygon"]
    assert message.startswith("The polygon is not valid: Self-intersection"), message
    assert not Zone.objects.exists()
    assert not Entry.objects.filter(action="events.zone.created").exists()


def test_zone_needs_an_outline(event: Event, venue: Site, planner_client: Client) -> None:
    response = planner_client.post(url("zone_create", event), zone_form(venue, polygon=""))

    assert response.status_code == 400
    assert "polygon" in response.context["form"].errors


def test_it_refuses_a_site_of_another_event_for_a_zone(
    event: Event, venue: Site, foreign_site: Site, planner_client: Client
) -> None:
    response = planner_client.post(url("zone_create", event), zone_form(foreign_site))

    assert response.status_code == 400
    assert "site_id" in response.context["form"].errors
    # The other event's site is not even offered as a choice.
    assert b"Elsewhere" not in response.content
    assert not Zone.objects.exists()


def test_duplicate_zone_code_is_shown_on_the_code_field(
    event: Event, venue: Site, hall: Zone, planner_client: Client
) -> None:
    response = planner_client.post(url("zone_create", event), zone_form(venue, code="a1"))

    assert response.status_code == 400
    assert response.context["form"].errors["code"] == [
        "A zone with this code already exists in the event."
    ]


@pytest.mark.parametrize("name", ["zone_edit", "zone_delete"])
def test_zone_of_another_event_is_not_found(
    event: Event, venue: Site, foreign_zone: Zone, planner_client: Client, name: str
) -> None:
    assert planner_client.get(url(name, event, pk=foreign_zone.pk)).status_code == 404
    response = planner_client.post(url(name, event, pk=foreign_zone.pk), zone_form(venue))
    assert response.status_code == 404
    assert Zone.objects.filter(pk=foreign_zone.pk, name="Elsewhere hall").exists()


def test_viewer_reads_zones_but_may_not_change_them(
    event: Event, venue: Site, hall: Zone, viewer_client: Client
) -> None:
    listing = viewer_client.get(url("zones", event))
    assert listing.status_code == 200
    assert b"Main hall" in listing.content and b"1200" in listing.content
    assert b"Restricted" in listing.content

    assert viewer_client.post(url("zone_create", event), zone_form(venue)).status_code == 403
    assert viewer_client.post(url("zone_delete", event, pk=hall.pk)).status_code == 403
    assert Zone.objects.filter(pk=hall.pk).exists()
    assert Zone.objects.count() == 1

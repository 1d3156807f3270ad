"""Phases through the browser: times are typed and shown in the event's time zone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from garrison.audit.models import Entry
from garrison.events.models import Event, Phase

UTC = dt.UTC


def url(name: str, event: Event, **kwargs: Any) -> str:
    return reverse(f"events:{name}", kwargs={"event": event.slug, **kwargs})


def phase_form(**overrides: str) -> dict[str, str]:
    data = {
        "kind": "before",
        "name": "Rehearsal",
        "starts_at": "2026-11-30T14:00",
        "ends_at": "2026-11-30T17:30",
    }
    data.update(overrides)
    return data


def test_planner_creates_phase_read_in_the_event_time_zone(
    event: Event, planner_client: Client
) -> None:
    response = planner_client.post(url("phase_create", event), phase_form())

    assert response.status_code == 302
    phase = Phase.objects.get(event=event)
    # 14:00 in Hanoi (UTC+7) is 07:00 UTC, whatever the server's own zone is.
    assert phase.starts_at == dt.datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
    assert phase.ends_at == dt.datetime(2026, 11, 30, 10, 30, tzinfo=UTC)
    assert Entry.objects.filter(action="events.phase.created", object_id=str(phase.pk)).exists()


def test_phase_times_are_shown_in_the_event_time_zone(
    event: Event, opening: Phase, viewer_client: Client, settings: Any
) -> None:
    settings.TIME_ZONE = "UTC"  # the server's zone must not leak into the page

    listing = viewer_client.get(url("phases", event)).content.decode()
    dashboard = viewer_client.get(url("dashboard", event)).content.decode()

    for page in (listing, dashboard):
        assert "01/12/2026 08:00" in page and "01/12/2026 12:00" in page
        assert "01/12/2026 01:00" not in page


def test_phase_edit_form_shows_local_times(
    event: Event, opening: Phase, planner_client: Client
) -> None:
    response = planner_client.get(url("phase_edit", event, pk=opening.pk))

    assert response.status_code == 200
    assert b'value="2026-12-01T08:00"' in response.content


def test_planner_edits_phase_with_audit_entry(
    event: Event, opening: Phase, planner_client: Client
) -> None:
    response = planner_client.post(
        url("phase_edit", event, pk=opening.pk),
        phase_form(
            kind="during", name="Opening", starts_at="2026-12-01T07:30", ends_at="2026-12-01T12:00"
        ),
    )

    assert response.status_code == 302
    opening.refresh_from_db()
    assert opening.name == "Opening"
    assert opening.starts_at == dt.datetime(2026, 12, 1, 0, 30, tzinfo=UTC)
    assert Entry.objects.filter(action="events.phase.updated").count() == 1


def test_planner_deletes_phase_after_confirming(
    event: Event, opening: Phase, planner_client: Client
) -> None:
    assert planner_client.get(url("phase_delete", event, pk=opening.pk)).status_code == 200

    response = planner_client.post(url("phase_delete", event, pk=opening.pk))

    assert response.status_code == 302
    assert not Phase.objects.filter(pk=opening.pk).exists()
    assert Entry.objects.filter(action="events.phase.deleted").exists()


def test_it_refuses_a_phase_that_ends_before_it_starts(
    event: Event, planner_client: Client
) -> None:
    response = planner_client.post(
        url("phase_create", event), phase_form(ends_at="2026-11-30T13:00")
    )

    assert response.status_code == 400
    assert response.context["form"].errors["ends_at"] == ["A phase must end after it starts."]
    assert not Phase.objects.exists()


def test_viewer_reads_phases_but_may_not_change_them(
    event: Event, opening: Phase, viewer_client: Client
) -> None:
    assert b"Opening session" in viewer_client.get(url("phases", event)).content
    assert viewer_client.post(url("phase_create", event), phase_form()).status_code == 403
    assert viewer_client.get(url("phase_edit", event, pk=opening.pk)).status_code == 403
    assert viewer_client.post(url("phase_delete", event, pk=opening.pk)).status_code == 403
    assert Phase.objects.count() == 1


@pytest.mark.parametrize("name", ["phase_edit", "phase_delete"])
def test_phase_of_another_event_is_not_found(
    event: Event, foreign_phase: Phase, planner_client: Client, name: str
) -> None:
    assert planner_client.get(url(name, event, pk=foreign_phase.pk)).status_code == 404
    assert (
        planner_client.post(url(name, event, pk=foreign_phase.pk), phase_form()).status_code == 404
    )
    assert Phase.objects.filter(pk=foreign_phase.pk).exists()

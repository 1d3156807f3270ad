"""The operations API: unit-scoped reads, reporting, status moves and dispatch, with clear 4xx."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from garrison.accounts.models import Membership, Role, User
from garrison.audit.models import Entry
from garrison.conftest import make_member
from garrison.events.models import Event
from garrison.ops.models import Assignment, Incident, Status, UnitState, UnitStatus
from garrison.ops.tests.conftest import Units
from garrison.ops.tests.factories import incident_type, make_incident, make_unit

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]
JSON = "application/json"


def _base(event: Event) -> str:
    return f"/api/v1/ops/{event.slug}/incidents"


def _post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, body, content_type=JSON)


def test_a_reporter_creates_an_incident_and_reads_it_back(
    event: Event, members: dict[str, User], client_for: ClientFor
) -> None:
    officer = members[Role.FIELD_OFFICER]
    # A field officer sees their unit's incidents: the report is their unit's, so they read it.
    Membership.objects.filter(user=officer, event=event).update(unit_id=make_unit(event).pk)
    client = client_for(officer)
    body = {
        "type_id": incident_type(event, "medical").pk,
        "severity": 2,
        "description": "<script>alert(1)</script> A man collapsed",
        "lat": 21.03,
        "lon": 105.85,
    }
    created = _post(client, _base(event), body)
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["type_code"], data["severity"], data["status"]) == ("medical", 2, "new")
    assert data["description"] == body["description"]  # stored as typed; escaped when shown
    assert Entry.objects.filter(action="ops.incident.created").count() == 1
    read = client.get(f"{_base(event)}/{data['id']}")
    assert read.status_code == 200 and read.json()["reference"] == data["reference"]


def test_bad_incidents_are_refused_and_nothing_is_stored(
    event: Event, members: dict[str, User], client_for: ClientFor
) -> None:
    client = client_for(members[Role.DUTY_OFFICER])
    kind = incident_type(event).pk
    # 422: the body's shape (ninja); 400: what only the service can judge.
    cases: list[tuple[Any, int]] = [
        ({"type_id": kind, "description": "x", "lat": 91, "lon": 10}, 422),
        ({"type_id": kind, "description": "x", "lat": 21.0}, 400),
        ({"type_id": kind, "description": "x", "severity": 9, "location_text": "A"}, 422),
        ({"type_id": kind, "description": "x", "source": "public_tip", "location_text": "A"}, 422),
        ({"type_id": kind, "description": "no place"}, 400),
        ({"type_id": 999999, "description": "x", "location_text": "A"}, 400),
        ({"type_id": kind, "description": "x" * 2001, "location_text": "A"}, 422),
        (["not", "an", "object"], 422),
    ]
    for body, status in cases:
        response = _post(client, _base(event), body)
        assert response.status_code == status, (body, response.content)
        assert "code" in response.json() and "message" in response.json()
    assert not Incident.objects.exists()


def test_a_unit_commander_lists_and_reads_only_their_units_incidents(
    event: Event, units: Units, client_for: ClientFor
) -> None:
    chief = make_member(event, Role.UNIT_COMMANDER, username="chief", unit_id=units.police.pk)
    ours = make_incident(event)
    Assignment.objects.create(incident=ours, unit=units.team_a, dispatched_at=timezone.now())
    theirs = make_incident(event)
    client = client_for(chief)
    listed = {row["id"] for row in client.get(_base(event)).json()}
    assert listed == {ours.pk}
    assert client.get(f"{_base(event)}/{theirs.pk}").status_code == 404


def test_closed_incidents_are_listed_only_when_asked(
    event: Event, members: dict[str, User], client_for: ClientFor
) -> None:
    open_one = make_incident(event)
    closed = make_incident(event, status=Status.CLOSED)
    client = client_for(members[Role.VIEWER])
    assert {row["id"] for row in client.get(_base(event)).json()} == {open_one.pk}
    every = client.get(_base(event), {"all": "true"}).json()
    assert {row["id"] for row in every} == {open_one.pk, closed.pk}


def test_status_moves_follow_the_lifecycle(
    event: Event, members: dict[str, User], client_for: ClientFor
) -> None:
    client = client_for(members[Role.DUTY_OFFICER])
    incident = make_incident(event)
    url = f"{_base(event)}/{incident.pk}/status"
    moved = _post(client, url, {"status": "triaged", "note": "seen on camera"})
    assert moved.status_code == 200 and moved.json()["status"] == "triaged"
    closed = make_incident(event, status=Status.CLOSED)
    jump = _post(client, f"{_base(event)}/{closed.pk}/status", {"status": "on_scene"})
    assert jump.status_code == 409 and jump.json()["code"] == "forbidden_transition"
    assert _post(client, url, {"status": "dispatched"}).json()["code"] == "use_dispatch"
    assert _post(client, url, {"status": "flying"}).status_code == 422
    viewer = client_for(members[Role.VIEWER])
    assert _post(viewer, url, {"status": "resolved"}).status_code == 403


def test_dispatch_sends_units_and_refuses_an_out_of_service_one(
    event: Event, units: Units, members: dict[str, User], client_for: ClientFor
) -> None:
    client = client_for(members[Role.DISPATCHER])
    incident = make_incident(event)
    UnitStatus.objects.create(
        unit=units.fire, event=event, state=UnitState.OUT_OF_SERVICE, since=timezone.now()
    )
    url = f"{_base(event)}/{incident.pk}/dispatch"
    refused = _post(client, url, {"unit_ids": [units.team_a.pk, units.fire.pk]})
    assert refused.status_code == 409 and refused.json()["code"] == "unit_out_of_service"
    assert not Assignment.objects.exists()
    assert _post(client, url, {"unit_ids": []}).status_code == 422
    sent = _post(client, url, {"unit_ids": [units.team_a.pk]})
    assert sent.status_code == 200, sent.content
    data = sent.json()
    assert data["status"] == "dispatched"
    assert [a["unit_id"] for a in data["assignments"]] == [units.team_a.pk]

"""The officer's check-in screens: checkpoints, enrolment codes, the scans log."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Role, User
from garrison.accreditation.models import Credential
from garrison.checkin.models import Checkpoint, Scanner
from garrison.checkin.tests.conftest import Gate
from garrison.events.models import Event, Zone

pytestmark = pytest.mark.django_db


def test_the_officer_creates_a_checkpoint_and_enrols_a_phone(
    client_for: Callable[[User], Client], members: dict[str, User], event: Event, hall: Zone
) -> None:
    client = client_for(members[Role.ACCREDITATION_OFFICER])
    created = client.post(
        reverse("checkin:checkpoint_create", kwargs={"event": event.slug}),
        {"name": "Main hall door", "zone_id": hall.pk, "direction": "both"},
    )
    assert created.status_code == 302
    checkpoint = Checkpoint.objects.get(name="Main hall door")
    page = client.post(
        reverse("checkin:enrol", kwargs={"event": event.slug, "pk": checkpoint.pk}),
        {"name": "Gate phone 1"},
    )
    assert page["Cache-Control"] == "no-store"
    match = re.search(r'id="enrolment-code">([A-Z0-9-]+)<', page.content.decode())
    assert match
    enrolled = Client().post(
        "/api/v1/checkin/enrol",
        json.dumps({"code": match.group(1)}),
        content_type="application/json",
    )
    assert enrolled.status_code == 201
    assert Scanner.objects.get().checkpoint == checkpoint


def test_a_duplicate_checkpoint_name_is_refused_on_the_form(
    client_for: Callable[[User], Client], members: dict[str, User], event: Event, hall_gate: Gate
) -> None:
    response = client_for(members[Role.COMMANDER]).post(
        reverse("checkin:checkpoint_create", kwargs={"event": event.slug}),
        {
            "name": hall_gate.checkpoint.name,
            "zone_id": hall_gate.checkpoint.zone_id,
            "direction": "entry",
        },
    )
    assert response.status_code == 400
    assert "Another checkpoint already has this name." in response.content.decode()


def test_the_scans_log_shows_refusals_with_their_reason(
    client_for: Callable[[User], Client],
    members: dict[str, User],
    event: Event,
    hall_gate: Gate,
    badge: Credential,
) -> None:
    for code in (badge.code, badge.code, "junk"):
        hall_gate.client().post(
            "/api/v1/checkin/scans",
            json.dumps({"id": str(uuid.uuid4()), "code": code, "direction": "entry"}),
            content_type="application/json",
        )
    url = reverse("checkin:scans", kwargs={"event": event.slug})
    client = client_for(members[Role.ACCREDITATION_OFFICER])
    text = client.get(url).content.decode()
    assert "<code>already_inside</code>" in text and "Not a valid badge" in text
    only_ok = client.get(url, {"result": "ok"}).content.decode()
    assert (
        "<code>already_inside</code>" not in only_ok and "Valid: let the holder through." in only_ok
    )


def test_occupancy_counts_who_is_inside_and_each_gates_traffic(
    client_for: Callable[[User], Client],
    members: dict[str, User],
    event: Event,
    hall_gate: Gate,
    badge: Credential,
) -> None:
    for code, direction in ((badge.code, "entry"), (badge.code, "entry"), ("junk", "entry")):
        hall_gate.client().post(
            "/api/v1/checkin/scans",
            json.dumps({"id": str(uuid.uuid4()), "code": code, "direction": direction}),
            content_type="application/json",
        )
    from garrison.checkin.scans.occupancy import checkpoint_counts, zone_counts

    hall = next(row for row in zone_counts(event) if row.zone.code == "HALL")
    assert hall.inside == 1
    gate = checkpoint_counts(event)[0]
    assert (gate.entries, gate.exits, gate.refused) == (1, 0, 2)
    page = client_for(members[Role.VIEWER]).get(
        reverse("checkin:occupancy", kwargs={"event": event.slug})
    )
    assert page.status_code == 200 and 'data-zone="HALL"' in page.content.decode()

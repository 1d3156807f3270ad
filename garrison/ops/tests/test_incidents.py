"""Incidents: reported, triaged and moved along the lifecycle, each step recorded and audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Membership, Role, User
from garrison.audit.models import Entry
from garrison.conftest import make_member
from garrison.core.errors import DomainError
from garrison.core.models import LiveEvent
from garrison.events.models import Event, Site, Zone
from garrison.ops.incidents import services
from garrison.ops.incidents.lifecycle import ALLOWED, can_move, public_status
from garrison.ops.incidents.services import IncidentData, Location
from garrison.ops.models import Incident, IncidentType, Status
from garrison.ops.tests.conftest import MembershipOf, Units
from garrison.ops.tests.factories import incident_type, make_incident

ClientFor = Callable[[User], Client]


def _data(event: Event, **overrides: object) -> IncidentData:
    values: dict[str, object] = {
        "type_id": incident_type(event, "medical").pk,
        "severity": 2,
        "description": "Delegate fainted at the north entrance",
        "location": Location(lat=21.03, lon=105.85),
    }
    values.update(overrides)
    return IncidentData(**values)  # type: ignore[arg-type]


def test_a_new_event_gets_the_standard_incident_types(event: Event) -> None:
    codes = set(IncidentType.objects.filter(event=event).values_list("code", flat=True))
    assert {"fire", "medical", "crime", "suspicious_object", "lost_person", "other"} <= codes


def test_standard_type_names_show_in_the_readers_language(event: Event) -> None:
    from django.utils import translation

    kind = incident_type(event, "lost_person")
    with translation.override("vi"):
        assert kind.label != "Lost person"
    assert kind.label == "Lost person"


def test_reporting_an_incident_records_its_first_status_audits_and_emits(
    duty: Membership, event: Event
) -> None:
    incident = services.create_incident(duty, _data(event))
    assert incident.status == Status.NEW
    transition = incident.transitions.get()
    assert (transition.to_status, transition.user_id) == (Status.NEW, duty.user_id)
    assert transition.at == incident.received_at
    entry = Entry.objects.get(action="ops.incident.created")
    assert (
        entry.after is not None
        and entry.after["severity"] == 2
        and entry.actor_user_id == duty.user_id
    )
    live = LiveEvent.objects.get(kind="ops.incident.created")
    assert live.payload["reference"] == incident.reference
    assert live.unit_ids == []


def test_a_field_officers_report_concerns_their_unit(
    event: Event, units: Units, membership_of: MembershipOf
) -> None:
    officer = make_member(event, Role.FIELD_OFFICER, username="fo", unit_id=units.team_a.pk)
    incident = services.create_incident(membership_of(officer, event), _data(event))
    assert incident.reporting_unit_id == units.team_a.pk
    assert LiveEvent.objects.get(kind="ops.incident.created").unit_ids == [units.team_a.pk]


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"severity": 5}, "invalid_severity"),
        ({"severity": 0}, "invalid_severity"),
        ({"description": "   "}, "required"),
        ({"description": "x" * 2001}, "too_long"),
        ({"location": Location(lat=91.0, lon=105.0)}, "invalid_point"),
        ({"location": Location(lat=21.0, lon=None)}, "invalid_point"),
        ({"location": Location()}, "location_required"),
        ({"source": "public_tip"}, "invalid_source"),
        ({"source": "rumour"}, "invalid_source"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    duty: Membership, event: Event, overrides: dict[str, Any], code: str
) -> None:
    with pytest.raises(DomainError) as caught:
        services.create_incident(duty, _data(event, **overrides))
    assert caught.value.code == code and caught.value.status == 400
    assert not Incident.objects.exists() and not Entry.objects.exists()


def test_a_type_site_or_zone_of_another_event_is_refused(
    duty: Membership, event: Event, other_event: Event
) -> None:
    site = Site.objects.create(event=other_event, name="Elsewhere", kind="hotel", lat=1, lon=1)
    zone = Zone.objects.create(
        event=other_event, site=site, code="Z", name="Z", polygon={}, access_level="open"
    )
    foreign_type = incident_type(other_event, "fire").pk
    cases: list[tuple[dict[str, Any], str]] = [
        ({"type_id": foreign_type}, "unknown_type"),
        ({"location": Location(site_id=site.pk)}, "unknown_site"),
        ({"location": Location(zone_id=zone.pk)}, "unknown_zone"),
    ]
    for overrides, code in cases:
        with pytest.raises(DomainError) as caught:
            services.create_incident(duty, _data(event, **overrides))
        assert caught.value.code == code


def test_a_zone_sets_its_site_and_the_site_gives_the_map_point(
    duty: Membership, event: Event
) -> None:
    site = Site.objects.create(event=event, name="Venue", kind="venue", lat=21.1, lon=105.9)
    zone = Zone.objects.create(
        event=event, site=site, code="A", name="Hall", polygon={}, access_level="open"
    )
    incident = services.create_incident(duty, _data(event, location=Location(zone_id=zone.pk)))
    assert incident.site_id == site.pk and incident.point() == (21.1, 105.9)


def test_roles_outside_the_reporters_cannot_report(
    event: Event, viewer: User, membership_of: MembershipOf
) -> None:
    with pytest.raises(DomainError) as caught:
        services.create_incident(membership_of(viewer, event), _data(event))
    assert caught.value.status == 403


def test_the_lifecycle_allows_the_forward_path_and_refuses_going_back() -> None:
    path = [Status.NEW, Status.TRIAGED, Status.DISPATCHED, Status.ON_SCENE, Status.RESOLVED]
    for current, following in zip(path, [*path[1:], Status.CLOSED], strict=True):
        assert can_move(current, following)
    assert not can_move(Status.CLOSED, Status.DISPATCHED)
    assert not can_move(Status.RESOLVED, Status.NEW)
    for end in (Status.CLOSED, Status.CANCELLED, Status.DUPLICATE):
        assert ALLOWED[end] == frozenset()


def test_the_public_sees_only_three_states() -> None:
    assert {public_status(s) for s in Status.values} == {"received", "handling", "closed"}
    assert public_status(Status.TRIAGED) == "received"
    assert public_status(Status.ON_SCENE) == "handling"


def test_each_status_change_is_timed_attributed_and_audited(duty: Membership, event: Event) -> None:
    incident = services.create_incident(duty, _data(event))
    medical = incident_type(event, "fire").pk
    services.triage_incident(duty, incident, medical, 1, "upgraded: smoke seen")
    services.change_status(duty, incident, Status.CANCELLED, "false alarm")
    incident.refresh_from_db()
    assert (incident.status, incident.severity, incident.type.code) == ("cancelled", 1, "fire")
    steps = list(incident.transitions.values_list("from_status", "to_status", "user", "note"))
    assert steps == [
        ("", "new", duty.user_id, ""),
        ("new", "triaged", duty.user_id, "upgraded: smoke seen"),
        ("triaged", "cancelled", duty.user_id, "false alarm"),
    ]
    actions = list(Entry.objects.order_by("seq").values_list("action", flat=True))
    assert actions == [
        "ops.incident.created",
        "ops.incident.triaged",
        "ops.incident.status_changed",
    ]


def test_a_forbidden_jump_is_refused_with_409_and_changes_nothing(
    duty: Membership, event: Event
) -> None:
    incident = make_incident(event, status=Status.CLOSED)
    with pytest.raises(DomainError) as caught:
        services.change_status(duty, incident, Status.ON_SCENE)
    assert (caught.value.code, caught.value.status) == ("forbidden_transition", 409)
    with pytest.raises(DomainError) as caught:
        services.change_status(duty, incident, Status.DISPATCHED)
    assert caught.value.code == "use_dispatch"
    incident.refresh_from_db()
    assert incident.status == Status.CLOSED and incident.transitions.count() == 1
    assert not Entry.objects.exists()


def test_the_desk_moves_an_incident_from_its_page(
    event: Event, members: dict[str, User], client_for: ClientFor
) -> None:
    incident = make_incident(event)
    client = client_for(members[Role.DISPATCHER])
    url = reverse("ops:incident_status", kwargs={"event": event.slug, "pk": incident.pk})
    assert client.post(url, {"status": "triaged", "note": "checking"}).status_code == 302
    response = client.post(url, {"status": "new"})
    assert response.status_code == 409
    assert "cannot go from" in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == Status.TRIAGED


def test_the_desk_reports_an_incident_through_the_form(
    event: Event, members: dict[str, User], client_for: ClientFor
) -> None:
    client = client_for(members[Role.DUTY_OFFICER])
    url = reverse("ops:incident_create", kwargs={"event": event.slug})
    response = client.post(
        url,
        {
            "type": incident_type(event, "crowd").pk,
            "severity": "2",
            "source": "checkpoint",
            "description": "Queue pushing at gate 3",
            "location_text": "Gate 3",
        },
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert (incident.source, incident.location_text) == ("checkpoint", "Gate 3")
    bad = client.post(
        url,
        {
            "type": incident_type(event).pk,
            "severity": "2",
            "source": "staff",
            "description": "No place given",
        },
    )
    assert bad.status_code == 400 and "Say where" in bad.content.decode()


def test_script_in_a_description_is_shown_as_text(
    event: Event, viewer: User, client_for: ClientFor
) -> None:
    incident = make_incident(event, description='<script>alert("x")</script><b>bold</b>')
    page = client_for(viewer).get(
        reverse("ops:incident", kwargs={"event": event.slug, "pk": incident.pk})
    )
    html = page.content.decode()
    assert "<script>alert" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_planners_edit_the_type_list(event: Event, planner: User, client_for: ClientFor) -> None:
    client = client_for(planner)
    url = reverse("ops:type_create", kwargs={"event": event.slug})
    assert (
        client.post(
            url, {"code": "drone", "name": "Drone", "order": "5", "active": "on"}
        ).status_code
        == 302
    )
    again = client.post(url, {"code": "drone", "name": "Drone 2", "order": "5"})
    assert again.status_code == 400 and "already exists" in again.content.decode()
    drone = IncidentType.objects.get(event=event, code="drone")
    edit = reverse("ops:type_edit", kwargs={"event": event.slug, "pk": drone.pk})
    assert client.post(edit, {"name": "Drone sighting", "order": "6"}).status_code == 302
    drone.refresh_from_db()
    assert (drone.code, drone.name, drone.active) == ("drone", "Drone sighting", False)
    assert Entry.objects.filter(action__startswith="ops.incident_type.").count() == 2

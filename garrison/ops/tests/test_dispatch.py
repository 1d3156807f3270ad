"""Triage queue, merging, "who is working this", dispatch, ranking and the unit's phone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from garrison.accounts.models import Membership, Role, User
from garrison.audit.models import Entry
from garrison.conftest import make_member
from garrison.core.errors import DomainError
from garrison.core.models import LiveEvent
from garrison.events.models import Event
from garrison.ops.dispatch import services as dispatch
from garrison.ops.dispatch.ranking import rank_units
from garrison.ops.models import Assignment, Incident, Status, UnitState, UnitStatusChange
from garrison.ops.tests.conftest import MembershipOf, Units
from garrison.ops.tests.factories import make_incident
from garrison.ops.tips.services import tip_public_status

ClientFor = Callable[[User], Client]


def _url(name: str, event: Event, pk: int) -> str:
    return reverse(f"ops:{name}", kwargs={"event": event.slug, "pk": pk})


def test_the_queue_puts_severity_first_then_the_longest_wait(
    event: Event, viewer: User, client_for: ClientFor
) -> None:
    now = timezone.now()
    late_minor = make_incident(event, severity=4, received_at=now - dt.timedelta(minutes=30))
    new_critical = make_incident(event, severity=1, received_at=now)
    old_critical = make_incident(event, severity=1, received_at=now - dt.timedelta(minutes=5))
    make_incident(event, severity=1, status=Status.CLOSED)
    html = client_for(viewer).get(reverse("ops:queue", kwargs={"event": event.slug})).content
    order = [html.decode().index(i.reference) for i in (old_critical, new_critical, late_minor)]
    assert order == sorted(order)


def test_a_second_officer_sees_who_works_a_report_and_cannot_take_it_silently(
    event: Event, duty: Membership, members: dict[str, User], membership_of: MembershipOf
) -> None:
    incident = make_incident(event)
    dispatcher = membership_of(members[Role.DISPATCHER], event)
    dispatch.take_incident(duty, incident)
    with pytest.raises(DomainError) as caught:
        dispatch.take_incident(dispatcher, incident)
    assert caught.value.status == 409 and "already working" in str(caught.value.message)
    dispatch.take_incident(dispatcher, incident, take_over=True)
    incident.refresh_from_db()
    assert incident.handler_id == dispatcher.user_id
    dispatch.release_incident(dispatcher, incident)
    incident.refresh_from_db()
    assert incident.handler_id is None
    assert LiveEvent.objects.filter(kind="ops.incident.updated").count() == 3


def test_merging_keeps_links_and_counts_the_duplicate(
    event: Event, duty: Membership, client_for: ClientFor, members: dict[str, User]
) -> None:
    first = make_incident(event, status=Status.DISPATCHED)
    second = make_incident(event, source="public_tip")
    dispatch.merge_incident(duty, second, first)
    second.refresh_from_db()
    assert (second.status, second.duplicate_of_id) == (Status.DUPLICATE, first.pk)
    assert second.transitions.last().note == first.reference  # type: ignore[union-attr]
    assert tip_public_status(second) == "handling"
    page = client_for(members[Role.DUTY_OFFICER]).get(_url("incident", event, first.pk))
    assert second.reference in page.content.decode()
    closed = make_incident(event, status=Status.CLOSED)
    third = make_incident(event)
    with pytest.raises(DomainError) as caught:
        dispatch.merge_incident(duty, third, closed)
    assert caught.value.code == "merge_target_closed"
    with pytest.raises(DomainError):
        dispatch.merge_incident(duty, first, third)  # a dispatched report is not merged away


def test_dispatching_several_units_times_each_and_moves_the_incident(
    event: Event, duty: Membership, units: Units
) -> None:
    incident = make_incident(event)
    dispatch.dispatch_units(duty, incident, [units.team_a.pk, units.fire.pk])
    incident.refresh_from_db()
    assert incident.status == Status.DISPATCHED
    assert incident.transitions.last().user_id == duty.user_id  # type: ignore[union-attr]
    assert set(Assignment.objects.values_list("unit_id", flat=True)) == {
        units.team_a.pk,
        units.fire.pk,
    }
    for unit in (units.team_a, units.fire):
        row = dispatch.status_of(unit)
        assert (row.state, row.incident_id) == (UnitState.DISPATCHED, incident.pk)
    live = LiveEvent.objects.filter(kind="ops.incident.updated").last()
    assert live is not None and live.unit_ids == sorted([units.team_a.pk, units.fire.pk])
    assert Entry.objects.filter(action="ops.incident.dispatched").count() == 1


def test_an_out_of_service_unit_refuses_the_whole_dispatch(
    event: Event, duty: Membership, units: Units, membership_of: MembershipOf
) -> None:
    dispatch.set_unit_state(duty, units.fire, UnitState.OUT_OF_SERVICE)
    incident = make_incident(event)
    with pytest.raises(DomainError) as caught:
        dispatch.dispatch_units(duty, incident, [units.team_a.pk, units.fire.pk])
    assert (caught.value.code, caught.value.status) == ("unit_out_of_service", 409)
    incident.refresh_from_db()
    assert incident.status == Status.NEW and not Assignment.objects.exists()
    assert dispatch.status_of(units.team_a).state == UnitState.AVAILABLE


def test_a_busy_unit_a_closed_incident_or_a_foreign_unit_is_refused(
    event: Event, other_event: Event, duty: Membership, units: Units
) -> None:
    from garrison.ops.tests.factories import make_unit

    dispatch.dispatch_units(duty, make_incident(event), [units.team_a.pk])
    for incident, unit_ids, code in [
        (make_incident(event), [units.team_a.pk], "unit_busy"),
        (make_incident(event, status=Status.CLOSED), [units.team_b.pk], "not_open"),
        (make_incident(event), [make_unit(other_event).pk], "unknown_unit"),
        (make_incident(event), [], "no_units"),
    ]:
        with pytest.raises(DomainError) as caught:
            dispatch.dispatch_units(duty, incident, unit_ids)
        assert caught.value.code == code


def test_suggested_units_are_the_nearest_dispatchable_leaves(
    event: Event, duty: Membership, units: Units
) -> None:
    incident = make_incident(event, lat=21.0312, lon=105.8512)
    ranked = rank_units(incident)
    codes = [r.unit.code for r in ranked]
    assert codes[0] == units.team_a.code
    assert units.police.code not in codes  # a department goes out through its teams
    costs = [r.cost for r in ranked if r.cost is not None]
    assert costs == sorted(costs) and costs[0] < 50
    dispatch.dispatch_units(duty, make_incident(event), [units.team_a.pk])
    assert units.team_a.code not in [r.unit.code for r in rank_units(incident)]


def test_the_unit_works_its_call_from_its_phone(
    event: Event, duty: Membership, units: Units, client_for: ClientFor
) -> None:
    officer = make_member(event, Role.FIELD_OFFICER, username="fo-a", unit_id=units.team_a.pk)
    incident = make_incident(event)
    dispatch.dispatch_units(duty, incident, [units.team_a.pk])
    phone = client_for(officer)
    page = phone.get(_url("unit_phone", event, units.team_a.pk)).content.decode()
    assert incident.reference in page and "Acknowledge" in page
    state = _url("unit_state", event, units.team_a.pk)
    assert phone.post(state, {"acknowledge": "1"}).status_code == 302
    for step in ("en_route", "on_scene"):
        assert phone.post(state, {"state": step}).status_code == 302
    incident.refresh_from_db()
    assert incident.status == Status.ON_SCENE
    assert phone.post(state, {"state": "returning"}).status_code == 302
    assert phone.post(state, {"state": "available"}).status_code == 302
    a = Assignment.objects.get()
    assert a.acknowledged_at and a.en_route_at and a.on_scene_at and a.cleared_at
    assert a.dispatched_at <= a.acknowledged_at <= a.en_route_at <= a.on_scene_at <= a.cleared_at
    steps = list(UnitStatusChange.objects.filter(unit=units.team_a).values_list("state", flat=True))
    assert steps == ["dispatched", "en_route", "on_scene", "returning", "available"]
    bad = phone.post(state, {"state": "on_scene"})
    assert bad.status_code == 409 and "cannot go from" in bad.content.decode()


def test_another_units_phone_page_is_404(event: Event, units: Units, client_for: ClientFor) -> None:
    officer = make_member(event, Role.FIELD_OFFICER, username="fo-b", unit_id=units.team_b.pk)
    phone = client_for(officer)
    assert phone.get(_url("unit_phone", event, units.team_a.pk)).status_code == 404
    assert (
        phone.post(
            _url("unit_state", event, units.team_a.pk), {"state": "out_of_service"}
        ).status_code
        == 404
    )


def test_the_desk_dispatches_from_the_incident_page(
    event: Event, units: Units, members: dict[str, User], client_for: ClientFor
) -> None:
    incident = make_incident(event)
    desk = client_for(members[Role.DISPATCHER])
    page = desk.get(_url("incident", event, incident.pk)).content.decode()
    assert units.team_a.code in page
    response = desk.post(
        _url("incident_dispatch", event, incident.pk), {"units": [units.team_b.pk, units.fire.pk]}
    )
    assert response.status_code == 302
    assert Incident.objects.get().status == Status.DISPATCHED
    again = desk.post(_url("incident_dispatch", event, incident.pk), {"units": ["nope"]})
    assert again.status_code == 400

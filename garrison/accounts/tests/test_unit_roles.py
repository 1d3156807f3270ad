"""Unit roles fail closed (docs/security.md #2): a unit commander or field officer must name one of
the event's own units, and one stored without a unit sees none of the units' data."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from garrison.accounts import services
from garrison.accounts.models import Membership, Role, User
from garrison.accounts.roles import UNIT_SCOPED_ROLES
from garrison.accounts.scope import filter_by_unit, unit_scope
from garrison.audit.models import Entry
from garrison.conftest import PASSWORD, make_member
from garrison.core.errors import DomainError
from garrison.events.models import Event
from garrison.forces.access import visible_units
from garrison.forces.models import Unit
from garrison.ops.access import visible_incidents
from garrison.ops.tests.factories import make_incident, make_unit

MembershipOf = Callable[[User, Event], Membership]
ClientFor = Callable[[User], Client]

UNIT_ROLES = sorted(UNIT_SCOPED_ROLES)


def _refused(call: Callable[..., object], *args: object) -> DomainError:
    with pytest.raises(DomainError) as refused:
        call(*args)
    assert refused.value.status == 400 and refused.value.field == "unit_id"
    return refused.value


# --- The membership service ---------------------------------------------------------------------


@pytest.mark.parametrize("role", UNIT_ROLES)
def test_a_unit_role_without_a_unit_is_refused(
    event: Event, commander: User, outsider: User, membership_of: MembershipOf, role: str
) -> None:
    actor = membership_of(commander, event)
    error = _refused(services.add_member, actor, outsider.username, role)
    assert error.code == "unit_required"
    assert "give the unit's number" in str(error.message)
    error = _refused(services.create_member, actor, "tuan", PASSWORD, role)
    assert error.code == "unit_required"
    assert not Membership.objects.filter(user=outsider).exists()
    assert not User.objects.filter(username="tuan").exists()
    assert not Entry.objects.exists()


@pytest.mark.parametrize("role", UNIT_ROLES)
def test_an_invented_or_another_events_unit_is_refused(
    event: Event,
    other_event: Event,
    commander: User,
    outsider: User,
    membership_of: MembershipOf,
    role: str,
) -> None:
    actor = membership_of(commander, event)
    elsewhere = make_unit(other_event)
    for unit_id in (999_999, elsewhere.pk):
        error = _refused(services.add_member, actor, outsider.username, role, unit_id)
        assert error.code == "unknown_unit"
        assert f"no unit with number {unit_id}" in str(error.message)
    assert not Membership.objects.filter(user=outsider).exists()


def test_a_change_to_a_unit_role_needs_a_unit_of_the_event(
    event: Event,
    other_event: Event,
    commander: User,
    viewer: User,
    membership_of: MembershipOf,
) -> None:
    actor, target = membership_of(commander, event), membership_of(viewer, event)
    for unit_id in (None, 999_999, make_unit(other_event).pk):
        _refused(services.change_membership, actor, target, Role.UNIT_COMMANDER, unit_id)
    target.refresh_from_db()
    assert (target.role, target.unit_id) == (Role.VIEWER, None)
    mine = make_unit(event)
    services.change_membership(actor, target, Role.UNIT_COMMANDER, mine.pk)
    target.refresh_from_db()
    assert (target.role, target.unit_id) == (Role.UNIT_COMMANDER, mine.pk)


def test_an_event_wide_role_may_still_be_attached_to_one_of_the_events_units(
    event: Event, commander: User, outsider: User, membership_of: MembershipOf
) -> None:
    actor = membership_of(commander, event)
    services.add_member(actor, outsider.username, Role.DISPATCHER)
    target = membership_of(outsider, event)
    _refused(services.change_membership, actor, target, Role.DISPATCHER, 999_999)
    unit = make_unit(event)
    assert services.change_membership(actor, target, Role.DISPATCHER, unit.pk).unit_id == unit.pk


# --- The members page -----------------------------------------------------------------------------


def test_the_members_page_says_why_a_unit_role_is_refused(
    event: Event, commander: User, outsider: User, client_for: ClientFor
) -> None:
    client = client_for(commander)
    add = reverse("members:add", kwargs={"event": event.slug})
    create = reverse("members:create", kwargs={"event": event.slug})

    no_unit = client.post(add, {"username": outsider.username, "role": "unit_commander"})
    assert no_unit.status_code == 400
    assert "sees only its unit: give the unit&#x27;s number." in no_unit.content.decode()

    invented = client.post(
        create,
        {"username": "tuan", "password": PASSWORD, "role": "field_officer", "unit_id": "999999"},
    )
    assert invented.status_code == 400
    assert "This event has no unit with number 999999." in invented.content.decode()
    assert not User.objects.filter(username="tuan").exists()
    assert not Membership.objects.filter(user=outsider).exists()


def test_the_change_form_keeps_a_member_without_a_valid_unit_as_they_were(
    event: Event, commander: User, viewer: User, client_for: ClientFor, membership_of: MembershipOf
) -> None:
    target = membership_of(viewer, event)
    url = reverse("members:change", kwargs={"event": event.slug, "membership_id": target.pk})
    response = client_for(commander).post(url, {"role": "unit_commander"}, follow=True)
    assert "sees only its unit" in response.content.decode()
    target.refresh_from_db()
    assert (target.role, target.unit_id) == (Role.VIEWER, None)


# --- The scope, for rows stored before the service refused them -----------------------------------


@pytest.mark.parametrize("role", UNIT_ROLES)
def test_a_stored_unit_role_without_a_unit_sees_no_units_data(
    event: Event, membership_of: MembershipOf, role: str
) -> None:
    unit = make_unit(event)
    make_incident(event, reporting_unit=unit)
    make_incident(event)
    # Written directly, as rows stored before the check (or by hand) were.
    unitless = membership_of(make_member(event, role, username="unitless"), event)
    assert unit_scope(unitless) == frozenset()
    assert not filter_by_unit(Unit.objects.filter(event=event), unitless, field="id").exists()
    assert not visible_units(unitless).exists()
    assert not visible_incidents(unitless).exists()

    # The same role with its unit sees its unit's incident; an event-wide role sees both.
    scoped = membership_of(make_member(event, role, username="scoped", unit_id=unit.pk), event)
    assert visible_incidents(scoped).count() == 1
    dispatcher = membership_of(make_member(event, Role.DISPATCHER, username="desk"), event)
    assert unit_scope(dispatcher) is None and visible_incidents(dispatcher).count() == 2


def test_a_stored_unit_commander_without_a_unit_sees_no_incidents_on_the_page(
    event: Event, client_for: ClientFor
) -> None:
    incident = make_incident(event)
    url = reverse("ops:incidents", kwargs={"event": event.slug})
    desk = make_member(event, Role.DISPATCHER, username="desk")
    assert incident.reference in client_for(desk).get(url).content.decode()
    unitless = make_member(event, Role.UNIT_COMMANDER, username="unitless")
    page = client_for(unitless).get(url)
    assert page.status_code == 200
    assert incident.reference not in page.content.decode()

"""Commanders manage who holds which role (docs/security.md #4, #5)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from garrison.accounts import services
from garrison.accounts.models import Membership, Role, User
from garrison.audit.models import Entry
from garrison.conftest import PASSWORD, make_member
from garrison.core.errors import DomainError
from garrison.events.models import Event
from garrison.ops.tests.factories import make_unit

MembershipOf = Callable[[User, Event], Membership]


def _url(name: str, event: Event, **kwargs: int) -> str:
    return reverse(f"members:{name}", kwargs={"event": event.slug, **kwargs})


# --- Services ---------------------------------------------------------------------------------


def test_commander_adds_an_existing_user_with_audit(
    event: Event, commander: User, outsider: User, membership_of: MembershipOf
) -> None:
    unit = make_unit(event)  # a unit role names one of the event's units (test_unit_roles.py)
    membership = services.add_member(
        membership_of(commander, event), "OUTSIDER", Role.FIELD_OFFICER, unit.pk
    )
    assert (membership.user_id, membership.role, membership.unit_id) == (
        outsider.pk,
        "field_officer",
        unit.pk,
    )
    entry = Entry.objects.get(action="accounts.membership.created")
    assert entry.actor_user_id == commander.pk and entry.event_id == event.pk
    assert entry.after == {"user_id": outsider.pk, "role": "field_officer", "unit_id": unit.pk}


def test_commander_creates_a_user_and_membership(
    event: Event, commander: User, membership_of: MembershipOf
) -> None:
    membership = services.create_member(
        membership_of(commander, event), "lan.nguyen", PASSWORD, Role.DISPATCHER, full_name="Lan"
    )
    user = User.objects.get(username="lan.nguyen")
    assert user.check_password(PASSWORD) and user.full_name == "Lan"
    assert membership.role == Role.DISPATCHER
    actions = list(Entry.objects.values_list("action", flat=True))
    assert actions == ["accounts.user.created", "accounts.membership.created"]


def test_it_refuses_a_weak_password_and_creates_nothing(
    event: Event, commander: User, membership_of: MembershipOf
) -> None:
    with pytest.raises(DomainError) as err:
        services.create_member(membership_of(commander, event), "lan", "12345", Role.VIEWER)
    assert err.value.code == "weak_password" and err.value.field == "password"
    assert not User.objects.filter(username="lan").exists()
    assert not Entry.objects.exists()


def test_it_refuses_a_taken_username_in_any_case(
    event: Event, commander: User, membership_of: MembershipOf
) -> None:
    with pytest.raises(DomainError) as err:
        services.create_member(
            membership_of(commander, event), "VIEWER-congress", PASSWORD, "viewer"
        )
    assert err.value.code == "username_taken"


def test_it_refuses_a_second_membership_in_one_event(
    event: Event, commander: User, viewer: User, membership_of: MembershipOf
) -> None:
    with pytest.raises(DomainError) as err:
        services.add_member(membership_of(commander, event), viewer.username, Role.PLANNER)
    assert err.value.code == "already_member"


def test_it_refuses_an_unknown_role(
    event: Event, commander: User, outsider: User, membership_of: MembershipOf
) -> None:
    with pytest.raises(DomainError) as err:
        services.add_member(membership_of(commander, event), outsider.username, "superuser")
    assert err.value.code == "invalid_role"


@pytest.mark.parametrize("role", [r for r in Role if r != Role.COMMANDER])
def test_only_commanders_manage_members(
    event: Event, members: dict[str, User], outsider: User, role: Role, membership_of: MembershipOf
) -> None:
    with pytest.raises(DomainError) as err:
        services.add_member(membership_of(members[role], event), outsider.username, Role.VIEWER)
    assert err.value.status == 403
    assert not Membership.objects.filter(user=outsider).exists()


def test_commander_changes_role_and_unit_with_audit(
    event: Event, commander: User, viewer: User, membership_of: MembershipOf
) -> None:
    target = membership_of(viewer, event)
    unit = make_unit(event)
    services.change_membership(
        membership_of(commander, event), target, Role.UNIT_COMMANDER, unit.pk
    )
    target.refresh_from_db()
    assert (target.role, target.unit_id) == (Role.UNIT_COMMANDER, unit.pk)
    entry = Entry.objects.get(action="accounts.membership.changed")
    assert entry.before == {"user_id": viewer.pk, "role": "viewer", "unit_id": None}
    assert entry.after == {"user_id": viewer.pk, "role": "unit_commander", "unit_id": unit.pk}


def test_commander_removes_a_membership_with_audit(
    event: Event, commander: User, viewer: User, membership_of: MembershipOf
) -> None:
    target = membership_of(viewer, event)
    services.remove_membership(membership_of(commander, event), target)
    assert not Membership.objects.filter(pk=target.pk).exists()
    assert User.objects.filter(pk=viewer.pk).exists()  # the person keeps their other events
    entry = Entry.objects.get(action="accounts.membership.removed")
    assert entry.before == {"user_id": viewer.pk, "role": "viewer", "unit_id": None}


def test_the_last_commander_cannot_be_removed_or_demoted(
    event: Event, commander: User, membership_of: MembershipOf
) -> None:
    own = membership_of(commander, event)
    with pytest.raises(DomainError) as err:
        services.remove_membership(own, own)
    assert err.value.code == "last_commander"
    with pytest.raises(DomainError):
        services.change_membership(own, own, Role.VIEWER)
    second = make_member(event, Role.COMMANDER, username="second-commander")
    services.change_membership(own, own, Role.VIEWER)  # allowed now: another commander remains
    assert membership_of(second, event).role == Role.COMMANDER


def test_a_commander_cannot_touch_another_events_membership(
    event: Event, other_event: Event, commander: User, membership_of: MembershipOf
) -> None:
    stranger = make_member(other_event, Role.VIEWER, username="stranger")
    with pytest.raises(DomainError) as err:
        services.remove_membership(
            membership_of(commander, event), membership_of(stranger, other_event)
        )
    assert err.value.status == 404
    assert Membership.objects.filter(user=stranger).exists()


# --- Pages ------------------------------------------------------------------------------------


def test_commander_sees_the_member_list(
    event: Event, commander: User, members: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    response = client_for(commander).get(_url("list", event))
    assert response.status_code == 200
    for user in members.values():
        assert user.username.encode() in response.content


def test_a_planner_may_not_open_the_member_list(
    event: Event, planner: User, client_for: Callable[[User], Client]
) -> None:
    assert client_for(planner).get(_url("list", event)).status_code == 403


def test_an_outsider_gets_404(
    event: Event, commander: User, outsider: User, client_for: Callable[[User], Client]
) -> None:
    assert client_for(outsider).get(_url("list", event)).status_code == 404


def test_commander_creates_a_member_through_the_page(
    event: Event, commander: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(commander).post(
        _url("create", event),
        {"username": "minh", "password": PASSWORD, "role": "dispatcher", "full_name": "Minh"},
    )
    assert response.status_code == 302
    assert Membership.objects.get(user__username="minh", event=event).role == Role.DISPATCHER


def test_the_add_form_shows_service_errors_on_its_field(
    event: Event, commander: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(commander).post(
        _url("add", event), {"username": "nobody", "role": "viewer"}
    )
    assert response.status_code == 400
    assert b"There is no user with this username." in response.content


def test_removing_a_role_takes_effect_on_the_next_request(
    event: Event,
    commander: User,
    members: dict[str, User],
    client_for: Callable[[User], Client],
    membership_of: MembershipOf,
) -> None:
    officer = members[Role.ACCREDITATION_OFFICER]
    officer_client = client_for(officer)
    devices_url = _url("devices", event)
    assert officer_client.get(devices_url).status_code == 200

    target = membership_of(officer, event)
    removed = client_for(commander).post(_url("remove", event, membership_id=target.pk))
    assert removed.status_code == 302

    assert officer_client.get(devices_url).status_code == 404


def test_demoting_takes_effect_on_the_next_request(
    event: Event,
    commander: User,
    members: dict[str, User],
    client_for: Callable[[User], Client],
    membership_of: MembershipOf,
) -> None:
    officer = members[Role.ACCREDITATION_OFFICER]
    officer_client = client_for(officer)
    target = membership_of(officer, event)
    client_for(commander).post(_url("change", event, membership_id=target.pk), {"role": "viewer"})
    assert officer_client.get(_url("devices", event)).status_code == 403


def test_extra_fields_in_the_change_form_are_ignored(
    event: Event,
    other_event: Event,
    commander: User,
    viewer: User,
    client_for: Callable[[User], Client],
    membership_of: MembershipOf,
) -> None:
    target = membership_of(viewer, event)
    client_for(commander).post(
        _url("change", event, membership_id=target.pk),
        {"role": "dispatcher", "event": other_event.slug, "user": commander.pk, "id": 999},
    )
    target.refresh_from_db()
    assert (target.event_id, target.user_id, target.role) == (event.pk, viewer.pk, "dispatcher")
    assert not Membership.objects.filter(event=other_event).exists()


def test_extra_role_and_event_fields_on_the_device_form_are_ignored(
    event: Event,
    other_event: Event,
    members: dict[str, User],
    client_for: Callable[[User], Client],
    membership_of: MembershipOf,
) -> None:
    officer = members[Role.ACCREDITATION_OFFICER]
    response = client_for(officer).post(
        _url("device_enrol", event),
        {"name": "Gate 1", "event": other_event.slug, "role": "commander", "unit_id": 3},
    )
    assert response.status_code in (200, 302)
    assert membership_of(officer, event).role == Role.ACCREDITATION_OFFICER
    assert membership_of(officer, event).unit_id is None
    assert [d.event_id for d in event.devices.all()] == [event.pk]
    assert not other_event.devices.exists()


def test_removing_another_events_membership_by_id_is_404(
    event: Event,
    other_event: Event,
    commander: User,
    client_for: Callable[[User], Client],
    membership_of: MembershipOf,
) -> None:
    stranger = make_member(other_event, Role.VIEWER, username="stranger")
    target = membership_of(stranger, other_event)
    response = client_for(commander).post(_url("remove", event, membership_id=target.pk))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=target.pk).exists()


def test_the_member_list_is_in_vietnamese(
    event: Event, commander: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(commander)
    client.cookies["django_language"] = "vi"
    content = client.get(_url("list", event)).content.decode()
    for word in ("Chỉ huy", "Cán bộ trực ban", "Điều phối viên", "Cán bộ cấp thẻ", "Người xem"):
        assert word in content

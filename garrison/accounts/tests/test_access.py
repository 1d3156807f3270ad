"""Lookups by id are scoped to the event: another event's object is 404 (docs/security.md #2)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.http import Http404

from garrison.accounts.access import access_device_by_id, access_membership_by_id
from garrison.accounts.models import Membership, Role, User
from garrison.accounts.services import enrol_device
from garrison.conftest import make_member
from garrison.events.models import Event

MembershipOf = Callable[[User, Event], Membership]


def test_a_member_finds_a_membership_of_their_event(
    event: Event, commander: User, viewer: User, membership_of: MembershipOf
) -> None:
    target = membership_of(viewer, event)
    assert access_membership_by_id(commander, event, target.pk) == target


def test_another_events_membership_is_404_even_through_its_id(
    event: Event, other_event: Event, commander: User, membership_of: MembershipOf
) -> None:
    stranger = make_member(other_event, Role.VIEWER, username="stranger")
    target = membership_of(stranger, other_event)
    with pytest.raises(Http404):
        access_membership_by_id(commander, event, target.pk)
    # Naming the other event does not help either: the commander is no member there.
    with pytest.raises(Http404):
        access_membership_by_id(commander, other_event, target.pk)


def test_a_missing_membership_is_404(event: Event, commander: User) -> None:
    with pytest.raises(Http404):
        access_membership_by_id(commander, event, 987654)


def test_a_device_is_found_only_in_its_event(
    event: Event, other_event: Event, commander: User, outsider: User, membership_of: MembershipOf
) -> None:
    device, _token = enrol_device(membership_of(commander, event), "Gate")
    assert access_device_by_id(commander, event, device.pk) == device
    make_member(other_event, Role.COMMANDER, username="other-commander")
    other_commander = User.objects.get(username="other-commander")
    with pytest.raises(Http404):
        access_device_by_id(other_commander, other_event, device.pk)
    with pytest.raises(Http404):
        access_device_by_id(other_commander, event, device.pk)
    with pytest.raises(Http404):
        access_device_by_id(outsider, event, device.pk)

"""Scanner devices: enrolment shows the token once; revocation works on the next call."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Device, Membership, Role, User
from garrison.accounts.services import authenticate_device, enrol_device, revoke_device
from garrison.audit.models import Entry
from garrison.core.errors import DomainError
from garrison.events.models import Event

MembershipOf = Callable[[User, Event], Membership]


def _url(name: str, event: Event, **kwargs: int) -> str:
    return reverse(f"members:{name}", kwargs={"event": event.slug, **kwargs})


def test_a_revoked_devices_token_stops_on_the_next_call(
    event: Event, commander: User, membership_of: MembershipOf
) -> None:
    membership = membership_of(commander, event)
    device, token = enrol_device(membership, "Gate 1 phone")
    assert authenticate_device(token) == device
    revoke_device(membership, device)
    assert authenticate_device(token) is None
    assert list(Entry.objects.values_list("action", flat=True)) == [
        "accounts.device.enrolled",
        "accounts.device.revoked",
    ]


def test_only_the_tokens_hash_is_stored(
    event: Event, commander: User, membership_of: MembershipOf
) -> None:
    device, token = enrol_device(membership_of(commander, event), "Gate 2")
    stored = Device.objects.get(pk=device.pk)
    assert token not in (stored.token_hash, stored.token_prefix) and len(stored.token_prefix) == 8


@pytest.mark.parametrize("token", ["", "gd_unknown", "x" * 500])
def test_unknown_or_oversized_tokens_do_not_authenticate(db: object, token: str) -> None:
    assert authenticate_device(token) is None


def test_a_viewer_cannot_enrol_a_device(
    event: Event, viewer: User, membership_of: MembershipOf
) -> None:
    with pytest.raises(DomainError) as err:
        enrol_device(membership_of(viewer, event), "Sneaky")
    assert err.value.status == 403
    assert not Device.objects.exists()


def test_the_token_is_shown_once_on_the_page(
    event: Event, commander: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(commander)
    response = client.post(_url("device_enrol", event), {"name": "Gate 3"})
    assert response.status_code == 200
    token = response.context["token"]
    assert token.encode() in response.content
    assert response["Cache-Control"] == "no-store"
    assert authenticate_device(token) is not None
    assert token.encode() not in client.get(_url("devices", event)).content


def test_commander_revokes_through_the_page(
    event: Event, commander: User, client_for: Callable[[User], Client], membership_of: MembershipOf
) -> None:
    device, token = enrol_device(membership_of(commander, event), "Gate 4")
    response = client_for(commander).post(_url("device_revoke", event, device_id=device.pk))
    assert response.status_code == 302
    assert authenticate_device(token) is None


def test_another_events_device_cannot_be_revoked_by_id(
    event: Event,
    other_event: Event,
    commander: User,
    client_for: Callable[[User], Client],
) -> None:
    from garrison.conftest import make_member

    other_commander = make_member(other_event, Role.COMMANDER, username="other-commander")
    foreign = Membership.objects.get(user=other_commander)
    device, token = enrol_device(foreign, "Their gate")
    response = client_for(commander).post(_url("device_revoke", event, device_id=device.pk))
    assert response.status_code == 404
    assert authenticate_device(token) is not None

"""API callers: sessions with CSRF and a second factor, scanner devices only on their endpoints."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils.crypto import get_random_string

from garrison.accounts.models import Device, Membership, User
from garrison.accounts.roles import MFA_ROLES
from garrison.accounts.services import enrol_device, revoke_device
from garrison.audit.models import Entry
from garrison.events.models import Event, Site

ClientFor = Callable[[User], Client]
MembershipOf = Callable[[User, Event], Membership]

SITE = {"name": "Gate house", "kind": "other", "lat": 21.0, "lon": 105.8}


@pytest.fixture
def gate_device(event: Event, commander: User, membership_of: MembershipOf) -> tuple[Device, str]:
    return enrol_device(membership_of(commander, event), "Gate 1 phone")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_anonymous_caller_gets_401_with_a_message(event: Event) -> None:
    response = Client().get("/api/v1/events/congress")
    assert response.status_code == 401
    assert response.json() == {"code": "unauthorized", "message": "Sign in first."}


def test_device_reads_its_own_identity(gate_device: tuple[Device, str]) -> None:
    _device, token = gate_device
    response = Client().get("/api/v1/devices/me", headers=bearer(token))
    assert response.status_code == 200
    assert response.json() == {"name": "Gate 1 phone", "event": "congress"}


def test_device_token_is_refused_on_member_endpoints(
    event: Event, gate_device: tuple[Device, str]
) -> None:
    _device, token = gate_device
    client = Client()
    for url in ("/api/v1/events/", "/api/v1/events/congress", "/api/v1/events/congress/sites"):
        response = client.get(url, headers=bearer(token))
        assert response.status_code == 403, url
        assert response.json()["code"] == "device_not_allowed"
    response = client.post(
        "/api/v1/events/congress/sites",
        data=json.dumps(SITE),
        content_type="application/json",
        headers=bearer(token),
    )
    assert response.status_code == 403
    assert not Site.objects.exists()


def test_device_token_beside_a_members_session_is_still_refused(
    event: Event, viewer: User, gate_device: tuple[Device, str], client_for: ClientFor
) -> None:
    # A stolen device token must not ride along with someone's session either.
    _device, token = gate_device
    response = client_for(viewer).get("/api/v1/events/congress", headers=bearer(token))
    assert response.status_code == 403


def test_member_session_cannot_call_device_endpoints(
    event: Event, commander: User, client_for: ClientFor
) -> None:
    response = client_for(commander).get("/api/v1/devices/me")
    assert response.status_code == 401


def test_revoked_device_gets_401_on_its_next_request(
    event: Event,
    commander: User,
    gate_device: tuple[Device, str],
    membership_of: MembershipOf,
) -> None:
    device, token = gate_device
    client = Client()
    assert client.get("/api/v1/devices/me", headers=bearer(token)).status_code == 200
    revoke_device(membership_of(commander, event), device)
    response = client.get("/api/v1/devices/me", headers=bearer(token))
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    # And a revoked token is no longer even recognised as a device on member endpoints.
    assert client.get("/api/v1/events/congress", headers=bearer(token)).status_code == 401


def test_unknown_bearer_token_is_401(event: Event) -> None:
    response = Client().get("/api/v1/devices/me", headers=bearer("gd_not-a-real-token"))
    assert response.status_code == 401


@pytest.mark.parametrize("role", sorted(MFA_ROLES))
def test_second_factor_roles_are_refused_without_a_verified_session(
    event: Event, members: dict[str, User], role: str
) -> None:
    client = Client()
    client.force_login(members[role])  # password only, no TOTP
    response = client.get("/api/v1/events/congress")
    assert response.status_code == 403
    assert response.json()["code"] == "second_factor_required"
    assert "second factor" in response.json()["message"]
    refused = client.post(
        "/api/v1/events/congress/sites", data=json.dumps(SITE), content_type="application/json"
    )
    assert refused.status_code == 403
    assert not Site.objects.exists()


def test_a_viewer_needs_no_second_factor(event: Event, viewer: User) -> None:
    client = Client()
    client.force_login(viewer)
    assert client.get("/api/v1/events/congress").status_code == 200


def test_verified_commander_gets_through(
    event: Event, commander: User, client_for: ClientFor
) -> None:
    response = client_for(commander).get("/api/v1/events/congress")
    assert response.status_code == 200
    assert response.json()["role"] == "commander"


def test_unsafe_methods_need_the_csrf_token(
    event: Event, planner: User, client_for: ClientFor
) -> None:
    client = client_for(planner)
    client.handler.enforce_csrf_checks = True
    response = client.post(
        "/api/v1/events/congress/sites", data=json.dumps(SITE), content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert not Site.objects.exists()
    assert not Entry.objects.filter(action="events.site.created").exists()

    # With the token from the cookie in the header, as htmx and the docs page send it.
    token = get_random_string(32)
    client.cookies["csrftoken"] = token
    response = client.post(
        "/api/v1/events/congress/sites",
        data=json.dumps(SITE),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 201, response.content


def test_removed_membership_takes_effect_on_the_next_request(
    event: Event, planner: User, client_for: ClientFor
) -> None:
    client = client_for(planner)
    assert client.get("/api/v1/events/congress").status_code == 200
    Membership.objects.filter(user=planner).delete()
    assert client.get("/api/v1/events/congress").status_code == 404

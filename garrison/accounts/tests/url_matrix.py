"""Role × URL rows for the accounts app (docs/security.md #1); see ``garrison.core.testing.Route``."""

from __future__ import annotations

import secrets
from typing import Any

from garrison.accounts import roles
from garrison.accounts.models import Device, Membership, hash_token
from garrison.core.testing import Route
from garrison.events.models import Event

MEMBER_MANAGERS: frozenset[str] = frozenset(roles.MEMBER_MANAGERS)
DEVICE_MANAGERS: frozenset[str] = frozenset(roles.DEVICE_MANAGERS)


def _fresh_membership(event: Event) -> dict[str, Any]:
    """A viewer to change or remove, so the probe never touches the member under test."""
    from garrison.accounts.models import User

    user = User.objects.create_user(username=f"matrix-{secrets.token_hex(4)}")
    return {"membership_id": Membership.objects.create(user=user, event=event, role="viewer").pk}


def _fresh_device(event: Event) -> dict[str, Any]:
    token = Device.new_token()
    device = Device.objects.create(
        event=event, name="Matrix phone", token_hash=hash_token(token), token_prefix=token[:8]
    )
    return {"device_id": device.pk}


ROUTES: list[Route] = [
    # Public: the login form itself.
    Route("accounts:login", roles=None, event_scoped=False, anonymous="public"),
    # Need a password session but no event; a visitor who is not logged in goes to the login.
    Route("accounts:otp", roles=None, event_scoped=False, anonymous="login"),
    Route("accounts:otp_setup", roles=None, event_scoped=False, anonymous="login"),
    # POST only; anyone may post it, a visitor is simply sent to the login page.
    Route("accounts:logout", roles=None, event_scoped=False, method="POST", anonymous="public"),
    # Event-scoped member management: commanders only.
    Route("members:list", roles=MEMBER_MANAGERS),
    Route(
        "members:add", roles=MEMBER_MANAGERS, method="POST", data={"username": "", "role": "viewer"}
    ),
    Route("members:create", roles=MEMBER_MANAGERS, method="POST", data={"username": ""}),
    Route(
        "members:change",
        roles=MEMBER_MANAGERS,
        kwargs=_fresh_membership,
        method="POST",
        data={"role": "viewer", "unit_id": "3"},
    ),
    Route("members:remove", roles=MEMBER_MANAGERS, kwargs=_fresh_membership, method="POST"),
    # Scanner devices: commanders and accreditation officers.
    Route("members:devices", roles=DEVICE_MANAGERS),
    Route("members:device_enrol", roles=DEVICE_MANAGERS, method="POST", data={"name": "Matrix"}),
    Route("members:device_revoke", roles=DEVICE_MANAGERS, kwargs=_fresh_device, method="POST"),
]

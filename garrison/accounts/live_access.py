"""Who may listen to an event's live feed, and to which units' events.

Registered with the platform's consumer (garrison.core.consumers.register_access) when the
accounts app loads.
"""

from __future__ import annotations

from typing import Any

from garrison.accounts.models import Membership
from garrison.accounts.roles import MFA_ROLES
from garrison.accounts.scope import unit_scope
from garrison.core.consumers import Listening


def live_access(user: Any, session: Any, slug: str) -> Listening | None:
    """A member of the event hears its feed, narrowed to their units' events if their role is;
    anyone else (and an MFA role without its second factor) is refused."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    membership = Membership.objects.filter(user=user, event__slug=slug).first()
    if membership is None:
        return None
    # django-otp marks a verified session with the device id; MFA roles need it here too.
    if membership.role in MFA_ROLES and not (session and session.get("otp_device_id")):
        return None
    # The subtree resolver reads the unit tree from the database: this runs off the event loop.
    return Listening(event_id=membership.event_id, units=unit_scope(membership))

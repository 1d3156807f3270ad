"""Template context every page shares, from accounts: the events the user is a member of."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from garrison.accounts.access import events_of
from garrison.accounts.mfa import owes_second_factor


def my_events(request: HttpRequest) -> dict[str, Any]:
    """The top bar's event switch. Empty for a session that still owes its second factor: the
    login and code pages it sees must not name the person's events (docs/security.md #6)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"my_events": []}
    if owes_second_factor(user, getattr(request, "session", None)):
        return {"my_events": []}
    return {"my_events": events_of(user)}

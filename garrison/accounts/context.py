"""Template context every page shares, from accounts: the events the user is a member of."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from garrison.accounts.access import events_of


def my_events(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"my_events": events_of(user) if user is not None and user.is_authenticated else []}

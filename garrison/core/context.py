"""Template context every page shares: the shell (current event, user's events, tile settings)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def shell(request: HttpRequest) -> dict[str, Any]:
    from garrison.accounts.access import events_of
    from garrison.core.nav import sections_for

    event = getattr(request, "event", None)
    membership = getattr(request, "membership", None)
    user = getattr(request, "user", None)
    return {
        "current_event": event,
        "current_membership": membership,
        "nav_sections": sections_for(event.slug, membership.role, _view_name(request))
        if event and membership
        else [],
        "my_events": events_of(user) if user is not None and user.is_authenticated else [],
        "tile_url": settings.GARRISON_TILE_URL,
        "tile_attribution": settings.GARRISON_TILE_ATTRIBUTION,
    }


def _view_name(request: HttpRequest) -> str | None:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else None

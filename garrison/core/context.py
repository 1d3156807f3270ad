"""Template context every page shares: the shell (current event, navigation, tile settings).

The user's own events (the shell's event switch) come from ``accounts.context.my_events``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def shell(request: HttpRequest) -> dict[str, Any]:
    from garrison.core.js_catalog import query
    from garrison.core.nav import sections_for

    event = getattr(request, "event", None)
    membership = getattr(request, "membership", None)
    return {
        "current_event": event,
        "current_membership": membership,
        "nav_sections": sections_for(event.slug, membership.role, _view_name(request))
        if event and membership
        else [],
        "tile_url": settings.GARRISON_TILE_URL,
        "tile_attribution": settings.GARRISON_TILE_ATTRIBUTION,
        # The catalogue's language and version, so that browsers may keep it (core/js_catalog).
        "js_catalog_query": query(),
    }


def _view_name(request: HttpRequest) -> str | None:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else None

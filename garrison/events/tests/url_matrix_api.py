"""Matrix rows for the HTTP API under /api/v1/: reads for every member, writes for planners.

API routes answer an anonymous caller 401 (not a login redirect). Write rows send a valid JSON
body, so a refusal is the role's and not the body's; the per-role proof of every write with a
fresh object per role (deletes included) is ``test_api_roles.py``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from garrison.core.testing import ALL_ROLES, JSON, JsonBody, Route
from garrison.events.models import Event, Phase, PhaseKind, Site, SiteKind, Zone
from garrison.events.roles import EDITORS

_serial = itertools.count(1)

SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[105.84, 21.02], [105.85, 21.02], [105.85, 21.03], [105.84, 21.03], [105.84, 21.02]]
    ],
}


def _site(event: Event) -> Site:
    return Site.objects.create(
        event=event,
        name=f"API matrix site {next(_serial)}",
        kind=SiteKind.VENUE,
        lat=21.025,
        lon=105.845,
        polygon=SQUARE,
    )


def site_kwargs(event: Event) -> dict[str, Any]:
    return {"site_id": _site(event).pk}


def zone_kwargs(event: Event) -> dict[str, Any]:
    zone = Zone.objects.create(
        event=event,
        site=_site(event),
        code=f"AM{next(_serial)}",
        name="API matrix zone",
        polygon=SQUARE,
        access_level="controlled",
    )
    return {"zone_id": zone.pk}


def phase_kwargs(event: Event) -> dict[str, Any]:
    start = dt.datetime(2026, 12, 1, 8, tzinfo=event.tzinfo)
    phase = Phase.objects.create(
        event=event,
        kind=PhaseKind.DURING,
        name=f"API matrix phase {next(_serial)}",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=4),
    )
    return {"phase_id": phase.pk}


SITE_BODY = JsonBody(name="API matrix venue", kind="venue", lat=21.025, lon=105.845)
# The site id is not known when the rows are built: planners get 400 (not a site of this event),
# everyone else 403 first — the role is checked before the body's content.
ZONE_BODY = JsonBody(site_id=1, code="AMX", name="Zone", polygon=SQUARE, access_level="open")
PHASE_BODY = JsonBody(
    kind="during",
    name="Opening",
    starts_at="2026-12-01T08:00:00+07:00",
    ends_at="2026-12-01T12:00:00+07:00",
)
EVENT_BODY = JsonBody(description="Edited through the API matrix.")


def _api(name: str, roles: frozenset[str], **extra: Any) -> Route:
    return Route(f"api:{name}", roles=roles, anonymous="401", **extra)


def _write(name: str, method: str, body: JsonBody, **extra: Any) -> Route:
    return _api(name, frozenset(EDITORS), method=method, data=body, content_type=JSON, **extra)


ROUTES: list[Route] = [
    # The schema and its docs page hold no data: public, so tools can read them.
    Route("api:openapi-json", roles=None, event_scoped=False, anonymous="public"),
    Route("api:openapi-view", roles=None, event_scoped=False, anonymous="public"),
    # Ninja's own root name (/api/v1/), which serves nothing but 404.
    Route("api:api-root", roles=None, event_scoped=False, anonymous="public"),
    # Devices only: a member's session is 401 there (asserted in accounts/tests/test_api_auth).
    Route("api:device_me", roles=None, event_scoped=False, anonymous="401"),
    Route("api:event_list", roles=None, event_scoped=False, anonymous="401"),
    _api("event_detail", ALL_ROLES),
    _write("event_update", "PATCH", EVENT_BODY),
    _api("event_geojson", ALL_ROLES),
    _api("site_list", ALL_ROLES),
    _write("site_create", "POST", SITE_BODY),
    _api("site_detail", ALL_ROLES, kwargs=site_kwargs),
    _write("site_update", "PUT", SITE_BODY, kwargs=site_kwargs),
    # A DELETE would remove the object for the first planner role and leave the next a 404;
    # the matrix probes this URL by GET (the detail read) and test_api_roles.py proves DELETE.
    _api("site_delete", ALL_ROLES, kwargs=site_kwargs),
    _api("zone_list", ALL_ROLES),
    _write("zone_create", "POST", ZONE_BODY),
    _api("zone_detail", ALL_ROLES, kwargs=zone_kwargs),
    _write("zone_update", "PUT", ZONE_BODY, kwargs=zone_kwargs),
    _api("zone_delete", ALL_ROLES, kwargs=zone_kwargs),
    _api("phase_list", ALL_ROLES),
    _write("phase_create", "POST", PHASE_BODY),
    _api("phase_detail", ALL_ROLES, kwargs=phase_kwargs),
    _write("phase_update", "PUT", PHASE_BODY, kwargs=phase_kwargs),
    _api("phase_delete", ALL_ROLES, kwargs=phase_kwargs),
]

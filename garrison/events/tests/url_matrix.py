"""Matrix rows for the events screens: lists and pages for every member, editing for planners
(the retention policy for the commander)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from garrison.core.testing import ALL_ROLES, Route
from garrison.events.models import Event, Phase, PhaseKind, Site, SiteKind, Zone
from garrison.events.roles import ARCHIVE_EXPORTERS, EDITORS, RETENTION_EDITORS

# Each builder call makes fresh objects, so a row can be probed more than once in a run.
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
        name=f"Matrix site {next(_serial)}",
        kind=SiteKind.VENUE,
        lat=21.025,
        lon=105.845,
        polygon=SQUARE,
    )


def site_kwargs(event: Event) -> dict[str, Any]:
    return {"pk": _site(event).pk}


def zone_kwargs(event: Event) -> dict[str, Any]:
    site = _site(event)
    zone = Zone.objects.create(
        event=event,
        site=site,
        code=f"M{next(_serial)}",
        name="Matrix zone",
        polygon=SQUARE,
        access_level="controlled",
    )
    return {"pk": zone.pk}


def phase_kwargs(event: Event) -> dict[str, Any]:
    start = dt.datetime(2026, 12, 1, 8, tzinfo=event.tzinfo)
    phase = Phase.objects.create(
        event=event,
        kind=PhaseKind.DURING,
        name=f"Matrix phase {next(_serial)}",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=4),
    )
    return {"pk": phase.pk}


ROUTES: list[Route] = [
    Route("events:dashboard", roles=ALL_ROLES),
    Route("events:dashboard_panel", roles=ALL_ROLES),
    Route("events:dashboard_glance", roles=ALL_ROLES, kwargs=lambda event: {"name": "incidents"}),
    Route("events:settings", roles=frozenset(EDITORS)),
    Route("events:retention", roles=ALL_ROLES),
    Route("events:retention_edit", roles=frozenset(RETENTION_EDITORS)),
    Route("events:archive", roles=frozenset(ARCHIVE_EXPORTERS)),
    Route("events:archive", roles=frozenset(ARCHIVE_EXPORTERS), method="POST"),
    Route("events:map", roles=ALL_ROLES),
    Route("events:geojson", roles=ALL_ROLES),
    Route("events:tile", roles=ALL_ROLES, kwargs=lambda event: {"z": 16, "x": 52038, "y": 28851}),
    Route("events:phases", roles=ALL_ROLES),
    Route("events:phase_create", roles=frozenset(EDITORS)),
    Route("events:phase_edit", roles=frozenset(EDITORS), kwargs=phase_kwargs),
    # Deletes are probed by GET, which only asks for confirmation: a POST would remove the
    # object for the first role and leave the next ones a 404.
    Route("events:phase_delete", roles=frozenset(EDITORS), kwargs=phase_kwargs),
    Route("events:sites", roles=ALL_ROLES),
    Route("events:site_create", roles=frozenset(EDITORS)),
    Route("events:site_edit", roles=frozenset(EDITORS), kwargs=site_kwargs),
    Route("events:site_delete", roles=frozenset(EDITORS), kwargs=site_kwargs),
    Route("events:zones", roles=ALL_ROLES),
    Route("events:zone_create", roles=frozenset(EDITORS)),
    Route("events:zone_edit", roles=frozenset(EDITORS), kwargs=zone_kwargs),
    Route("events:zone_delete", roles=frozenset(EDITORS), kwargs=zone_kwargs),
]

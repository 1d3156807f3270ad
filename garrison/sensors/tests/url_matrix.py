"""Matrix rows for the sensors: the page for every member (counts name no one), devices,
segments and thresholds for commanders and planners, the count's reset for the desk too; the
counts API for counting devices only (no token: 401)."""

from __future__ import annotations

from typing import Any

from garrison.core.testing import ALL_ROLES, JSON, JsonBody, Route
from garrison.events.models import Event
from garrison.sensors.roles import MANAGERS as MANAGER_ROLES
from garrison.sensors.roles import RESETTERS as RESETTER_ROLES
from garrison.sensors.tests.support import make_counter, make_zone

MANAGERS: frozenset[str] = frozenset(MANAGER_ROLES)
RESETTERS: frozenset[str] = frozenset(RESETTER_ROLES)


def _zone(event: Event) -> dict[str, Any]:
    return {"pk": make_zone(event).pk}


def _device(event: Event) -> dict[str, Any]:
    return {"pk": make_counter(event, zone=make_zone(event)).device.pk}


ROUTES: list[Route] = [
    Route("sensors:overview", roles=ALL_ROLES),
    Route("sensors:segments_geojson", roles=ALL_ROLES),
    Route("sensors:layer", roles=ALL_ROLES),
    Route("sensors:device_create", roles=MANAGERS),
    Route("sensors:device_token", roles=MANAGERS, kwargs=_device, method="POST"),
    Route("sensors:device_revoke", roles=MANAGERS, kwargs=_device, method="POST"),
    Route("sensors:thresholds", roles=MANAGERS, kwargs=_zone),
    Route("sensors:reset", roles=RESETTERS, kwargs=_zone, method="POST", data={"value": "0"}),
    Route("sensors:segment_create", roles=MANAGERS),
    Route(
        "api:sensors_counts",
        roles=None,
        event_scoped=False,
        anonymous="401",
        method="POST",
        data=JsonBody(messages=[]),
        content_type=JSON,
    ),
]

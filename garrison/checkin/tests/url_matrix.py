"""Matrix rows for check-in: screens for commanders and accreditation officers; the API for
scanner devices only (a member's session gets 401 there), enrolment for anyone with a code."""

from __future__ import annotations

import itertools
from typing import Any

from garrison.accreditation.tests.url_matrix import make_zone
from garrison.checkin.models import Checkpoint
from garrison.checkin.roles import OFFICERS as OFFICER_ROLES
from garrison.core.testing import ALL_ROLES, JSON, JsonBody, Route
from garrison.events.models import Event

OFFICERS: frozenset[str] = frozenset(OFFICER_ROLES)
_serial = itertools.count(1)


def make_checkpoint(event: Event, direction: str = "both") -> Checkpoint:
    return Checkpoint.objects.create(
        event=event, zone=make_zone(event), name=f"Gate {next(_serial)}", direction=direction
    )


def checkpoint_kwargs(event: Event) -> dict[str, Any]:
    return {"pk": make_checkpoint(event).pk}


def _device(name: str, method: str = "GET", **extra: Any) -> Route:
    return Route(
        f"api:{name}", roles=None, event_scoped=False, anonymous="401", method=method, **extra
    )


ROUTES: list[Route] = [
    Route("checkin:checkpoints", roles=OFFICERS),
    Route("checkin:checkpoint_create", roles=OFFICERS),
    Route("checkin:checkpoint_edit", roles=OFFICERS, kwargs=checkpoint_kwargs),
    Route("checkin:checkpoint_delete", roles=OFFICERS, kwargs=checkpoint_kwargs),
    Route(
        "checkin:enrol",
        roles=OFFICERS,
        kwargs=checkpoint_kwargs,
        method="POST",
        data={"name": "Matrix phone"},
    ),
    Route("checkin:scans", roles=OFFICERS),
    # Counts only, no names: every member.
    Route("checkin:occupancy", roles=ALL_ROLES),
    Route("checkin:occupancy_panel", roles=ALL_ROLES),
    # Device-only API: proven per device in test_api.py.
    _device(
        "checkin_scan",
        "POST",
        data=JsonBody(id="6f1c1c1e-0000-4000-8000-000000000001", code="x", direction="entry"),
        content_type=JSON,
    ),
    _device("checkin_checkpoint"),
    _device("checkin_rules"),
    _device("checkin_keys"),
    _device("checkin_revocations"),
    _device("checkin_holder_photo"),
    # No token yet: the one-time code is what is checked (a wrong one is 400).
    Route(
        "api:checkin_enrol",
        roles=None,
        event_scoped=False,
        anonymous="public",
        method="POST",
        data=JsonBody(code="WRONG-CODE0"),
        content_type=JSON,
    ),
]
ROUTES += [
    Route(
        "api:checkin_sync",
        roles=None,
        event_scoped=False,
        anonymous="401",
        method="POST",
        data=JsonBody(items=[]),
        content_type=JSON,
    ),
]
# The offline scanner page: public, the device token in the phone is what the API checks.
ROUTES += [
    Route("scan:page", roles=None, event_scoped=False, anonymous="public"),
    Route("scan:service_worker", roles=None, event_scoped=False, anonymous="public"),
    Route("scan:manifest", roles=None, event_scoped=False, anonymous="public"),
    _device("checkin_holders"),
    _device("checkin_serial"),
]

"""Matrix rows for the operations desk: every member reads, the desk acts, planners edit types."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from garrison.core.testing import ALL_ROLES, JSON, JsonBody, Route
from garrison.events.models import Event
from garrison.ops.models import IncidentPhoto, IncidentType
from garrison.ops.roles import DESK, REPORTERS, SETTINGS_EDITORS, TYPE_EDITORS, UNIT_CREW
from garrison.ops.tests.factories import make_incident, make_unit

DESK_ROLES = frozenset(DESK)
REPORTER_ROLES = frozenset(REPORTERS)
TYPE_ROLES = frozenset(TYPE_EDITORS)
CREW_ROLES = frozenset(UNIT_CREW)
SETTINGS_ROLES = frozenset(SETTINGS_EDITORS)


def incident_kwargs(event: Event) -> dict[str, Any]:
    return {"pk": make_incident(event).pk}


def photo_kwargs(event: Event) -> dict[str, Any]:
    incident = make_incident(event)
    photo = IncidentPhoto.objects.create(
        incident=incident, data=b"\xff\xd8\xff", sha256="0" * 64, at=timezone.now(), actor_label="t"
    )
    return {"pk": incident.pk, "photo_id": photo.pk}


def unit_kwargs(event: Event) -> dict[str, Any]:
    return {"pk": make_unit(event).pk}


def type_kwargs(event: Event) -> dict[str, Any]:
    return {"pk": IncidentType.objects.filter(event=event).first().pk}  # type: ignore[union-attr]


ROUTES: list[Route] = [
    Route("ops:incidents", roles=ALL_ROLES),
    Route("ops:incident_create", roles=REPORTER_ROLES),
    Route("ops:incident", roles=ALL_ROLES, kwargs=incident_kwargs),
    Route(
        "ops:incident_triage",
        roles=DESK_ROLES,
        kwargs=incident_kwargs,
        method="POST",
        data={"type": "", "severity": "2"},
    ),
    Route(
        "ops:incident_status",
        roles=DESK_ROLES,
        kwargs=incident_kwargs,
        method="POST",
        data={"status": "triaged"},
    ),
    Route(
        "ops:incident_photo_upload",
        roles=REPORTER_ROLES,
        kwargs=incident_kwargs,
        method="POST",
        data={},
    ),
    Route("ops:incident_photo", roles=DESK_ROLES, kwargs=photo_kwargs),
    Route("ops:live", roles=ALL_ROLES),
    Route("ops:queue", roles=ALL_ROLES),
    Route("ops:incident_take", roles=DESK_ROLES, kwargs=incident_kwargs, method="POST", data={}),
    Route(
        "ops:incident_merge",
        roles=DESK_ROLES,
        kwargs=incident_kwargs,
        method="POST",
        data={"into": "x"},
    ),
    Route(
        "ops:incident_dispatch",
        roles=DESK_ROLES,
        kwargs=incident_kwargs,
        method="POST",
        data={"units": "x"},
    ),
    Route("ops:units", roles=ALL_ROLES),
    Route("ops:unit_phone", roles=CREW_ROLES, kwargs=unit_kwargs),
    Route(
        "ops:unit_state",
        roles=CREW_ROLES,
        kwargs=unit_kwargs,
        method="POST",
        data={"state": "out_of_service"},
    ),
    Route("ops:stats", roles=ALL_ROLES),
    Route("ops:incident_log", roles=ALL_ROLES, kwargs=incident_kwargs),
    Route(
        "ops:incident_note",
        roles=REPORTER_ROLES,
        kwargs=incident_kwargs,
        method="POST",
        data={"text": "matrix note"},
    ),
    Route("ops:unit_log", roles=ALL_ROLES, kwargs=unit_kwargs),
    Route(
        "ops:unit_note",
        roles=CREW_ROLES,
        kwargs=unit_kwargs,
        method="POST",
        data={"text": "matrix note"},
    ),
    Route("ops:settings", roles=SETTINGS_ROLES),
    Route("ops:types", roles=ALL_ROLES),
    Route("ops:type_create", roles=TYPE_ROLES),
    Route("ops:type_edit", roles=TYPE_ROLES, kwargs=type_kwargs),
]

PUBLIC_ROUTES: list[Route] = [
    Route("tip:form", roles=None, anonymous="public", event_scoped=False),
    Route("tip:status", roles=None, anonymous="public", event_scoped=False),
    Route("tip:tiles", roles=None, anonymous="public", kwargs=lambda e: {"z": 1, "x": 1, "y": 0}),
]
ROUTES += PUBLIC_ROUTES


def _api(name: str, roles: frozenset[str], **extra: Any) -> Route:
    return Route(f"api:{name}", roles=roles, anonymous="401", **extra)


def api_incident_kwargs(event: Event) -> dict[str, Any]:
    return {"incident_id": make_incident(event).pk}


def api_unit_kwargs(event: Event) -> dict[str, Any]:
    return {"unit_id": make_unit(event).pk}


# The type and unit ids are not known when the rows are built: permitted roles get 400 (no such
# type or unit), the others 403 first — the role is checked before the body's content.
API_ROUTES: list[Route] = [
    _api("ops_incident_list", ALL_ROLES),
    _api(
        "ops_incident_create",
        REPORTER_ROLES,
        method="POST",
        data=JsonBody(type_id=999999, description="API matrix", location_text="Gate 1"),
        content_type=JSON,
    ),
    _api("ops_incident_detail", ALL_ROLES, kwargs=api_incident_kwargs),
    _api(
        "ops_incident_status",
        DESK_ROLES,
        kwargs=api_incident_kwargs,
        method="POST",
        data=JsonBody(status="triaged"),
        content_type=JSON,
    ),
    _api(
        "ops_incident_dispatch",
        DESK_ROLES,
        kwargs=api_incident_kwargs,
        method="POST",
        data=JsonBody(unit_ids=[999999]),
        content_type=JSON,
    ),
    # Nobody in the matrix is on shift with the unit: its crew gets 409 ``not_on_shift``.
    _api(
        "ops_unit_position",
        CREW_ROLES,
        kwargs=api_unit_kwargs,
        method="POST",
        data=JsonBody(lat=21.03, lon=105.85, accuracy=10),
        content_type=JSON,
    ),
    _api(
        "ops_unit_position_stop",
        CREW_ROLES,
        kwargs=api_unit_kwargs,
        method="POST",
        data=JsonBody(),
        content_type=JSON,
    ),
]
ROUTES += API_ROUTES

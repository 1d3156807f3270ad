"""HTTP API of the operations desk: thin handlers over ``incidents/services.py`` and
``dispatch/services.py``.

Reads are scoped like the screens (a unit commander sees only incidents concerning their units;
anything else is 404); the services authorise and validate writes. Members only: devices are
refused by ``user_auth``. The contact of a public tip is not in the API: it is personal data the
desk reads on the incident page.
"""

from __future__ import annotations

from typing import Annotated

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import P, PathEx, Query, Router, Status

from garrison.accounts.access import access_event_by_slug
from garrison.accounts.api_auth import READ_ERRORS, WRITE_ERRORS, auth_user, responses, user_auth
from garrison.accounts.models import Membership
from garrison.events.models import Event
from garrison.events.schemas import MAX_ID, SLUG_PATTERN
from garrison.ops.access import access_incident_by_id, visible_incidents
from garrison.ops.dispatch import services as dispatch
from garrison.ops.incidents import services
from garrison.ops.incidents.lifecycle import OPEN
from garrison.ops.models import Assignment, Incident
from garrison.ops.schemas import DispatchIn, IncidentIn, IncidentOut, StatusIn

router = Router(tags=["ops"], auth=user_auth)

Slug = PathEx[str, P(pattern=SLUG_PATTERN, max_length=60, description="The event's short name.")]
ObjectId = PathEx[int, P(ge=1, le=MAX_ID)]
ShowAll = Annotated[bool, Query(False, description="Also closed, cancelled and merged ones.")]
LIST_LIMIT = 500


def _member(request: HttpRequest, slug: str) -> tuple[Event, Membership]:
    event, membership = access_event_by_slug(auth_user(request), slug)
    membership.event = event
    return event, membership


def _with_assignments(incidents: QuerySet[Incident]) -> QuerySet[Incident]:
    units = Prefetch("assignments", queryset=Assignment.objects.select_related("unit"))
    return incidents.select_related("type").prefetch_related(units)


def _read(request: HttpRequest, event: Event, incident_id: int) -> IncidentOut:
    incident = access_incident_by_id(auth_user(request), event, incident_id)
    return IncidentOut.of(_with_assignments(Incident.objects.filter(pk=incident.pk)).get())


@router.get(
    "/{event}/incidents",
    url_name="ops_incident_list",
    response=responses({200: list[IncidentOut]}, READ_ERRORS),
)
def list_incidents(request: HttpRequest, event: Slug, all: ShowAll = False) -> list[IncidentOut]:
    """The incidents the caller may see, newest first: open ones unless ``all``."""
    _ev, membership = _member(request, event)
    incidents = visible_incidents(membership)
    if not all:
        incidents = incidents.filter(status__in=OPEN)
    incidents = incidents.order_by("exercise", "-received_at", "-pk")
    return [IncidentOut.of(i) for i in _with_assignments(incidents)[:LIST_LIMIT]]


@router.post(
    "/{event}/incidents",
    url_name="ops_incident_create",
    response=responses({201: IncidentOut}, WRITE_ERRORS),
)
def create_incident(request: HttpRequest, event: Slug, payload: IncidentIn) -> Status[IncidentOut]:
    ev, membership = _member(request, event)
    location = services.Location(
        lat=None if payload.lat is None else float(payload.lat),
        lon=None if payload.lon is None else float(payload.lon),
        site_id=payload.site_id,
        zone_id=payload.zone_id,
        text=payload.location_text,
    )
    data = services.IncidentData(
        type_id=payload.type_id,
        severity=payload.severity,
        description=payload.description,
        source=payload.source,
        location=location,
    )
    incident = services.create_incident(membership, data)
    return Status(201, _read(request, ev, incident.pk))


@router.get(
    "/{event}/incidents/{incident_id}",
    url_name="ops_incident_detail",
    response=responses({200: IncidentOut}, READ_ERRORS),
)
def get_incident(request: HttpRequest, event: Slug, incident_id: ObjectId) -> IncidentOut:
    ev, _membership = _member(request, event)
    return _read(request, ev, incident_id)


@router.post(
    "/{event}/incidents/{incident_id}/status",
    url_name="ops_incident_status",
    response=responses({200: IncidentOut}, WRITE_ERRORS),
)
def change_status(
    request: HttpRequest, event: Slug, incident_id: ObjectId, payload: StatusIn
) -> IncidentOut:
    ev, membership = _member(request, event)
    incident = access_incident_by_id(auth_user(request), ev, incident_id)
    services.change_status(membership, incident, payload.status, payload.note)
    return _read(request, ev, incident_id)


@router.post(
    "/{event}/incidents/{incident_id}/dispatch",
    url_name="ops_incident_dispatch",
    response=responses({200: IncidentOut}, WRITE_ERRORS),
)
def dispatch_units(
    request: HttpRequest, event: Slug, incident_id: ObjectId, payload: DispatchIn
) -> IncidentOut:
    ev, membership = _member(request, event)
    incident = access_incident_by_id(auth_user(request), ev, incident_id)
    dispatch.dispatch_units(membership, incident, list(payload.unit_ids))
    return _read(request, ev, incident_id)

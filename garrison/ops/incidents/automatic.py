"""Incidents that a machine raises: a sensor's crowd alert, not a person's report.

Other apps call ``raise_incident`` (the one public entry, declared as their edge to ops in
pyproject.toml) when something they watch crosses a line by itself. Nobody reported it, so
there is no membership to check: the caller has decided the alert is due. The incident goes to
the desk like any new report: audited as the system, on the live picture after commit.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from garrison.audit.services import SYSTEM, record
from garrison.core.validate import text as clean_text
from garrison.events.models import Event, Zone
from garrison.ops.incidents.feed import emit_incident, incident_summary
from garrison.ops.incidents.services import DESCRIPTION_MAX, clean_severity, new_reference
from garrison.ops.live_events import INCIDENT_CREATED
from garrison.ops.models import Incident, IncidentTransition, IncidentType, Source, Status

logger = logging.getLogger(__name__)


def raise_incident(
    event: Event,
    *,
    type_code: str,
    severity: int,
    description: str,
    zone: Zone | None = None,
    point: tuple[float, float] | None = None,
    source: str = Source.SENSOR,
    actor_label: str = "sensor",
) -> Incident | None:
    """A new incident of the event's type ``type_code`` (its "other" type if the event has
    none), at ``zone`` and ``point`` (lat, lon; without one the map shows the zone's site); None
    if the event has neither type."""
    kinds = {
        k.code: k for k in IncidentType.objects.filter(event=event, code__in=[type_code, "other"])
    }
    kind = kinds.get(type_code) or kinds.get("other")
    if kind is None:
        logger.error(
            "event %s has no incident type %r nor 'other': alert dropped", event.pk, type_code
        )
        return None
    severity = clean_severity(severity)
    description = clean_text(description, "description", max_length=DESCRIPTION_MAX)
    site = zone.site if zone is not None else None
    with transaction.atomic():
        incident = Incident.objects.create(
            event=event,
            reference=new_reference(),
            type=kind,
            severity=severity,
            source=source,
            description=description,
            lat=point[0] if point is not None else None,
            lon=point[1] if point is not None else None,
            site=site,
            zone=zone,
            received_at=timezone.now(),
        )
        IncidentTransition.objects.create(
            incident=incident,
            to_status=Status.NEW,
            at=incident.received_at,
            actor_label=actor_label,
        )
        record(
            SYSTEM,
            "ops.incident.created",
            incident,
            event_id=event.pk,
            after=incident_summary(incident),
        )
        emit_incident(incident, INCIDENT_CREATED)
    return incident

"""Alerts that other parts of Garrison raise on the desk: a patrol round left incomplete, a zone
filling past its density threshold. Each becomes an incident like a staff report — on the triage
queue, the live picture and the response timers — raised by the system, not by a member.

This is the desk's public entrance for other apps (declared in pyproject.toml's contracts).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from garrison.audit.services import Actor, record
from garrison.core.validate import text as clean_text
from garrison.events.models import Event
from garrison.ops.incidents.feed import emit_incident, incident_summary
from garrison.ops.incidents.services import (
    DESCRIPTION_MAX,
    Location,
    clean_location,
    clean_severity,
    new_reference,
)
from garrison.ops.live_events import INCIDENT_CREATED
from garrison.ops.models import Incident, IncidentTransition, Source, Status
from garrison.ops.types.services import type_for_code


@dataclass
class AlertData:
    type_code: str  # one of the event's incident types ("crowd", "other"…)
    severity: int
    description: str
    source: str  # Source.PATROL, Source.SENSOR…
    location: Location
    raised_by: str  # the audit log's actor: "system:patrols"


def raise_alert(event: Event, data: AlertData) -> Incident:
    """A new incident for ``data``; call inside the transaction that noticed the cause."""
    kind = type_for_code(event, data.type_code)
    where = clean_location(event, data.location)
    description = clean_text(data.description, "description", max_length=DESCRIPTION_MAX)
    with transaction.atomic():
        incident = Incident.objects.create(
            event=event,
            reference=new_reference(),
            type=kind,
            severity=clean_severity(data.severity),
            source=data.source if data.source in Source.values else Source.STAFF,
            description=description,
            lat=where.lat,
            lon=where.lon,
            site=where.site,
            zone=where.zone,
            location_text=where.text,
            received_at=timezone.now(),
        )
        IncidentTransition.objects.create(
            incident=incident,
            to_status=Status.NEW,
            at=incident.received_at,
            actor_label=data.raised_by,
        )
        record(
            Actor(label=data.raised_by),
            "ops.incident.created",
            incident,
            event_id=event.pk,
            after=incident_summary(incident),
        )
        emit_incident(incident, INCIDENT_CREATED)
    return incident

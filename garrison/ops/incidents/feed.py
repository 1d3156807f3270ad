"""What an incident looks like in the audit log and on the live feed, and who may see it there."""

from __future__ import annotations

from typing import Any

from garrison.audit.services import char_counts
from garrison.core.live import Kind
from garrison.ops.live_events import IncidentFeature
from garrison.ops.models import Assignment, Incident, Source


def incident_unit_ids(incident: Incident) -> list[int]:
    """Units an incident concerns: those sent to it and the reporter's unit.

    The live consumer shows an event carrying these ids to a unit commander whose subtree
    holds any of them; an empty list reaches only event-wide roles.
    """
    ids = set(Assignment.objects.filter(incident=incident).values_list("unit_id", flat=True))
    if incident.reporting_unit_id is not None:
        ids.add(incident.reporting_unit_id)
    return sorted(ids)


def incident_summary(incident: Incident) -> dict[str, Any]:
    """The audit log's before/after: the facts, not the display."""
    summary = {
        "reference": incident.reference,
        "type": incident.type.code,
        "severity": incident.severity,
        "status": incident.status,
        "source": incident.source,
        "lat": incident.lat,
        "lon": incident.lon,
        "site": incident.site_id,
        "zone": incident.zone_id,
        "duplicate_of": incident.duplicate_of_id,
        "handler": incident.handler_id,
        "exercise": incident.exercise,
        # The description is free text the purge may empty (ops.personal): the row keeps the
        # words, the log only their length (``char_counts``).
        **char_counts(description=incident.description),
    }
    if incident.source != Source.PUBLIC_TIP:
        # Where staff said it happened stays: a place, not a person, and the purge keeps an
        # incident's place too. A resident's own words may name them or give their number
        # (people write it in the text as well as in the contact field); the audit log outlives
        # both (garrison.audit.services), so of a tip it keeps the facts, the row the words.
        summary["location_text"] = incident.location_text
    return summary


def incident_feature(incident: Incident) -> IncidentFeature:
    """The live picture's view of an incident. Text goes out raw; clients set it as text."""
    point = incident.point()
    return {
        "id": incident.pk,
        "reference": incident.reference,
        "type": incident.type.code,
        "type_name": incident.type.label,
        "severity": incident.severity,
        "status": incident.status,
        "source": incident.source,
        "description": incident.description[:200],
        "lat": point[0] if point else None,
        "lon": point[1] if point else None,
        "site": incident.site_id,
        "zone": incident.zone_id,
        "location_text": incident.location_text,
        "received_at": incident.received_at.isoformat(),
        "duplicate_of": incident.duplicate_of_id,
        "handler": incident.handler.display_name() if incident.handler else None,
        "exercise": incident.exercise,
    }


def emit_incident(
    incident: Incident, kind: Kind[IncidentFeature], *, duplicates: int | None = None
) -> None:
    feature = incident_feature(incident)
    if duplicates is not None:
        feature["duplicates"] = duplicates
    kind.emit(incident.event, feature, unit_ids=incident_unit_ids(incident))

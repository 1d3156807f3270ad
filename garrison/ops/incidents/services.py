"""The write path for incidents: report, triage, change status.

Every function: authorise → validate → change → audit (same transaction) → emit (after commit).
Tips from the public come in through ``receive_tip`` (``tips/services.py``); units are sent,
merged and taken through ``dispatch/services.py``. Incidents a machine raises (a sensor's crowd
alert) come through ``raise_incident``, the one function other apps call (their declared edge
to ops in pyproject.toml).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership, User
from garrison.accounts.scope import unit_scope
from garrison.audit.services import SYSTEM, Actor, char_counts, record
from garrison.core.errors import DomainError
from garrison.core.validate import text as clean_text
from garrison.events.geo import check_point
from garrison.events.models import Event, Site, Zone
from garrison.forces.models import Unit
from garrison.ops.incidents.feed import emit_incident, incident_summary
from garrison.ops.incidents.lifecycle import can_move
from garrison.ops.live_events import INCIDENT_CREATED, INCIDENT_UPDATED
from garrison.ops.models import Incident, IncidentTransition, IncidentType, Severity, Source, Status
from garrison.ops.roles import DESK, REPORTERS

# Unambiguous on a phone screen and read aloud: no 0/O, 1/I/L.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 8
DESCRIPTION_MAX = 2000

logger = logging.getLogger(__name__)


def new_reference() -> str:
    while True:
        code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        if not Incident.objects.filter(reference=code).exists():
            return code


@dataclass
class Location:
    lat: float | None = None
    lon: float | None = None
    site_id: int | None = None
    zone_id: int | None = None
    text: str = ""


@dataclass
class IncidentData:
    type_id: int
    severity: int
    description: str
    source: str = Source.STAFF
    location: Location | None = None
    # A drill's inject (garrison.drills): marked everywhere, kept out of real statistics.
    exercise: bool = False


@dataclass
class CleanLocation:
    lat: float | None
    lon: float | None
    site: Site | None
    zone: Zone | None
    text: str


def clean_location(event: Event, location: Location, *, required: bool = True) -> CleanLocation:
    """A map point, or a site/zone of this event, or words; at least one when ``required``."""
    lat = lon = None
    if location.lat is not None or location.lon is not None:
        if location.lat is None or location.lon is None:
            raise DomainError("invalid_point", _("Give both latitude and longitude."), field="lat")
        lat, lon = check_point(location.lat, location.lon)
    zone = site = None
    if location.zone_id is not None:
        zone = Zone.objects.filter(pk=location.zone_id, event=event).select_related("site").first()
        if zone is None:
            raise DomainError("unknown_zone", _("No such zone in this event."), field="zone")
        site = zone.site
    if location.site_id is not None:
        chosen = Site.objects.filter(pk=location.site_id, event=event).first()
        if chosen is None:
            raise DomainError("unknown_site", _("No such site in this event."), field="site")
        if site is not None and site.pk != chosen.pk:
            raise DomainError(
                "zone_not_in_site", _("The zone does not belong to this site."), field="zone"
            )
        site = chosen
    text = clean_text(location.text, "location_text", max_length=300, required=False)
    if required and lat is None and site is None and not text:
        raise DomainError(
            "location_required",
            _("Say where: a point on the map, a site or zone, or a few words."),
            field="location",
        )
    return CleanLocation(lat, lon, site, zone, text)


def clean_type(event: Event, type_id: int) -> IncidentType:
    kind = IncidentType.objects.filter(pk=type_id, event=event, active=True).first()
    if kind is None:
        raise DomainError("unknown_type", _("Choose one of the incident types."), field="type")
    return kind


def clean_severity(value: int) -> int:
    if value not in Severity.values:
        raise DomainError(
            "invalid_severity", _("Severity goes from 1 (critical) to 4 (low)."), field="severity"
        )
    return value


def record_transition(
    incident: Incident,
    target: str,
    *,
    user: User | None,
    label: str,
    note: str = "",
    at: dt.datetime | None = None,
) -> IncidentTransition:
    """Move ``incident`` (locked by the caller) and keep the timestamped, attributed record."""
    previous = incident.status
    incident.status = target
    incident.save(update_fields=["status"])
    return IncidentTransition.objects.create(
        incident=incident,
        from_status=previous,
        to_status=target,
        at=at or timezone.now(),
        user=user,
        actor_label=label,
        note=note[:500],
    )


def _reporting_unit(membership: Membership) -> Unit | None:
    if unit_scope(membership) is None or membership.unit_id is None:
        return None
    return Unit.objects.filter(pk=membership.unit_id, event_id=membership.event_id).first()


def create_incident(membership: Membership, data: IncidentData) -> Incident:
    """A report from staff: the desk itself, a field officer, a checkpoint, a sensor or a drill."""
    require_role(membership, REPORTERS)
    event = membership.event
    if data.source not in Source.values or data.source == Source.PUBLIC_TIP:
        raise DomainError(
            "invalid_source", _("Public tips come through the tip page."), field="source"
        )
    kind = clean_type(event, data.type_id)
    severity = clean_severity(data.severity)
    description = clean_text(data.description, "description", max_length=DESCRIPTION_MAX)
    where = clean_location(event, data.location or Location())
    user = membership.user
    with transaction.atomic():
        incident = Incident.objects.create(
            event=event,
            reference=new_reference(),
            type=kind,
            severity=severity,
            source=data.source,
            description=description,
            lat=where.lat,
            lon=where.lon,
            site=where.site,
            zone=where.zone,
            location_text=where.text,
            received_at=timezone.now(),
            reported_by=user,
            reporting_unit=_reporting_unit(membership),
            exercise=data.exercise,
        )
        IncidentTransition.objects.create(
            incident=incident,
            to_status=Status.NEW,
            at=incident.received_at,
            user=user,
            actor_label=user.get_username(),
        )
        record(
            Actor.of_user(user),
            "ops.incident.created",
            incident,
            event_id=event.pk,
            after=incident_summary(incident),
        )
        emit_incident(incident, INCIDENT_CREATED)
    return incident


def lock(incident: Incident) -> Incident:
    return (
        # ``of``: PostgreSQL cannot lock the nullable side of the joins (site, handler).
        Incident.objects.select_for_update(of=("self",))
        .select_related("event", "type", "site", "handler")
        .get(pk=incident.pk)
    )


def triage_incident(
    membership: Membership, incident: Incident, type_id: int, severity: int, note: str = ""
) -> Incident:
    """Set type and severity; a new report becomes ``triaged``, a later one keeps its status."""
    require_role(membership, DESK)
    kind = clean_type(membership.event, type_id)
    severity = clean_severity(severity)
    note = clean_text(note, "note", max_length=500, required=False)
    user = membership.user
    with transaction.atomic():
        incident = lock(incident)
        if incident.status not in (Status.NEW, Status.TRIAGED, Status.DISPATCHED, Status.ON_SCENE):
            raise DomainError(
                "not_open", _("This incident is no longer open."), status=409, field="status"
            )
        before = incident_summary(incident)
        incident.type, incident.severity = kind, severity
        incident.save(update_fields=["type", "severity"])
        if incident.status == Status.NEW:
            record_transition(
                incident, Status.TRIAGED, user=user, label=user.get_username(), note=note
            )
        record(
            Actor.of_user(user),
            "ops.incident.triaged",
            incident,
            event_id=incident.event_id,
            before=before,
            after=incident_summary(incident),
        )
        emit_incident(incident, INCIDENT_UPDATED)
    return incident


# Statuses with their own service: they need more than a word (units, the report merged into).
_THROUGH_OTHER_SERVICE: dict[str, str] = {Status.DISPATCHED: "dispatch", Status.DUPLICATE: "merge"}


def change_status(
    membership: Membership, incident: Incident, target: str, note: str = ""
) -> Incident:
    require_role(membership, DESK)
    if target not in Status.values:
        raise DomainError("invalid_status", _("Unknown status."), field="status")
    if target in _THROUGH_OTHER_SERVICE:
        raise DomainError(
            f"use_{_THROUGH_OTHER_SERVICE[target]}",
            _("Dispatch units or merge the report instead."),
            field="status",
        )
    note = clean_text(note, "note", max_length=500, required=False)
    user = membership.user
    with transaction.atomic():
        incident = lock(incident)
        if not can_move(incident.status, target):
            raise DomainError(
                "forbidden_transition",
                _("An incident cannot go from “%(from)s” to “%(to)s”.")
                % {"from": Status(incident.status).label, "to": Status(target).label},
                status=409,
                field="status",
            )
        before = incident_summary(incident)
        record_transition(incident, target, user=user, label=user.get_username(), note=note)
        record(
            Actor.of_user(user),
            "ops.incident.status_changed",
            incident,
            event_id=incident.event_id,
            before=before,
            after=incident_summary(incident) | char_counts(note=note),
        )
        emit_incident(incident, INCIDENT_UPDATED)
    return incident


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
    """An incident nobody reported: something an app watches crossed a line by itself. There is
    no membership to check — the caller has decided the alert is due — and it goes to the desk
    like any new report, audited as the system.

    A new incident of the event's type ``type_code`` (its "other" type if the event has
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

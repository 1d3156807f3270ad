"""Sending units, their status from the phone, merging duplicates, "who is working this".

Every function: authorise → validate → change → audit (same transaction) → emit (after commit).
A dispatch of several units is all or nothing: one unit out of service refuses the whole call.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError, NotFound
from garrison.events.geo import check_point
from garrison.forces.access import in_scope
from garrison.forces.models import Unit
from garrison.ops.dispatch.ranking import DISPATCHABLE
from garrison.ops.dispatch.whereabouts import stored_place
from garrison.ops.incidents.feed import emit_incident, incident_summary
from garrison.ops.incidents.lifecycle import OPEN, WAITING
from garrison.ops.incidents.services import lock, record_transition
from garrison.ops.live_events import INCIDENT_UPDATED, UNIT_STATUS, UnitFeature
from garrison.ops.models import (
    Assignment,
    Incident,
    PositionSource,
    Status,
    UnitState,
    UnitStatus,
    UnitStatusChange,
)
from garrison.ops.roles import DESK, UNIT_CREW

MAX_UNITS_PER_DISPATCH = 20

# The unit's own lifecycle. ``dispatched`` is reached only through ``dispatch_units``.
UNIT_MOVES: dict[str, frozenset[str]] = {
    UnitState.AVAILABLE: frozenset({UnitState.OUT_OF_SERVICE}),
    UnitState.DISPATCHED: frozenset({UnitState.EN_ROUTE, UnitState.ON_SCENE, UnitState.RETURNING}),
    UnitState.EN_ROUTE: frozenset({UnitState.ON_SCENE, UnitState.RETURNING}),
    UnitState.ON_SCENE: frozenset({UnitState.RETURNING}),
    UnitState.RETURNING: frozenset({UnitState.AVAILABLE, UnitState.OUT_OF_SERVICE}),
    UnitState.OUT_OF_SERVICE: frozenset({UnitState.AVAILABLE}),
}


POSITION_FIELDS = [
    "lat",
    "lon",
    "position_source",
    "position_at",
    "position_accuracy_m",
    "position_unreliable",
]


def set_position(
    row: UnitStatus,
    point: tuple[float, float],
    source: str,
    at: dt.datetime,
    accuracy_m: float | None = None,
    *,
    unreliable: bool = False,
) -> None:
    row.lat, row.lon = point
    row.position_source, row.position_at = source, at
    row.position_accuracy_m, row.position_unreliable = accuracy_m, unreliable


def status_of(unit: Unit, *, for_update: bool = False) -> UnitStatus:
    rows = UnitStatus.objects.select_for_update() if for_update else UnitStatus.objects
    row, _created = rows.get_or_create(
        unit=unit, defaults={"event_id": unit.event_id, "since": timezone.now()}
    )
    return row


def unit_feature(unit: Unit, row: UnitStatus, *, phone: bool = False) -> dict[str, Any]:
    """The unit on the live picture. Its live events reach every member of the event, so a
    phone's position (personal data) is in it only with ``phone``, for a page of the desk."""
    stored = row.lat is not None and (phone or row.position_source != PositionSource.PHONE)
    feature: dict[str, Any] = {
        "id": unit.pk,
        "code": unit.code,
        "name": unit.name,
        "type": unit.type,
        "state": row.state,
        "since": row.since.isoformat(),
        "incident": row.incident_id,
        "lat": row.lat if stored else unit.lat,
        "lon": row.lon if stored else unit.lon,
    }
    place = stored_place(row) if stored else None
    if place is not None:
        feature |= place.feature(timezone.now())
    return feature


def _set_state(
    unit: Unit,
    row: UnitStatus,
    state: str,
    *,
    membership: Membership,
    incident: Incident | None,
    at: dt.datetime,
) -> None:
    row.state, row.since = state, at
    if incident is not None:
        row.incident = incident
    if state == UnitState.AVAILABLE:
        row.incident = None
    row.save()
    UnitStatusChange.objects.create(
        unit=unit,
        state=state,
        at=at,
        incident=row.incident if incident is None else incident,
        user=membership.user,
        actor_label=membership.user.get_username(),
    )
    UNIT_STATUS.emit(
        membership.event, cast(UnitFeature, unit_feature(unit, row)), unit_ids=[unit.pk]
    )


def _units(membership: Membership, unit_ids: list[int]) -> list[Unit]:
    ids = sorted(set(unit_ids))
    if not ids:
        raise DomainError("no_units", _("Choose at least one unit."), field="units")
    if len(ids) > MAX_UNITS_PER_DISPATCH:
        raise DomainError(
            "too_many_units",
            _("At most %(n)d units at once.") % {"n": MAX_UNITS_PER_DISPATCH},
            field="units",
        )
    units = list(Unit.objects.filter(event_id=membership.event_id, pk__in=ids))
    if len(units) != len(ids):
        raise DomainError("unknown_unit", _("No such unit in this event."), field="units")
    return units


def dispatch_units(membership: Membership, incident: Incident, unit_ids: list[int]) -> Incident:
    require_role(membership, DESK)
    units = _units(membership, unit_ids)
    now = timezone.now()
    with transaction.atomic():
        incident = lock(incident)
        if incident.status not in OPEN:
            raise DomainError(
                "not_open", _("This incident is no longer open."), status=409, field="status"
            )
        before = incident_summary(incident)
        for unit in units:
            row = status_of(unit, for_update=True)
            if row.state == UnitState.OUT_OF_SERVICE:
                raise DomainError(
                    "unit_out_of_service",
                    _("%(unit)s is out of service.") % {"unit": unit.code},
                    status=409,
                    field="units",
                )
            if row.state not in DISPATCHABLE:
                raise DomainError(
                    "unit_busy",
                    _("%(unit)s is already on a call.") % {"unit": unit.code},
                    status=409,
                    field="units",
                )
            if Assignment.objects.filter(incident=incident, unit=unit).exists():
                raise DomainError(
                    "already_assigned",
                    _("%(unit)s has already been sent to this incident.") % {"unit": unit.code},
                    status=409,
                    field="units",
                )
            Assignment.objects.create(
                incident=incident, unit=unit, dispatched_at=now, dispatched_by=membership.user
            )
            _set_state(
                unit,
                row,
                UnitState.DISPATCHED,
                membership=membership,
                incident=incident,
                at=now,
            )
        if incident.status in WAITING:
            user = membership.user
            record_transition(
                incident, Status.DISPATCHED, user=user, label=user.get_username(), at=now
            )
        record(
            Actor.of_user(membership.user),
            "ops.incident.dispatched",
            incident,
            event_id=incident.event_id,
            before=before,
            after=incident_summary(incident) | {"units": [u.code for u in units]},
        )
        emit_incident(incident, INCIDENT_UPDATED)
    return incident


def can_crew(membership: Membership, unit: Unit) -> bool:
    """The desk answers for any unit; a unit's own people for the units in their scope."""
    return membership.role in DESK or (
        membership.role in UNIT_CREW and in_scope(membership, unit.pk)
    )


def _current_assignment(unit: Unit, row: UnitStatus) -> Assignment | None:
    if row.incident_id is None:
        return None
    return (
        Assignment.objects.filter(unit=unit, incident_id=row.incident_id, cleared_at__isnull=True)
        .select_related("incident")
        .first()
    )


def acknowledge(membership: Membership, unit: Unit) -> Assignment:
    """The unit has seen its call on the phone."""
    require_role(membership, UNIT_CREW)
    if not can_crew(membership, unit):
        raise NotFound()
    with transaction.atomic():
        row = status_of(unit, for_update=True)
        assignment = _current_assignment(unit, row)
        if assignment is None:
            raise DomainError("no_call", _("This unit has no call to acknowledge."), status=409)
        if assignment.acknowledged_at is None:
            assignment.acknowledged_at = timezone.now()
            assignment.save(update_fields=["acknowledged_at"])
            record(
                Actor.of_user(membership.user),
                "ops.assignment.acknowledged",
                assignment,
                event_id=membership.event_id,
                after={"unit": unit.code, "incident": assignment.incident.reference},
            )
            emit_incident(assignment.incident, INCIDENT_UPDATED)
    return assignment


_STAMP: dict[str, str] = {
    UnitState.EN_ROUTE: "en_route_at",
    UnitState.ON_SCENE: "on_scene_at",
    UnitState.RETURNING: "cleared_at",
}


def set_unit_state(membership: Membership, unit: Unit, state: str) -> UnitStatus:
    require_role(membership, UNIT_CREW)
    if not can_crew(membership, unit):
        raise NotFound()
    if state not in UnitState.values:
        raise DomainError("invalid_state", _("Unknown unit status."), field="state")
    now = timezone.now()
    with transaction.atomic():
        row = status_of(unit, for_update=True)
        if state not in UNIT_MOVES.get(row.state, frozenset()):
            raise DomainError(
                "forbidden_unit_move",
                _("A unit cannot go from “%(from)s” to “%(to)s”.")
                % {"from": UnitState(row.state).label, "to": UnitState(state).label},
                status=409,
                field="state",
            )
        before = {"state": row.state, "incident": row.incident_id}
        assignment = _current_assignment(unit, row)
        if assignment is not None and state in _STAMP:
            setattr(assignment, _STAMP[state], now)
            if state == UnitState.ON_SCENE and assignment.acknowledged_at is None:
                assignment.acknowledged_at = now
            assignment.save()
            if state == UnitState.ON_SCENE:
                incident = lock(assignment.incident)
                if incident.status == Status.DISPATCHED:
                    user = membership.user
                    record_transition(
                        incident, Status.ON_SCENE, user=user, label=user.get_username(), at=now
                    )
                emit_incident(incident, INCIDENT_UPDATED)
                # A unit on scene is where the incident is: the next ranking starts there.
                point = incident.point()
                if point is not None:
                    set_position(row, point, PositionSource.SCENE, now)
        _set_state(unit, row, state, membership=membership, incident=None, at=now)
        record(
            Actor.of_user(membership.user),
            "ops.unit.status_changed",
            unit,
            event_id=membership.event_id,
            before=before,
            after={"state": row.state, "incident": row.incident_id},
        )
    return row


def take_incident(
    membership: Membership, incident: Incident, *, take_over: bool = False
) -> Incident:
    """Mark that this officer works the report, so that another does not take it too."""
    require_role(membership, DESK)
    user = membership.user
    with transaction.atomic():
        incident = lock(incident)
        if incident.handler_id not in (None, user.pk) and not take_over:
            raise DomainError(
                "taken",
                _("%(name)s is already working this report.")
                % {"name": incident.handler.display_name() if incident.handler else "?"},
                status=409,
            )
        before = incident_summary(incident)
        incident.handler, incident.handler_since = user, timezone.now()
        incident.save(update_fields=["handler", "handler_since"])
        record(
            Actor.of_user(user),
            "ops.incident.taken",
            incident,
            event_id=incident.event_id,
            before=before,
            after=incident_summary(incident),
        )
        emit_incident(incident, INCIDENT_UPDATED)
    return incident


def release_incident(membership: Membership, incident: Incident) -> Incident:
    require_role(membership, DESK)
    with transaction.atomic():
        incident = lock(incident)
        if incident.handler_id is None:
            return incident
        before = incident_summary(incident)
        incident.handler, incident.handler_since = None, None
        incident.save(update_fields=["handler", "handler_since"])
        record(
            Actor.of_user(membership.user),
            "ops.incident.released",
            incident,
            event_id=incident.event_id,
            before=before,
            after=incident_summary(incident),
        )
        emit_incident(incident, INCIDENT_UPDATED)
    return incident


def merge_incident(membership: Membership, duplicate: Incident, into: Incident) -> Incident:
    """Fold a second report of the same thing into the first: kept, linked, counted."""
    require_role(membership, DESK)
    if duplicate.pk == into.pk or duplicate.event_id != into.event_id:
        raise DomainError("invalid_merge", _("Choose another report to merge into."), field="into")
    user = membership.user
    with transaction.atomic():
        # Lock in id order so two merges the other way round cannot deadlock.
        first, second = sorted([duplicate, into], key=lambda i: i.pk)
        locked = {i.pk: lock(i) for i in (first, second)}
        duplicate, into = locked[duplicate.pk], locked[into.pk]
        if duplicate.status not in WAITING:
            raise DomainError(
                "cannot_merge",
                _("Only a report that is still waiting can be merged."),
                status=409,
            )
        if into.status not in OPEN:
            raise DomainError(
                "merge_target_closed", _("The report to merge into is not open."), status=409
            )
        before = incident_summary(duplicate)
        duplicate.duplicate_of = into
        duplicate.save(update_fields=["duplicate_of"])
        record_transition(
            duplicate,
            Status.DUPLICATE,
            user=user,
            label=user.get_username(),
            note=into.reference,
        )
        record(
            Actor.of_user(user),
            "ops.incident.merged",
            duplicate,
            event_id=duplicate.event_id,
            before=before,
            after=incident_summary(duplicate),
        )
        emit_incident(duplicate, INCIDENT_UPDATED)
        emit_incident(into, INCIDENT_UPDATED, duplicates=into.duplicates.count())
    return into


def report_position(membership: Membership, unit: Unit, lat: float, lon: float) -> UnitStatus:
    """A unit's last known position (from its phone or the desk). Not audited: it is
    telemetry, many times an hour, and changes no decision on its own."""
    require_role(membership, UNIT_CREW)
    if not can_crew(membership, unit):
        raise NotFound()
    lat, lon = check_point(lat, lon)
    with transaction.atomic():
        row = status_of(unit, for_update=True)
        set_position(row, (lat, lon), PositionSource.DESK, timezone.now())
        row.save(update_fields=POSITION_FIELDS)
        UNIT_STATUS.emit(
            membership.event, cast(UnitFeature, unit_feature(unit, row)), unit_ids=[unit.pk]
        )
    return row

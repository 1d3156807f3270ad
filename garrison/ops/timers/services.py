"""Noticing when a response-time target is missed: one breach row, one audit entry and one
notification per miss. The targets and intervals themselves are in ``timers/targets.py``."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from garrison.audit.services import Actor, record
from garrison.events.models import Event
from garrison.ops.incidents.feed import incident_unit_ids
from garrison.ops.incidents.lifecycle import OPEN
from garrison.ops.live_events import TIMER_BREACHED
from garrison.ops.models import Assignment, Breach, BreachKind, Incident
from garrison.ops.timers.targets import Targets

TIMER_ACTOR = Actor(label="system:timers")


def _notice(
    incident: Incident, kind: str, target: int, due: dt.datetime, assignment: Assignment | None
) -> Breach | None:
    try:
        with transaction.atomic():
            breach = Breach.objects.create(
                incident=incident, assignment=assignment, kind=kind, target_seconds=target, at=due
            )
            record(
                TIMER_ACTOR,
                "ops.timer.breached",
                incident,
                event_id=incident.event_id,
                after={
                    "kind": kind,
                    "target_seconds": target,
                    "unit": assignment.unit.code if assignment else None,
                },
            )
            # Event-wide roles (the commander's wall screen) get every breach; a unit
            # commander gets the breaches of their own units' incidents.
            TIMER_BREACHED.emit(
                incident.event,
                {
                    "incident": incident.pk,
                    "reference": incident.reference,
                    "kind": kind,
                    "kind_label": str(BreachKind(kind).label),
                    "target_seconds": target,
                    "unit": assignment.unit.code if assignment else None,
                    "at": due.isoformat(),
                    "exercise": incident.exercise,
                },
                unit_ids=incident_unit_ids(incident),
            )
    except IntegrityError:
        return None  # another checker noticed it first
    return breach


def check_breaches(event: Event, now: dt.datetime | None = None) -> list[Breach]:
    """Record each target missed by now and not yet recorded; one notification per miss."""
    now = now or timezone.now()
    targets = Targets.of(event)
    found: list[Breach] = []
    known: set[tuple[int, int | None, str]] = set(
        Breach.objects.filter(incident__event=event).values_list(
            "incident_id", "assignment_id", "kind"
        )
    )
    open_incidents = Incident.objects.filter(event=event, status__in=OPEN).select_related("event")
    for incident in open_incidents:
        assignments = list(incident.assignments.select_related("unit"))
        first = min((a.dispatched_at for a in assignments), default=None)
        due = incident.received_at + dt.timedelta(seconds=targets.call_processing)
        late = (first or now) > due
        if late and (incident.pk, None, BreachKind.CALL_PROCESSING) not in known:
            breach = _notice(
                incident, BreachKind.CALL_PROCESSING, targets.call_processing, due, None
            )
            found += [breach] if breach else []
        for a in assignments:
            checks = [
                (
                    BreachKind.TURNOUT,
                    targets.turnout,
                    a.dispatched_at,
                    a.en_route_at or a.on_scene_at,
                ),
                (BreachKind.TRAVEL, targets.travel, a.en_route_at, a.on_scene_at),
            ]
            for kind, target, start, end in checks:
                # A unit recalled before it got there has no travel to judge.
                if start is None or (a.cleared_at is not None and end is None):
                    continue
                due = start + dt.timedelta(seconds=target)
                if (end or now) > due and (incident.pk, a.pk, kind) not in known:
                    breach = _notice(incident, kind, target, due, a)
                    found += [breach] if breach else []
    return found


def check_all(now: dt.datetime | None = None) -> int:
    events = Event.objects.filter(incidents__status__in=OPEN).distinct()
    return sum(len(check_breaches(event, now)) for event in events)

"""Response-time targets, the intervals they measure, and noticing when one is missed.

Defaults and their sources (configurable per event in OpsSettings):

- **Call processing** — incident received → first unit dispatched: 60 s for 90 % of incidents
  (NFPA 1225, 2022 edition, call processing time at the PSAP / communications centre).
- **Turnout** — unit notified → unit en route: 60 s for medical, 80 s for fire and special
  operations (NFPA 1710); the event keeps one figure, 80 s by default, the stricter one being
  a setting away.
- **Travel** — en route → on scene: 240 s for the first arriving unit (NFPA 1710).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from garrison.audit.services import Actor, record
from garrison.events.models import Event
from garrison.ops.feed import incident_unit_ids
from garrison.ops.lifecycle import OPEN
from garrison.ops.live_events import TIMER_BREACHED
from garrison.ops.models import Assignment, Breach, BreachKind, Incident, OpsSettings

TIMER_ACTOR = Actor(label="system:timers")


@dataclass(frozen=True)
class Targets:
    call_processing: int = 60
    call_processing_percent: int = 90
    turnout: int = 80
    travel: int = 240

    @classmethod
    def of(cls, event: Event) -> Targets:
        row = OpsSettings.objects.filter(event=event).first()
        if row is None:
            return cls()
        return cls(
            row.call_processing_seconds,
            row.call_processing_percent,
            row.turnout_seconds,
            row.travel_seconds,
        )


def call_processing_seconds(incident: Incident, first_dispatch: dt.datetime | None) -> float | None:
    if first_dispatch is None:
        return None
    return (first_dispatch - incident.received_at).total_seconds()


def turnout_seconds(a: Assignment) -> float | None:
    return (a.en_route_at - a.dispatched_at).total_seconds() if a.en_route_at else None


def travel_seconds(a: Assignment) -> float | None:
    if a.on_scene_at is None or a.en_route_at is None:
        return None
    return (a.on_scene_at - a.en_route_at).total_seconds()


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

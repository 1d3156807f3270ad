"""Scripts and drills for tests, built without the services (the services have their own tests)."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from garrison.drills.models import (
    Drill,
    DrillScript,
    DrillState,
    Inject,
    InjectKind,
    Objective,
    Release,
)
from garrison.events.models import Event, Site, SiteKind
from garrison.forces.models import Unit
from garrison.ops.models import (
    Assignment,
    Incident,
    IncidentTransition,
    IncidentType,
    Source,
    Status,
)

_serial = itertools.count(1)
VENUE = (21.0285, 105.8542)


def venue(event: Event) -> Site:
    site, _created = Site.objects.get_or_create(
        event=event,
        name="Conference centre",
        defaults={"kind": SiteKind.VENUE, "lat": VENUE[0], "lon": VENUE[1]},
    )
    return site


def make_script(event: Event, minutes: tuple[float, ...] = (0, 1, 2)) -> DrillScript:
    script = DrillScript.objects.create(
        event=event, name=f"Script {next(_serial)}", created_at=timezone.now()
    )
    objective = Objective.objects.create(script=script, code="O1", text="Dispatch in time")
    site = venue(event)
    for number, minute in enumerate(minutes, start=1):
        Inject.objects.create(
            script=script,
            number=number,
            offset_seconds=round(minute * 60),
            kind=InjectKind.INCIDENT,
            incident_type="medical",
            site=site,
            severity=2,
            text=f"Delegate collapses in the lobby ({number})",
            expected_action="Send the medical team",
            target_seconds=180,
            objective=objective,
        )
    return script


def make_contingency(script: DrillScript) -> Inject:
    parent = script.injects.filter(contingency_of__isnull=True).first()
    return Inject.objects.create(
        script=script,
        number=100 + next(_serial),
        kind=InjectKind.TIP,
        site=venue(script.event),
        text="A second caller: the delegate is still on the floor",
        expected_action="Dispatch now",
        target_seconds=60,
        contingency_of=parent,
    )


def make_drill(event: Event, state: str = DrillState.RUNNING, speed: int = 60) -> Drill:
    script = make_script(event)
    now = timezone.now()
    running = state != DrillState.READY
    drill = Drill.objects.create(
        event=event,
        script=script,
        name=script.name,
        speed=speed,
        state=state,
        created_at=now,
        started_at=now if running else None,
        resumed_at=now if state == DrillState.RUNNING else None,
    )
    Release.objects.bulk_create(
        Release(drill=drill, inject=inject)
        for inject in script.injects.filter(offset_seconds__isnull=False)
    )
    return drill


def make_timed_drill(
    event: Event,
    started_at: dt.datetime,
    intervals: list[tuple[int, int, int, int]],
    *,
    unit: Unit,
    script: DrillScript | None = None,
) -> Drill:
    """A stopped drill at speed 1 whose injects the desk worked with these intervals (seconds:
    received→triaged, →dispatched, →on scene, →resolved), one inject a minute, written as the
    desk's rows directly (incidents, transitions, assignments)."""
    script = script or make_script(event, minutes=tuple(range(len(intervals))))
    injects = list(script.injects.filter(offset_seconds__isnull=False).order_by("number"))
    kind = IncidentType.objects.get(event=event, code="medical")
    drill = Drill.objects.create(
        event=event,
        script=script,
        name=f"{script.name} · {started_at:%d/%m}",
        state=DrillState.STOPPED,
        created_at=started_at,
        started_at=started_at,
        stopped_at=started_at + dt.timedelta(hours=1),
    )
    incidents, releases = [], []
    for inject, _steps in zip(injects, intervals, strict=False):
        received = started_at + dt.timedelta(seconds=inject.offset_seconds or 0)
        incidents.append(
            Incident(
                event=event,
                reference=f"D{next(_serial):07d}",
                type=kind,
                severity=2,
                status=Status.RESOLVED,
                source=Source.DRILL,
                description=inject.text,
                received_at=received,
                exercise=True,
            )
        )
    Incident.objects.bulk_create(incidents)
    transitions, assignments = [], []
    for inject, incident, steps in zip(injects, incidents, intervals, strict=False):
        triaged = incident.received_at + dt.timedelta(seconds=steps[0])
        dispatched = triaged + dt.timedelta(seconds=steps[1])
        on_scene = dispatched + dt.timedelta(seconds=steps[2])
        resolved = on_scene + dt.timedelta(seconds=steps[3])
        for status, at in ((Status.TRIAGED, triaged), (Status.RESOLVED, resolved)):
            transitions.append(
                IncidentTransition(incident=incident, to_status=status, at=at, actor_label="t")
            )
        assignments.append(
            Assignment(
                incident=incident,
                unit=unit,
                dispatched_at=dispatched,
                on_scene_at=on_scene,
                cleared_at=resolved,
            )
        )
        releases.append(
            Release(
                drill=drill,
                inject=inject,
                state="released",
                due_at=incident.received_at,
                released_at=incident.received_at,
                lag_seconds=0.0,
                incident=incident,
            )
        )
    IncidentTransition.objects.bulk_create(transitions)
    Assignment.objects.bulk_create(assignments)
    Release.objects.bulk_create(releases)
    return drill

"""Scripts and drills for tests, built without the services (the services have their own tests)."""

from __future__ import annotations

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

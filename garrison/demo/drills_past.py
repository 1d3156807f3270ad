"""The demo's past drills: run through the real desk by the services, then placed in the past.

A past drill is played now, inject by inject (released by the drill's own release, worked by
the duty officer: triage, dispatch of the nearest free unit, on scene, resolved, the unit back),
which takes a fraction of a second; then its rows are moved to the day it was held, each step
of each inject at the interval the drill's pace gives (seconds after the previous step), so
that the after-action report and the comparison read the times the drill would have had.
The moves are the demo's own writes, like the patrol demo's rounds placed in the past hours.
The audit log keeps when the demo was loaded: it is append-only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from garrison.accounts.models import Membership
from garrison.core.errors import DomainError
from garrison.drills.models import Drill, DrillScript, Inject, Release, ReleaseState
from garrison.drills.running import services as running
from garrison.drills.running.services import release as releases
from garrison.forces.models import Unit
from garrison.ops.dispatch import services as dispatch
from garrison.ops.dispatch.ranking import rank_units
from garrison.ops.incidents import services as incidents
from garrison.ops.models import (
    Assignment,
    Incident,
    IncidentTransition,
    Status,
    UnitState,
    UnitStatusChange,
)

# Seconds from one step to the next: received → triaged → dispatched → on scene → resolved.
Steps = tuple[float, float, float, float]
Pace = Callable[[int, Inject], Steps]
STATES_AFTER_DISPATCH = (UnitState.EN_ROUTE, UnitState.ON_SCENE)


def _work(duty: Membership, incident: Incident) -> Unit | None:
    """The desk works the incident to resolved, as the players would; returns the unit sent."""
    incident = Incident.objects.select_related("event", "type", "site").get(pk=incident.pk)
    incidents.triage_incident(duty, incident, incident.type_id, incident.severity)
    ranked = [r for r in rank_units(incident, limit=8) if r.state == UnitState.AVAILABLE]
    unit = ranked[0].unit if ranked else None
    if unit is not None:
        dispatch.dispatch_units(duty, incident, [unit.pk])
        for state in STATES_AFTER_DISPATCH:
            dispatch.set_unit_state(duty, unit, state)
    incident.refresh_from_db()
    incidents.change_status(duty, incident, Status.RESOLVED)
    if unit is not None:
        for state in (UnitState.RETURNING, UnitState.AVAILABLE):
            if state in dispatch.UNIT_MOVES.get(dispatch.status_of(unit).state, frozenset()):
                dispatch.set_unit_state(duty, unit, state)
    return unit


def run_past_drill(
    duty: Membership,
    script: DrillScript,
    name: str,
    started_at: dt.datetime,
    pace: Pace,
    contingencies: tuple[int, ...] = (),
) -> Drill:
    """Run ``script`` through the desk now and place the run at ``started_at`` (speed 1).

    ``contingencies``: inject ids released by hand too, each a minute after the inject it
    backs up (the expected action did not come in time)."""
    drill = running.start_drill(duty, running.create_drill(duty, script, name, speed=1))
    worked: list[tuple[Release, Unit | None]] = []
    for row in Release.objects.filter(drill=drill).order_by("inject__offset_seconds"):
        done = releases.release(row.pk)
        if done.state == ReleaseState.RELEASED and done.incident is not None:
            worked.append((done, _work(duty, done.incident)))
    for inject in Inject.objects.filter(pk__in=contingencies).order_by("number"):
        try:
            done = running.release_contingency(duty, drill, inject)
        except DomainError:
            continue
        if done.incident is not None:
            worked.append((done, _work(duty, done.incident)))
    drill = running.stop_drill(duty, drill)
    _place(drill, started_at, worked, pace)
    return drill


def _place(
    drill: Drill, start: dt.datetime, worked: list[tuple[Release, Unit | None]], pace: Pace
) -> None:
    last = start
    for n, (row, unit) in enumerate(worked):
        inject = row.inject
        if inject.offset_seconds is not None:
            received = start + dt.timedelta(seconds=inject.offset_seconds + 0.2 + 0.05 * (n % 4))
        else:
            parent = inject.contingency_of
            offset = (parent.offset_seconds or 0) if parent is not None else 0
            received = start + dt.timedelta(seconds=offset + 60)
        steps = pace(n, inject)
        triaged = received + dt.timedelta(seconds=steps[0])
        dispatched = triaged + dt.timedelta(seconds=steps[1])
        on_scene = dispatched + dt.timedelta(seconds=steps[2])
        resolved = on_scene + dt.timedelta(seconds=steps[3])
        last = max(last, resolved)
        due = start + dt.timedelta(seconds=inject.offset_seconds or 0)
        Release.objects.filter(pk=row.pk).update(
            due_at=due if inject.offset_seconds is not None else None,
            released_at=received,
            lag_seconds=(received - due).total_seconds()
            if inject.offset_seconds is not None
            else None,
        )
        incident_id = row.incident_id or 0  # every row here has its incident
        Incident.objects.filter(pk=incident_id).update(received_at=received)
        at_status = {
            Status.NEW: received,
            Status.TRIAGED: triaged,
            Status.DISPATCHED: dispatched,
            Status.ON_SCENE: on_scene,
            Status.RESOLVED: resolved,
        }
        for status, at in at_status.items():
            IncidentTransition.objects.filter(incident_id=incident_id, to_status=status).update(
                at=at
            )
        en_route = dispatched + dt.timedelta(seconds=min(30.0, steps[2] / 4))
        Assignment.objects.filter(incident_id=incident_id).update(
            dispatched_at=dispatched,
            acknowledged_at=en_route,
            en_route_at=en_route,
            on_scene_at=on_scene,
            cleared_at=resolved,
        )
        at_state = {
            UnitState.DISPATCHED: dispatched,
            UnitState.EN_ROUTE: en_route,
            UnitState.ON_SCENE: on_scene,
            UnitState.RETURNING: resolved,
            UnitState.AVAILABLE: resolved + dt.timedelta(minutes=5),
        }
        if unit is not None:
            for state, at in at_state.items():
                UnitStatusChange.objects.filter(
                    unit=unit, incident_id=incident_id, state=state
                ).update(at=at)
    stopped = last + dt.timedelta(minutes=2)
    Drill.objects.filter(pk=drill.pk).update(
        created_at=start - dt.timedelta(days=2),
        started_at=start,
        stopped_at=stopped,
        elapsed_seconds=(stopped - start).total_seconds(),
    )

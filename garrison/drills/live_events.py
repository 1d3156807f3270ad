"""Drills' live events: each kind once, with its payload (garrison.core.live.declare).

Sent to event-wide roles only (``unit_ids=[]``): the players in the units see the injects arrive
as incidents at the desk, not the drill's script.
"""

from __future__ import annotations

from typing_extensions import TypedDict

from garrison.core.live import declare


class DrillChanged(TypedDict):
    id: int
    state: str
    stop_reason: str


class InjectReleased(TypedDict):
    drill: int
    inject: int
    state: str
    incident: int | None


DRILL_CHANGED = declare("drills.drill.changed", DrillChanged)
INJECT_RELEASED = declare("drills.inject.released", InjectReleased)


class ObservationRecorded(TypedDict):
    drill: int
    observation: int
    kind: str


class ObjectiveRated(TypedDict):
    drill: int
    objective: int
    rating: str


class CorrectiveActionAdded(TypedDict):
    drill: int
    action: int
    task: int | None


OBSERVATION_RECORDED = declare("drills.observation.recorded", ObservationRecorded)
OBJECTIVE_RATED = declare("drills.objective.rated", ObjectiveRated)
CORRECTIVE_ACTION_ADDED = declare("drills.corrective_action.added", CorrectiveActionAdded)

"""Operations' live events: each kind once, with its payload (garrison.core.live.declare).

The live picture (ops/static/ops/live.js) draws incidents and units from these payloads as they
are, so they carry the display, not only ids.
"""

from __future__ import annotations

from typing import NotRequired

from typing_extensions import TypedDict

from garrison.core.live import declare


class IncidentFeature(TypedDict):
    """An incident on the live picture (garrison.ops.feed.incident_feature)."""

    id: int
    reference: str
    type: str
    type_name: str
    severity: int
    status: str
    source: str
    description: str
    lat: float | None
    lon: float | None
    site: int | None
    zone: int | None
    location_text: str
    received_at: str
    duplicate_of: int | None
    handler: str | None
    # Injected by a drill: the live picture draws it with the exercise mark.
    exercise: bool
    # How many reports were merged into it: sent with the update a merge makes.
    duplicates: NotRequired[int]


class UnitFeature(TypedDict):
    """A unit's state on the live picture (garrison.ops.dispatch.unit_feature)."""

    id: int
    code: str
    name: str
    type: str
    state: str
    since: str
    incident: int | None
    lat: float | None
    lon: float | None


class TimerBreached(TypedDict):
    """A response target missed (garrison.ops.timers)."""

    incident: int
    reference: str
    kind: str
    kind_label: str
    target_seconds: int
    unit: str | None
    at: str
    # A drill's incident: the alert says so.
    exercise: bool


INCIDENT_CREATED = declare("ops.incident.created", IncidentFeature)
INCIDENT_UPDATED = declare("ops.incident.updated", IncidentFeature)
INCIDENT_NOTE = declare("ops.incident.note", IncidentFeature)
UNIT_STATUS = declare("ops.unit.status", UnitFeature)
TIMER_BREACHED = declare("ops.timer.breached", TimerBreached)

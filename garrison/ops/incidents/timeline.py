"""Public read for other apps (drills' after-action report): when each step of an incident's
response happened — received, triaged, first unit dispatched, first unit on scene, resolved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from garrison.ops.models import Assignment, Incident, IncidentTransition, Status

STEPS = ("received", "triaged", "dispatched", "on_scene", "resolved")
# A step skipped on the way (dispatched straight from new) counts as reached at the later one.
_LATER: dict[str, tuple[str, ...]] = {
    "triaged": (Status.TRIAGED, Status.DISPATCHED, Status.ON_SCENE, Status.RESOLVED),
    "resolved": (Status.RESOLVED, Status.CLOSED),
}


@dataclass
class Timeline:
    reference: str
    status: str
    received: dt.datetime
    triaged: dt.datetime | None = None
    dispatched: dt.datetime | None = None
    on_scene: dt.datetime | None = None
    resolved: dt.datetime | None = None

    def at(self, step: str) -> dt.datetime | None:
        value: dt.datetime | None = getattr(self, step)
        return value


def timelines(incident_ids: Iterable[int]) -> dict[int, Timeline]:
    ids = list(incident_ids)
    found = {
        pk: Timeline(reference, status, received)
        for pk, reference, status, received in Incident.objects.filter(pk__in=ids).values_list(
            "pk", "reference", "status", "received_at"
        )
    }
    for incident_id, to_status, at in (
        IncidentTransition.objects.filter(incident_id__in=ids)
        .order_by("at", "pk")
        .values_list("incident_id", "to_status", "at")
    ):
        line = found[incident_id]
        for step, statuses in _LATER.items():
            if to_status in statuses and line.at(step) is None:
                setattr(line, step, at)
    for incident_id, dispatched, on_scene in Assignment.objects.filter(
        incident_id__in=ids
    ).values_list("incident_id", "dispatched_at", "on_scene_at"):
        line = found[incident_id]
        if line.dispatched is None or dispatched < line.dispatched:
            line.dispatched = dispatched
        if on_scene is not None and (line.on_scene is None or on_scene < line.on_scene):
            line.on_scene = on_scene
    for line in found.values():
        # Dispatched straight from new: triaged at the dispatch.
        if line.triaged is None and line.dispatched is not None:
            line.triaged = line.dispatched
    return found

"""Response-time targets and the intervals they measure.

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

from garrison.events.models import Event
from garrison.ops.models import Assignment, Incident, OpsSettings


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

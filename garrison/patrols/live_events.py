"""Patrols' live events: each kind once, with its payload (garrison.core.live.declare)."""

from __future__ import annotations

from typing_extensions import TypedDict

from garrison.core.live import Ref, declare


class RoundState(TypedDict):
    """A round whose state changed: incomplete at its end, or cleared by a late-synced scan."""

    id: int
    tour: str
    state: str
    missing: list[str]  # the points not scanned in time, by name


class Visited(TypedDict):
    point: str
    flags: list[str]


POINT_CHANGED = declare("patrols.point.changed", Ref)
TOUR_CHANGED = declare("patrols.tour.changed", Ref)
ROUND_CHANGED = declare("patrols.round.changed", RoundState)
VISITED = declare("patrols.visit.recorded", Visited)

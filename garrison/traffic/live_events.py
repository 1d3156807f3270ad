"""Traffic's live events: each kind once, with its payload (garrison.core.live.declare)."""

from __future__ import annotations

from typing_extensions import TypedDict

from garrison.core.live import Ref, declare


class Named(TypedDict):
    id: int
    name: str


class ClosuresPlanned(TypedDict):
    """The closures planned for one movement's route: how many."""

    movement: int
    count: int


NOTICE_DRAFTED = declare("traffic.notice.drafted", Ref)
NOTICE_PUBLISHED = declare("traffic.notice.published", Ref)
NOTICE_WITHDRAWN = declare("traffic.notice.withdrawn", Ref)
NETWORK_IMPORTED = declare("traffic.network.imported", Named)
NETWORK_SPEEDS_CHANGED = declare("traffic.network.speeds_changed", Ref)
MOVEMENT_PLANNED = declare("traffic.movement.planned", Named)
CLOSURES_PLANNED = declare("traffic.closures.planned", ClosuresPlanned)
CLOSURE_DRAWN = declare("traffic.closure.drawn", Ref)
CLOSURE_REMOVED = declare("traffic.closure.removed", Ref)

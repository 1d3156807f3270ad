"""Check-in's live events: each kind once, with its payload (garrison.core.live.declare)."""

from __future__ import annotations

from typing_extensions import TypedDict

from garrison.core.live import Ref, declare


class ScansRecorded(TypedDict):
    """One batch of scans: how many, and at which checkpoints (the occupancy screens re-read)."""

    count: int
    checkpoints: list[int]


CHECKPOINT_CREATED = declare("checkin.checkpoint.created", Ref)
CHECKPOINT_UPDATED = declare("checkin.checkpoint.updated", Ref)
CHECKPOINT_DELETED = declare("checkin.checkpoint.deleted", Ref)
SCANS_RECORDED = declare("checkin.scans.recorded", ScansRecorded)

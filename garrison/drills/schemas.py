"""API shapes for drills. Rules stay in the services."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from garrison.core.schemas import BodyIn
from garrison.drills.models import Drill, Release
from garrison.drills.running.services import drill_seconds
from garrison.events.schemas import Text

Action = Literal["start", "pause", "resume", "stop", "emergency"]


class ControlIn(BodyIn):
    action: Action
    note: Text = Field("", max_length=300)


class ReleaseOut(Schema):
    inject: int
    minute: float | None
    state: str
    due_at: dt.datetime | None
    released_at: dt.datetime | None
    lag_seconds: float | None
    by_hand: bool
    incident_id: int | None

    @staticmethod
    def of(row: Release) -> ReleaseOut:
        return ReleaseOut(
            inject=row.inject.number,
            minute=row.inject.minute,
            state=row.state,
            due_at=row.due_at,
            released_at=row.released_at,
            lag_seconds=row.lag_seconds,
            by_hand=row.by_hand,
            incident_id=row.incident_id,
        )


class DrillOut(Schema):
    id: int
    name: str
    script_id: int
    state: str
    speed: int
    # How far into its script the drill is, in drill minutes.
    minute: float
    stop_reason: str
    started_at: dt.datetime | None
    stopped_at: dt.datetime | None

    @staticmethod
    def of(drill: Drill) -> DrillOut:
        return DrillOut(
            id=drill.pk,
            name=drill.name,
            script_id=drill.script_id,
            state=drill.state,
            speed=drill.speed,
            minute=round(drill_seconds(drill) / 60, 2),
            stop_reason=drill.stop_reason,
            started_at=drill.started_at,
            stopped_at=drill.stopped_at,
        )


class DrillDetailOut(DrillOut):
    releases: list[ReleaseOut]

"""API shapes for drills. Rules stay in the services."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field, StrictFloat, StrictInt

from garrison.core.schemas import BodyIn
from garrison.drills.models import Drill, ObjectiveRating, Observation, Release
from garrison.drills.running.services import drill_seconds
from garrison.events.schemas import Id, Text

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


class ObservationIn(BodyIn):
    text: Text = Field(max_length=2000)
    kind: Literal["note", "strength", "improvement"] = "note"
    objective_id: Id | None = None
    # The drill's minute it refers to; none: now, on the drill's clock.
    minute: StrictFloat | StrictInt | None = Field(None, ge=0, le=24 * 60, allow_inf_nan=False)


class ObservationOut(Schema):
    id: int
    kind: str
    objective: str | None
    minute: float | None
    at: dt.datetime

    @staticmethod
    def of(row: Observation) -> ObservationOut:
        return ObservationOut(
            id=row.pk,
            kind=row.kind,
            objective=row.objective.code if row.objective else None,
            minute=None if row.minute is None else round(row.minute, 2),
            at=row.at,
        )


class RatingIn(BodyIn):
    objective_id: Id
    rating: Literal["P", "S", "M", "U"]
    note: Text = Field("", max_length=500)


class RatingOut(Schema):
    objective: str
    rating: str
    rated_at: dt.datetime

    @staticmethod
    def of(row: ObjectiveRating) -> RatingOut:
        return RatingOut(objective=row.objective.code, rating=row.rating, rated_at=row.rated_at)

"""Planning's live events: each kind once, with its payload (garrison.core.live.declare)."""

from __future__ import annotations

from typing import NotRequired

from typing_extensions import TypedDict

from garrison.core.live import Ref, declare


class TaskChanged(TypedDict):
    """garrison.planning.services.task_payload."""

    id: int
    title: str
    status: str
    unit_id: int | None


class TaskCommented(TypedDict):
    id: int
    comment_id: int


class RiskChanged(TypedDict):
    id: int
    threat: str
    score: int
    site_id: int | None


class MeetingChanged(TypedDict):
    id: int
    # Sent when the meeting's details were saved; a snapshot of the plan alone leaves it out.
    title: NotRequired[str]


class MeetingDecided(TypedDict):
    id: int
    decision_id: int
    task_id: int


class ChecklistChanged(TypedDict):
    id: int
    name: str


TASK_CREATED = declare("planning.task.created", TaskChanged)
TASK_UPDATED = declare("planning.task.updated", TaskChanged)
TASK_STATUS_CHANGED = declare("planning.task.status_changed", TaskChanged)
TASK_COMMENTED = declare("planning.task.commented", TaskCommented)
RISK_CREATED = declare("planning.risk.created", RiskChanged)
RISK_UPDATED = declare("planning.risk.updated", RiskChanged)
RISK_DELETED = declare("planning.risk.deleted", Ref)
MEETING_CREATED = declare("planning.meeting.created", MeetingChanged)
MEETING_UPDATED = declare("planning.meeting.updated", MeetingChanged)
MEETING_DECIDED = declare("planning.meeting.decided", MeetingDecided)
CHECKLIST_CREATED = declare("planning.checklist.created", ChecklistChanged)
CHECKLIST_UPDATED = declare("planning.checklist.updated", ChecklistChanged)
INSPECTION_CREATED = declare("planning.inspection.created", Ref)
INSPECTION_RECORDED = declare("planning.inspection.recorded", Ref)

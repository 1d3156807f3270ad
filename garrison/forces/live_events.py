"""The forces' live events: each kind once, with its payload (garrison.core.live.declare)."""

from __future__ import annotations

from typing_extensions import TypedDict

from garrison.core.live import Ref, declare


class UnitChanged(TypedDict):
    id: int
    name: str
    parent_id: int | None


class MemberChanged(TypedDict):
    id: int
    unit_id: int


class Unavailability(TypedDict):
    id: int
    member_id: int


class PostChanged(TypedDict):
    id: int
    code: str


class AssignmentPinned(TypedDict):
    id: int
    post_id: int
    member_id: int


class RosterSolved(TypedDict):
    run: int
    status: str


UNIT_CREATED = declare("forces.unit.created", UnitChanged)
UNIT_UPDATED = declare("forces.unit.updated", UnitChanged)
UNIT_DELETED = declare("forces.unit.deleted", Ref)
MEMBER_CREATED = declare("forces.member.created", MemberChanged)
MEMBER_UPDATED = declare("forces.member.updated", MemberChanged)
MEMBER_DELETED = declare("forces.member.deleted", Ref)
UNAVAILABILITY_ADDED = declare("forces.unavailability.added", Unavailability)
UNAVAILABILITY_REMOVED = declare("forces.unavailability.removed", Unavailability)
POST_CREATED = declare("forces.post.created", PostChanged)
POST_UPDATED = declare("forces.post.updated", PostChanged)
POST_DELETED = declare("forces.post.deleted", Ref)
ASSIGNMENT_PINNED = declare("forces.assignment.pinned", AssignmentPinned)
ASSIGNMENT_REMOVED = declare("forces.assignment.removed", Ref)
ROSTER_SOLVED = declare("forces.roster.solved", RosterSolved)

"""The write path of meetings: minutes, and decisions that become tasks (reads: ``queries``).

The command holds meetings and records them; every member reads them (a unit commander sees the
review only for the tasks they may see). A decision becomes an open task on the spot, so it must
name its owner, unit, deliverable and deadline then and there (the four clears).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, char_counts, record
from garrison.core import personal, validate
from garrison.core.errors import DomainError
from garrison.planning.live_events import MEETING_CREATED, MEETING_DECIDED, MEETING_UPDATED
from garrison.planning.meetings import queries
from garrison.planning.meetings.models import Decision, Meeting
from garrison.planning.roles import PLANNERS
from garrison.planning.tasks import services as task_services
from garrison.planning.tasks.models import TaskStatus


@dataclass
class MeetingData:
    title: str
    held_at: dt.datetime
    location: str = ""
    agenda: str = ""
    minutes: str = ""
    other_attendees: str = ""
    attendee_ids: list[int] = field(default_factory=list)


def meeting_details(meeting: Meeting) -> dict[str, Any]:
    """The editable details, as the edit form starts from them (never for the audit log)."""
    return {
        **_facts(meeting),
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "other_attendees": meeting.other_attendees,
    }


def _facts(meeting: Meeting) -> dict[str, Any]:
    return {
        "title": meeting.title,
        "held_at": meeting.held_at,
        "location": meeting.location,
        "attendee_ids": sorted(u.pk for u in meeting.attendees.all()) if meeting.pk else [],
    }


def meeting_summary(meeting: Meeting) -> dict[str, Any]:
    # Attendees by id; the other attendees' names stay out (garrison.audit.services), an edit
    # says only that they changed (``personal.changed``). The agenda and the minutes are free
    # text people write names in (the purge may empty the minutes): their lengths only.
    return _facts(meeting) | char_counts(agenda=meeting.agenda, minutes=meeting.minutes)


def _clean(membership: Membership, data: MeetingData) -> MeetingData:
    if not isinstance(data.held_at, dt.datetime) or data.held_at.tzinfo is None:
        raise DomainError("naive_time", _("Times must carry a time zone."), field="held_at")
    start, end = task_services.event_window(membership)
    if not start <= data.held_at <= end:
        raise DomainError(
            "outside_event",
            _("The meeting must fall within the event's preparation and its days."),
            field="held_at",
        )
    ids = sorted(set(data.attendee_ids))
    members = Membership.objects.filter(event_id=membership.event_id, user_id__in=ids)
    if members.count() != len(ids):
        raise DomainError(
            "invalid_attendee",
            _("Attendees must be members of this event."),
            field="attendee_ids",
        )
    return MeetingData(
        title=validate.text(data.title, "title", max_length=200, one_line=True),
        held_at=data.held_at,
        location=validate.text(
            data.location, "location", max_length=200, required=False, one_line=True
        ),
        agenda=validate.text(data.agenda, "agenda", max_length=20000, required=False),
        minutes=validate.text(data.minutes, "minutes", max_length=50000, required=False),
        other_attendees=validate.text(
            data.other_attendees, "other_attendees", max_length=1000, required=False
        ),
        attendee_ids=ids,
    )


def _save(membership: Membership, meeting: Meeting, data: MeetingData, action: str) -> Meeting:
    before = meeting_summary(meeting) if meeting.pk else None
    details = personal.snapshot(meeting)
    for key, value in data.__dict__.items():
        if key != "attendee_ids":
            setattr(meeting, key, value)
    # A meeting recorded after it was held keeps the plan as it stood when first recorded.
    if not meeting.snapshot_at and meeting.held_at <= timezone.now():
        meeting.snapshot = {"tasks": queries.task_statuses(membership.event_id)}
        meeting.snapshot_at = timezone.now()
    meeting.save()
    meeting.attendees.set(data.attendee_ids)
    record(
        Actor.of_user(membership.user),
        action,
        meeting,
        event_id=membership.event_id,
        before=before,
        after=meeting_summary(meeting)
        | ({"changed": personal.changed(details, meeting)} if before is not None else {}),
    )
    kind = MEETING_UPDATED if before is not None else MEETING_CREATED
    kind.emit(membership.event, {"id": meeting.pk, "title": meeting.title})
    return meeting


def create_meeting(membership: Membership, data: MeetingData) -> Meeting:
    require_role(membership, PLANNERS)
    data = _clean(membership, data)
    with transaction.atomic():
        return _save(
            membership, Meeting(event_id=membership.event_id), data, "planning.meeting.created"
        )


def update_meeting(membership: Membership, meeting: Meeting, data: MeetingData) -> Meeting:
    require_role(membership, PLANNERS)
    data = _clean(membership, data)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(
            pk=meeting.pk, event_id=membership.event_id
        )
        return _save(membership, meeting, data, "planning.meeting.updated")


def take_snapshot(membership: Membership, meeting: Meeting) -> Meeting:
    """Record the plan's progress now, as this meeting's picture of it (taken during it)."""
    require_role(membership, PLANNERS)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(
            pk=meeting.pk, event_id=membership.event_id
        )
        meeting.snapshot = {"tasks": queries.task_statuses(membership.event_id)}
        meeting.snapshot_at = timezone.now()
        meeting.save(update_fields=["snapshot", "snapshot_at", "updated"])
        record(
            Actor.of_user(membership.user),
            "planning.meeting.snapshot_taken",
            meeting,
            event_id=membership.event_id,
            after={"tasks": len(meeting.snapshot["tasks"])},
        )
        MEETING_UPDATED.emit(membership.event, {"id": meeting.pk})
    return meeting


def record_decision(
    membership: Membership, meeting: Meeting, text: str, data: task_services.TaskData
) -> Decision:
    """The decision and its task, open at once with the four clears; both or neither."""
    require_role(membership, PLANNERS)
    text = validate.text(text, "decision", max_length=5000)
    with transaction.atomic():
        task = task_services.create_task(membership, data, status=TaskStatus.OPEN)
        decision = Decision.objects.create(meeting=meeting, text=text, task=task)
        record(
            Actor.of_user(membership.user),
            "planning.meeting.decided",
            decision,
            event_id=membership.event_id,
            after={"meeting_id": meeting.pk, "text": text, "task_id": task.pk},
        )
        MEETING_DECIDED.emit(
            membership.event,
            {"id": meeting.pk, "decision_id": decision.pk, "task_id": task.pk},
        )
    return decision

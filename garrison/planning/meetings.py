"""The write path and reads of meetings: minutes, decisions that become tasks, and the review.

The command holds meetings and records them; every member reads them (a unit commander sees the
review only for the tasks they may see). A decision becomes an open task on the spot, so it must
name its owner, unit, deliverable and deadline then and there (the four clears).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import membership_for, require_role
from garrison.accounts.decorators import PLANNERS
from garrison.accounts.models import Membership, User
from garrison.audit.services import Actor, record
from garrison.core import validate
from garrison.core.errors import DomainError
from garrison.events.models import Event
from garrison.planning import services
from garrison.planning.access import visible_tasks
from garrison.planning.live_events import MEETING_CREATED, MEETING_DECIDED, MEETING_UPDATED
from garrison.planning.models import Decision, Meeting, Task, TaskStatus


@dataclass
class MeetingData:
    title: str
    held_at: dt.datetime
    location: str = ""
    agenda: str = ""
    minutes: str = ""
    other_attendees: str = ""
    attendee_ids: list[int] = field(default_factory=list)


def meetings_of(event: Event) -> QuerySet[Meeting]:
    return Meeting.objects.filter(event=event)


def access_meeting_by_id(user: User, event: Event, meeting_id: int) -> Meeting:
    """A meeting of this event, for one of its members; 404 for anyone else or another event's."""
    if membership_for(user, event) is None:
        raise Http404
    meeting = Meeting.objects.filter(event=event, pk=meeting_id).first()
    if meeting is None:
        raise Http404
    return meeting


def meeting_summary(meeting: Meeting) -> dict[str, Any]:
    return {
        "title": meeting.title,
        "held_at": meeting.held_at,
        "location": meeting.location,
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "other_attendees": meeting.other_attendees,
        "attendee_ids": sorted(u.pk for u in meeting.attendees.all()) if meeting.pk else [],
    }


def _clean(membership: Membership, data: MeetingData) -> MeetingData:
    if not isinstance(data.held_at, dt.datetime) or data.held_at.tzinfo is None:
        raise DomainError("naive_time", _("Times must carry a time zone."), field="held_at")
    start, end = services._event_window(membership)
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


def _statuses(event_id: int) -> dict[str, str]:
    return {
        str(pk): status
        for pk, status in Task.objects.filter(event_id=event_id).values_list("pk", "status")
    }


def _save(membership: Membership, meeting: Meeting, data: MeetingData, action: str) -> Meeting:
    before = meeting_summary(meeting) if meeting.pk else None
    for key, value in data.__dict__.items():
        if key != "attendee_ids":
            setattr(meeting, key, value)
    # A meeting recorded after it was held keeps the plan as it stood when first recorded.
    if not meeting.snapshot_at and meeting.held_at <= timezone.now():
        meeting.snapshot = {"tasks": _statuses(membership.event_id)}
        meeting.snapshot_at = timezone.now()
    meeting.save()
    meeting.attendees.set(data.attendee_ids)
    record(
        Actor.of_user(membership.user),
        action,
        meeting,
        event_id=membership.event_id,
        before=before,
        after=meeting_summary(meeting),
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
        meeting.snapshot = {"tasks": _statuses(membership.event_id)}
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
    membership: Membership, meeting: Meeting, text: str, data: services.TaskData
) -> Decision:
    """The decision and its task, open at once with the four clears; both or neither."""
    require_role(membership, PLANNERS)
    text = validate.text(text, "decision", max_length=5000)
    with transaction.atomic():
        task = services.create_task(membership, data, status=TaskStatus.OPEN)
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


# --- The review: what changed since the previous meeting -------------------------------------


@dataclass
class Change:
    task: Task
    before: str | None  # None: the task did not exist then
    after: str | None  # None: the task is gone

    @property
    def before_label(self) -> str:
        return str(TaskStatus(self.before).label) if self.before else "—"

    @property
    def after_label(self) -> str:
        return str(TaskStatus(self.after).label) if self.after else "—"


@dataclass
class Review:
    previous: Meeting | None
    live: bool  # this meeting has no snapshot yet: compared with the plan as it is now
    counts: list[tuple[str, int, int]]  # (status label, then, now)
    changes: list[Change]
    finished: int  # tasks done or verified since


def review(membership: Membership, meeting: Meeting) -> Review:
    previous = (
        Meeting.objects.filter(event_id=meeting.event_id, snapshot_at__isnull=False)
        .filter(held_at__lt=meeting.held_at)
        .exclude(pk=meeting.pk)
        .order_by("-held_at", "-pk")
        .first()
    )
    live = meeting.snapshot_at is None
    now: dict[str, str] = _statuses(meeting.event_id) if live else meeting.snapshot["tasks"]
    then: dict[str, str] = previous.snapshot["tasks"] if previous else {}
    visible = {str(pk) for pk in visible_tasks(membership).values_list("pk", flat=True)}
    now = {k: v for k, v in now.items() if k in visible}
    then = {k: v for k, v in then.items() if k in visible}
    before, after = Counter(then.values()), Counter(now.values())
    counts = [(str(label), before[value], after[value]) for value, label in TaskStatus.choices]
    # With nothing to compare against, every task would be "new": list none, count them.
    changed = (
        sorted(k for k in now.keys() | then.keys() if then.get(k) != now.get(k)) if previous else []
    )
    tasks = {
        str(t.pk): t
        for t in Task.objects.filter(pk__in=[int(k) for k in changed]).select_related("unit")
    }
    changes = [Change(tasks[k], then.get(k), now.get(k)) for k in changed if k in tasks]
    finished_values = {TaskStatus.DONE.value, TaskStatus.VERIFIED.value}
    finished = sum(
        1 for c in changes if c.after in finished_values and c.before not in finished_values
    )
    return Review(previous, live, counts, changes, finished)

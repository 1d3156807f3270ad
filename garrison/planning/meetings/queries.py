"""Reads of meetings: the meetings of an event, one meeting, and the review of what changed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from garrison.accounts.access import membership_for
from garrison.accounts.models import Membership, User
from garrison.events.models import Event
from garrison.planning.meetings.models import Meeting
from garrison.planning.tasks.access import visible_tasks
from garrison.planning.tasks.models import Task, TaskStatus


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


def task_statuses(event_id: int) -> dict[str, str]:
    """Every task of the event with its status now: what a meeting's snapshot holds."""
    return {
        str(pk): status
        for pk, status in Task.objects.filter(event_id=event_id).values_list("pk", "status")
    }


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
    now: dict[str, str] = task_statuses(meeting.event_id) if live else meeting.snapshot["tasks"]
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

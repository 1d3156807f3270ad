"""The write path for tasks: the four clears, the status flow, dependencies and comments.

Every function: authorise → validate → change → audit (same transaction) → emit (after commit).
Commanders and planners plan the whole event; a unit commander plans for their subtree; a task's
owner moves their own task along and everyone who sees a task may comment on it.
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
from garrison.core.errors import DomainError, Forbidden
from garrison.core.validate import text as _text
from garrison.events.models import Phase, Site
from garrison.forces.access import in_scope
from garrison.forces.models import Unit
from garrison.planning.live_events import (
    TASK_COMMENTED,
    TASK_CREATED,
    TASK_STATUS_CHANGED,
    TASK_UPDATED,
    TaskChanged,
)
from garrison.planning.roles import PLANNERS, UNIT_PLANNERS
from garrison.planning.tasks.models import FINISHED, Priority, Task, TaskComment, TaskStatus

# The flow of a task; "verified" is the command's check that "done" really is done.
TRANSITIONS: dict[str, frozenset[str]] = {
    TaskStatus.DRAFT: frozenset({TaskStatus.OPEN}),
    TaskStatus.OPEN: frozenset(
        {TaskStatus.DRAFT, TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED, TaskStatus.DONE}
    ),
    TaskStatus.IN_PROGRESS: frozenset({TaskStatus.OPEN, TaskStatus.BLOCKED, TaskStatus.DONE}),
    TaskStatus.BLOCKED: frozenset({TaskStatus.OPEN, TaskStatus.IN_PROGRESS}),
    TaskStatus.DONE: frozenset({TaskStatus.IN_PROGRESS, TaskStatus.VERIFIED}),
    TaskStatus.VERIFIED: frozenset({TaskStatus.IN_PROGRESS}),
}
# A deadline this long before the first day still belongs to the event's preparation.
PREPARATION = dt.timedelta(days=365)


def _actor(membership: Membership) -> Actor:
    return Actor.of_user(membership.user)


def clear_label(name: str) -> str:
    return {
        "owner": _("owner"),
        "deliverable": _("deliverable"),
        "unit": _("responsible unit"),
        "deadline": _("deadline"),
    }[name]


def require_planner_of(membership: Membership, unit_id: int | None) -> None:
    """Planners plan anything; a unit commander only for a unit of their subtree."""
    require_role(membership, UNIT_PLANNERS)
    if membership.role in PLANNERS:
        return
    if membership.unit_id is None or unit_id is None or not in_scope(membership, unit_id):
        raise Forbidden(_("You can plan only for your own unit and the units under it."))


# --- Tasks --------------------------------------------------------------------------------------


@dataclass
class TaskData:
    title: str
    deliverable: str = ""
    owner_id: int | None = None
    unit_id: int | None = None
    deadline: dt.datetime | None = None
    phase_id: int | None = None
    site_id: int | None = None
    priority: str = Priority.NORMAL
    depends_on_ids: list[int] = field(default_factory=list)


def task_summary(task: Task) -> dict[str, Any]:
    return {
        "title": task.title,
        "deliverable": task.deliverable,
        "owner_id": task.owner_id,
        "unit_id": task.unit_id,
        "deadline": task.deadline,
        "phase_id": task.phase_id,
        "site_id": task.site_id,
        "priority": task.priority,
        "status": task.status,
        "depends_on_ids": sorted(t.pk for t in task.depends_on.all()) if task.pk else [],
    }


def task_payload(task: Task) -> TaskChanged:
    return {"id": task.pk, "title": task.title, "status": task.status, "unit_id": task.unit_id}


def event_window(membership: Membership) -> tuple[dt.datetime, dt.datetime]:
    event = membership.event
    tz = event.tzinfo
    start = dt.datetime.combine(event.starts_on, dt.time.min, tzinfo=tz) - PREPARATION
    end = dt.datetime.combine(event.ends_on + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    last_phase = event.phases.order_by("-ends_at").values_list("ends_at", flat=True).first()
    if last_phase is not None and last_phase > end:
        end = last_phase
    return start, end


def _clean_task(membership: Membership, data: TaskData) -> TaskData:
    event_id = membership.event_id
    if data.priority not in Priority.values:
        raise DomainError("invalid_choice", _("Unknown priority."), field="priority")
    if (
        data.owner_id is not None
        and not Membership.objects.filter(event_id=event_id, user_id=data.owner_id).exists()
    ):
        raise DomainError(
            "invalid_owner", _("The owner must be a member of this event."), field="owner_id"
        )
    if (
        data.unit_id is not None
        and not Unit.objects.filter(pk=data.unit_id, event_id=event_id).exists()
    ):
        raise DomainError("invalid_unit", _("Choose a unit of this event."), field="unit_id")
    if (
        data.phase_id is not None
        and not Phase.objects.filter(pk=data.phase_id, event_id=event_id).exists()
    ):
        raise DomainError("invalid_phase", _("Choose a phase of this event."), field="phase_id")
    if (
        data.site_id is not None
        and not Site.objects.filter(pk=data.site_id, event_id=event_id).exists()
    ):
        raise DomainError("invalid_site", _("Choose a site of this event."), field="site_id")
    if data.deadline is not None:
        if data.deadline.tzinfo is None:
            raise DomainError("naive_time", _("Times must carry a time zone."), field="deadline")
        start, end = event_window(membership)
        if not start <= data.deadline <= end:
            raise DomainError(
                "deadline_outside_event",
                _("The deadline must fall within the event's preparation and its days."),
                field="deadline",
            )
    return TaskData(
        title=_text(data.title, "title", max_length=200),
        deliverable=_text(data.deliverable, "deliverable", max_length=5000, required=False),
        owner_id=data.owner_id,
        unit_id=data.unit_id,
        deadline=data.deadline,
        phase_id=data.phase_id,
        site_id=data.site_id,
        priority=data.priority,
        depends_on_ids=sorted(set(data.depends_on_ids)),
    )


def _check_clears(task: Task) -> None:
    missing = task.missing_clears()
    if task.status != TaskStatus.DRAFT and missing:
        names = ", ".join(clear_label(name) for name in missing)
        raise DomainError(
            "four_clears",
            _(
                "A task cannot leave draft without owner, unit, deliverable and deadline. Missing: %(names)s."
            )
            % {"names": names},
            field=missing[0] if missing[0] != "owner" else "owner_id",
        )


def _set_dependencies(task: Task, ids: list[int]) -> None:
    """Point ``task`` at ``ids``; refuse another event's tasks and any cycle."""
    if task.pk in ids:
        raise DomainError("cycle", _("A task cannot depend on itself."), field="depends_on_ids")
    targets = list(Task.objects.filter(event_id=task.event_id, pk__in=ids))
    if len(targets) != len(ids):
        raise DomainError(
            "invalid_dependency", _("Choose tasks of this event."), field="depends_on_ids"
        )
    # A cycle exists if ``task`` is reachable from one of its new prerequisites.
    edges: dict[int, list[int]] = {}
    for source, target in Task.depends_on.through.objects.filter(
        from_task__event_id=task.event_id
    ).values_list("from_task_id", "to_task_id"):
        edges.setdefault(source, []).append(target)
    stack, seen = list(ids), set()
    while stack:
        current = stack.pop()
        if current == task.pk:
            raise DomainError(
                "cycle",
                _("These dependencies would make a cycle: a task would wait on itself."),
                field="depends_on_ids",
            )
        if current in seen:
            continue
        seen.add(current)
        stack.extend(edges.get(current, []))
    task.depends_on.set(targets)


def dependency_warnings(task: Task) -> list[str]:
    """Prerequisites due after this task: allowed, but the plan will likely slip."""
    if task.deadline is None:
        return []
    return [
        _("“%(title)s” is due after this task, which depends on it.") % {"title": other.title}
        for other in task.depends_on.all()
        if other.deadline is not None and other.deadline > task.deadline
    ]


def create_task(membership: Membership, data: TaskData, *, status: str = TaskStatus.DRAFT) -> Task:
    require_planner_of(membership, data.unit_id)
    data = _clean_task(membership, data)
    if status not in (TaskStatus.DRAFT, TaskStatus.OPEN):
        raise DomainError("invalid_status", _("A new task is a draft or open."), field="status")
    with transaction.atomic():
        fields = {k: v for k, v in data.__dict__.items() if k != "depends_on_ids"}
        task = Task(event_id=membership.event_id, status=status, **fields)
        _check_clears(task)
        task.save()
        _set_dependencies(task, data.depends_on_ids)
        record(
            _actor(membership),
            "planning.task.created",
            task,
            event_id=membership.event_id,
            after=task_summary(task),
        )
        TASK_CREATED.emit(membership.event, task_payload(task), unit_ids=_units(task))
    return task


def _units(task: Task) -> list[int] | None:
    return [task.unit_id] if task.unit_id is not None else None


def update_task(membership: Membership, task: Task, data: TaskData) -> Task:
    require_planner_of(membership, task.unit_id)
    data = _clean_task(membership, data)
    if membership.role not in PLANNERS:
        require_planner_of(membership, data.unit_id)
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        before = task_summary(task)
        for key, value in data.__dict__.items():
            if key != "depends_on_ids":
                setattr(task, key, value)
        _check_clears(task)
        task.save()
        _set_dependencies(task, data.depends_on_ids)
        record(
            _actor(membership),
            "planning.task.updated",
            task,
            event_id=membership.event_id,
            before=before,
            after=task_summary(task),
        )
        TASK_UPDATED.emit(membership.event, task_payload(task), unit_ids=_units(task))
    return task


def change_status(membership: Membership, task: Task, status: str, note: str = "") -> Task:
    """Move a task along its flow. Owners move their own tasks; only the command verifies."""
    is_owner = task.owner_id == membership.user_id
    if not is_owner:
        require_planner_of(membership, task.unit_id)
    if status not in TaskStatus.values:
        raise DomainError("invalid_choice", _("Unknown status."), field="status")
    if status == TaskStatus.VERIFIED and membership.role not in PLANNERS:
        raise Forbidden(_("Only the command verifies a task."))
    note = _text(note, "note", max_length=2000, required=False)
    with transaction.atomic():
        # Judge the move against the row as it is now, not as the caller last read it.
        task = Task.objects.select_for_update().get(pk=task.pk)
        if status not in TRANSITIONS[task.status]:
            raise DomainError(
                "invalid_transition",
                _("A task cannot go from “%(old)s” to “%(new)s”.")
                % {"old": TaskStatus(task.status).label, "new": TaskStatus(status).label},
                field="status",
            )
        before = {"status": task.status}
        task.status = status
        _check_clears(task)
        if status == TaskStatus.DONE:
            task.done_at = timezone.now()
        elif status not in FINISHED:
            task.done_at = None
        task.save(update_fields=["status", "done_at", "updated"])
        if note:
            TaskComment.objects.create(task=task, author=membership.user, body=note)
        record(
            _actor(membership),
            "planning.task.status_changed",
            task,
            event_id=membership.event_id,
            before=before,
            after={"status": status, **char_counts(note=note)},
        )
        TASK_STATUS_CHANGED.emit(
            membership.event,
            task_payload(task),
            unit_ids=_units(task),
        )
    return task


def add_comment(membership: Membership, task: Task, body: str) -> TaskComment:
    """Anyone who can see the task may comment on it (the caller looked it up through access)."""
    body = _text(body, "body", max_length=5000)
    with transaction.atomic():
        comment = TaskComment.objects.create(task=task, author=membership.user, body=body)
        record(
            _actor(membership),
            "planning.task.commented",
            comment,
            event_id=membership.event_id,
            after={"task_id": task.pk, **char_counts(body=body)},
            # Named by its task: a comment's own name (``str``) begins with its words.
            object_repr=task.title,
        )
        TASK_COMMENTED.emit(
            membership.event,
            {"id": task.pk, "comment_id": comment.pk},
            unit_ids=_units(task),
        )
    return comment

"""Read models of the plan: the task views (mine, my unit's, overdue, due soon) and progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from garrison.accounts.models import Membership
from garrison.accounts.scope import unit_scope
from garrison.planning.access import visible_tasks
from garrison.planning.models import FINISHED, Task, TaskStatus

DUE_SOON = dt.timedelta(hours=48)
VIEWS = ("all", "mine", "unit", "overdue", "due_soon")


def overdue(tasks: QuerySet[Task], now: dt.datetime | None = None) -> QuerySet[Task]:
    now = now or timezone.now()
    return tasks.filter(deadline__lt=now).exclude(status__in=FINISHED)


def due_soon(tasks: QuerySet[Task], now: dt.datetime | None = None) -> QuerySet[Task]:
    now = now or timezone.now()
    return tasks.filter(deadline__gte=now, deadline__lt=now + DUE_SOON).exclude(status__in=FINISHED)


def task_view(membership: Membership, view: str) -> QuerySet[Task]:
    tasks = visible_tasks(membership)
    if view == "mine":
        return tasks.filter(owner_id=membership.user_id)
    if view == "unit":
        units = unit_scope(membership)
        if units is None:
            # An event-wide role has no unit of its own: "my unit" is the unit it is attached to.
            units = frozenset({membership.unit_id}) if membership.unit_id else frozenset()
        return tasks.filter(unit_id__in=units)
    if view == "overdue":
        return overdue(tasks)
    if view == "due_soon":
        return due_soon(tasks)
    return tasks


@dataclass
class ProgressRow:
    key: int | None
    label: str
    total: int
    finished: int
    overdue: int
    blocked: int

    @property
    def percent(self) -> int:
        return round(100 * self.finished / self.total) if self.total else 0


def progress(membership: Membership, by: str) -> list[ProgressRow]:
    """Tasks per unit (``by="unit"``) or per phase: how many, finished, overdue, blocked.

    One grouped query, so the chart stays fast with thousands of tasks.
    """
    field = {"unit": "unit", "phase": "phase"}[by]
    label_field = {"unit": "unit__name", "phase": "phase__name"}[by]
    now = timezone.now()
    rows = (
        visible_tasks(membership)
        .exclude(status=TaskStatus.DRAFT)
        .values(field, label_field)
        .annotate(
            total=Count("pk"),
            finished=Count("pk", filter=Q(status__in=FINISHED)),
            late=Count("pk", filter=Q(deadline__lt=now) & ~Q(status__in=FINISHED)),
            blocked=Count("pk", filter=Q(status=TaskStatus.BLOCKED)),
        )
        .order_by(label_field)
    )
    return [
        ProgressRow(
            key=row[field],
            label=row[label_field] or "—",
            total=row["total"],
            finished=row["finished"],
            overdue=row["late"],
            blocked=row["blocked"],
        )
        for row in rows
    ]

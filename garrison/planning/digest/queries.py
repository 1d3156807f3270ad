"""The commander's daily digest: what is overdue and what falls due within 48 hours, per unit.

The same digest feeds the page and ``garrison task_digest EVENT`` (for a morning e-mail or a
printout at the duty desk).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from garrison.planning.tasks import queries
from garrison.planning.tasks.models import Task

LIMIT = 200  # rows listed per section; the totals still count everything


@dataclass
class Digest:
    now: dt.datetime
    overdue: list[Task]
    overdue_total: int
    due_soon: list[Task]
    due_soon_total: int


def build(tasks: QuerySet[Task], now: dt.datetime | None = None) -> Digest:
    now = now or timezone.now()
    late = queries.overdue(tasks, now).select_related("unit", "owner").order_by("deadline", "pk")
    soon = queries.due_soon(tasks, now).select_related("unit", "owner").order_by("deadline", "pk")
    return Digest(now, list(late[:LIMIT]), late.count(), list(soon[:LIMIT]), soon.count())


def as_text(digest: Digest, tz: dt.tzinfo, title: str) -> str:
    """Plain text, one task a line: deadline, unit, owner, title."""

    def line(task: Task) -> str:
        deadline = task.deadline.astimezone(tz).strftime("%d/%m %H:%M") if task.deadline else "—"
        unit = task.unit.code if task.unit else "—"
        owner = task.owner.display_name() if task.owner else "—"
        return f"  {deadline}  {unit:<10} {owner:<24} {task.title}"

    local = digest.now.astimezone(tz)
    lines = [f"{title} — {local:%d/%m/%Y %H:%M}", ""]
    lines.append(f"OVERDUE ({digest.overdue_total})")
    lines += [line(t) for t in digest.overdue] or ["  —"]
    lines.append("")
    lines.append(f"DUE WITHIN 48 H ({digest.due_soon_total})")
    lines += [line(t) for t in digest.due_soon] or ["  —"]
    return "\n".join(lines) + "\n"

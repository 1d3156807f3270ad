"""What planning puts in the event's archive (garrison.core.archive): the tasks with their four
clears and comments, the meetings with their decisions, the risks and the inspections — the
plan and its history. Comments, minutes and inspection notes are free text and the meetings'
other attendees are names (``planning.personal``): withheld unless personal data is asked for.
Statistics: tasks per status, on time and late."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q

from garrison.core.archive import Table, contribute, model_table
from garrison.events.models import Event
from garrison.planning.models import (
    Decision,
    Inspection,
    InspectionItem,
    Meeting,
    Risk,
    Task,
    TaskComment,
)


def _tables(event: Event) -> list[Table]:
    return [
        model_table(
            "planning/tasks",
            Task.objects.filter(event=event),
            [
                "id",
                "title",
                "deliverable",
                "owner_id",
                "unit__code",
                "deadline",
                "phase_id",
                "site_id",
                "priority",
                "status",
                "created",
                "done_at",
            ],
        ),
        model_table(
            "planning/task_comments",
            TaskComment.objects.filter(task__event=event),
            ["id", "task_id", "author_id", "created", "body"],
        ),
        model_table(
            "planning/meetings",
            Meeting.objects.filter(event=event),
            ["id", "title", "held_at", "location", "agenda", "minutes", "other_attendees"],
        ),
        model_table(
            "planning/decisions",
            Decision.objects.filter(meeting__event=event),
            ["id", "meeting_id", "text", "task_id", "created"],
        ),
        model_table(
            "planning/risks",
            Risk.objects.filter(event=event),
            [
                "id",
                "site_id",
                "threat",
                "description",
                "likelihood",
                "impact",
                "residual_likelihood",
                "residual_impact",
            ],
        ),
        model_table(
            "planning/inspections",
            Inspection.objects.filter(event=event),
            ["id", "title", "site_id", "inspected_at", "inspector_id", "unit__code", "notes"],
        ),
        model_table(
            "planning/inspection_items",
            InspectionItem.objects.filter(inspection__event=event),
            ["id", "inspection_id", "position", "text", "result", "notes", "task_id"],
        ),
    ]


def task_statistics(event: Event) -> dict[str, Any]:
    tasks = Task.objects.filter(event=event)
    per_status = tasks.values("status").annotate(n=Count("pk")).order_by("status")
    done = tasks.filter(done_at__isnull=False, deadline__isnull=False)
    return {
        "tasks": tasks.count(),
        "tasks_by_status": {row["status"]: row["n"] for row in per_status},
        "done_on_time": done.filter(done_at__lte=F("deadline")).count(),
        "done_late": done.filter(Q(done_at__gt=F("deadline"))).count(),
        "meetings": Meeting.objects.filter(event=event).count(),
        "risks": Risk.objects.filter(event=event).count(),
        "inspections": Inspection.objects.filter(event=event).count(),
    }


contribute("planning", tables=_tables, statistics=task_statistics)

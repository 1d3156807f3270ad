"""The plan's models, one module per concept; importing them here is what makes Django (and the
migrations) see them as this app's, under the names they have always had."""

from __future__ import annotations

# Tasks first, as before the split: Django registers the models in the order they are imported.
from garrison.planning.tasks.models import FINISHED, Priority, Task, TaskComment, TaskStatus

# isort: split
from garrison.planning.inspections.models import (
    ChecklistKind,
    ChecklistTemplate,
    Inspection,
    InspectionItem,
    ItemResult,
)
from garrison.planning.meetings.models import Decision, Meeting
from garrison.planning.risks.models import Risk

__all__ = [
    "FINISHED",
    "ChecklistKind",
    "ChecklistTemplate",
    "Decision",
    "Inspection",
    "InspectionItem",
    "ItemResult",
    "Meeting",
    "Priority",
    "Risk",
    "Task",
    "TaskComment",
    "TaskStatus",
]

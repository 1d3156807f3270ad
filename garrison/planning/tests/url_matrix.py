"""Matrix rows for the planning screens: every member reads and comments, the command plans.

Unit commanders plan only for their subtree; the matrix probes them without a unit, so they are
refused like other non-planners. ``test_tasks.py`` proves their rights inside their subtree and
an owner's right to move their own task.
"""

from __future__ import annotations

import itertools
from typing import Any

from django.utils import timezone

from garrison.core.testing import ALL_ROLES, Route
from garrison.events.models import Event, Site
from garrison.planning import roles
from garrison.planning.models import (
    ChecklistTemplate,
    Inspection,
    InspectionItem,
    Meeting,
    Risk,
    Task,
)

# Rows hold sets of role values; the plan's command, as the views and services know it.
PLANNERS = frozenset(roles.PLANNERS)
_serial = itertools.count(1)


def task_kwargs(event: Event) -> dict[str, Any]:
    task = Task.objects.create(event=event, title=f"Matrix task {next(_serial)}")
    return {"pk": task.pk}


def risk_kwargs(event: Event) -> dict[str, Any]:
    risk = Risk.objects.create(
        event=event,
        threat=f"Matrix risk {next(_serial)}",
        likelihood=3,
        impact=4,
        residual_likelihood=2,
        residual_impact=2,
    )
    return {"pk": risk.pk}


def meeting_kwargs(event: Event) -> dict[str, Any]:
    meeting = Meeting.objects.create(
        event=event, title=f"Matrix meeting {next(_serial)}", held_at=timezone.now()
    )
    return {"pk": meeting.pk}


def checklist_kwargs(event: Event) -> dict[str, Any]:
    template = ChecklistTemplate.objects.create(
        event=event, name=f"Matrix checklist {next(_serial)}", kind="other", items=["Exit clear"]
    )
    return {"pk": template.pk}


def _inspection(event: Event) -> Inspection:
    n = next(_serial)
    site = Site.objects.create(event=event, name=f"Matrix site {n}", kind="venue", lat=0, lon=0)
    return Inspection.objects.create(
        event=event, site=site, title=f"Matrix inspection {n}", inspected_at=timezone.now()
    )


def inspection_kwargs(event: Event) -> dict[str, Any]:
    return {"pk": _inspection(event).pk}


def failed_item_kwargs(event: Event) -> dict[str, Any]:
    inspection = _inspection(event)
    item = InspectionItem.objects.create(
        inspection=inspection, position=1, text="Exit blocked", result="fail"
    )
    return {"pk": inspection.pk, "item": item.pk}


ROUTES: list[Route] = [
    Route("planning:tasks", roles=ALL_ROLES),
    Route("planning:task_create", roles=PLANNERS),
    Route("planning:task", roles=ALL_ROLES, kwargs=task_kwargs),
    Route("planning:task_edit", roles=PLANNERS, kwargs=task_kwargs),
    Route(
        "planning:task_status",
        roles=PLANNERS,
        kwargs=task_kwargs,
        method="POST",
        data={"status": "in_progress"},
    ),
    Route(
        "planning:task_comment",
        roles=ALL_ROLES,
        kwargs=task_kwargs,
        method="POST",
        data={"body": "Matrix comment"},
    ),
    Route("planning:progress", roles=ALL_ROLES),
    Route("planning:task_import", roles=PLANNERS),
    Route("planning:digest", roles=PLANNERS),
    Route("planning:risks", roles=ALL_ROLES),
    Route("planning:risk_create", roles=PLANNERS),
    Route("planning:risk", roles=ALL_ROLES, kwargs=risk_kwargs),
    Route("planning:risk_edit", roles=PLANNERS, kwargs=risk_kwargs),
    Route("planning:risk_delete", roles=PLANNERS, kwargs=risk_kwargs),
    Route("planning:risk_task", roles=PLANNERS, kwargs=risk_kwargs),
    Route("planning:meetings", roles=ALL_ROLES),
    Route("planning:meeting_create", roles=PLANNERS),
    Route("planning:meeting", roles=ALL_ROLES, kwargs=meeting_kwargs),
    Route("planning:meeting_edit", roles=PLANNERS, kwargs=meeting_kwargs),
    Route("planning:meeting_snapshot", roles=PLANNERS, kwargs=meeting_kwargs, method="POST"),
    # An empty decision: planners get through to the form's 400, the others are refused first.
    Route("planning:meeting_decision", roles=PLANNERS, kwargs=meeting_kwargs, method="POST"),
    Route("planning:checklists", roles=ALL_ROLES),
    Route("planning:checklist_create", roles=PLANNERS),
    Route("planning:checklist_install", roles=PLANNERS, method="POST"),
    Route("planning:checklist_edit", roles=PLANNERS, kwargs=checklist_kwargs),
    Route("planning:inspections", roles=ALL_ROLES),
    Route("planning:inspection_create", roles=PLANNERS),
    Route("planning:inspection", roles=ALL_ROLES, kwargs=inspection_kwargs),
    Route("planning:inspection_results", roles=PLANNERS, kwargs=inspection_kwargs, method="POST"),
    Route(
        "planning:inspection_item_task",
        roles=PLANNERS,
        kwargs=failed_item_kwargs,
        method="POST",
    ),
]

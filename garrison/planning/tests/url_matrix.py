"""Matrix rows for the planning screens: every member reads and comments, the command plans.

Unit commanders plan only for their subtree; the matrix probes them without a unit, so they are
refused like other non-planners. ``test_tasks.py`` proves their rights inside their subtree and
an owner's right to move their own task.
"""

from __future__ import annotations

import itertools
from typing import Any

from django.utils import timezone

from garrison.core.testing import ALL_ROLES, PLANNERS, Route
from garrison.events.models import Event
from garrison.planning.models import Meeting, Risk, Task

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
]

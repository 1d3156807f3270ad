"""Matrix rows for the planning screens: every member reads and comments, the command plans.

Unit commanders plan only for their subtree; the matrix probes them without a unit, so they are
refused like other non-planners. ``test_tasks.py`` proves their rights inside their subtree and
an owner's right to move their own task.
"""

from __future__ import annotations

import itertools
from typing import Any

from garrison.core.testing import ALL_ROLES, PLANNERS, Route
from garrison.events.models import Event
from garrison.planning.models import Task

_serial = itertools.count(1)


def task_kwargs(event: Event) -> dict[str, Any]:
    task = Task.objects.create(event=event, title=f"Matrix task {next(_serial)}")
    return {"pk": task.pk}


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
]

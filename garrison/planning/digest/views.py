"""The commander's daily digest page."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from garrison.accounts.decorators import EventRequest, event_view
from garrison.planning.access import visible_tasks
from garrison.planning.digest import queries
from garrison.planning.roles import PLANNERS


@event_view(*PLANNERS)
@require_GET
def task_digest(request: EventRequest) -> HttpResponse:
    found = queries.build(visible_tasks(request.membership))
    return render(request, "planning/digest.html", {"digest": found})

"""The unit's phone page: its call, acknowledge, en route, on scene, cleared."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.core.models import LiveEvent
from garrison.forces.access import access_unit_by_id
from garrison.forces.models import Assignment as Shift
from garrison.forces.models import ForceMember, Unit
from garrison.ops.dispatch import services as dispatch
from garrison.ops.models import Assignment, UnitState
from garrison.ops.roles import DESK, UNIT_CREW


def _unit(request: EventRequest, pk: int) -> Unit:
    unit = access_unit_by_id(request.user, request.event, pk)
    if not dispatch.can_crew(request.membership, unit):
        raise Http404
    return unit


def _sharing(request: EventRequest, unit: Unit) -> dict[str, Any] | None:
    """The position toggle, for the unit's own members only (the desk has no phone to share);
    with the member's shift now, if any."""
    members = ForceMember.objects.filter(event=request.event, user=request.user, unit=unit)
    if not members.exists():
        return None
    now = timezone.now()
    shift = (
        Shift.objects.filter(member__in=members, starts_at__lte=now, ends_at__gt=now)
        .order_by("-ends_at")
        .first()
    )
    return {"shift": shift}


def _page(request: EventRequest, unit: Unit, error: DomainError | None = None) -> HttpResponse:
    row = dispatch.status_of(unit)
    assignment = (
        Assignment.objects.filter(unit=unit, incident_id=row.incident_id)
        .select_related("incident", "incident__type", "incident__site")
        .first()
        if row.incident_id
        else None
    )
    last = (
        LiveEvent.objects.filter(event=request.event)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    context = {
        "unit": unit,
        "status": row,
        "assignment": assignment,
        "moves": [
            (value, label)
            for value, label in UnitState.choices
            if value in dispatch.UNIT_MOVES.get(row.state, frozenset())
        ],
        "error": error,
        "last_event_id": last or 0,
        "sharing": _sharing(request, unit),
    }
    return render(request, "ops/unit_phone.html", context, status=error.status if error else 200)


@event_view(*UNIT_CREW)
@require_GET
def unit_phone(request: EventRequest, pk: int) -> HttpResponse:
    return _page(request, _unit(request, pk))


@event_view(*UNIT_CREW)
@require_POST
def unit_state(request: EventRequest, pk: int) -> HttpResponse:
    unit = _unit(request, pk)
    try:
        if request.POST.get("acknowledge"):
            dispatch.acknowledge(request.membership, unit)
        else:
            dispatch.set_unit_state(request.membership, unit, request.POST.get("state", ""))
    except DomainError as error:
        if error.status in (403, 404):
            raise
        return _page(request, unit, error)
    if request.POST.get("next") == "board" and request.membership.role in DESK:
        return redirect("ops:units", event=request.event.slug)
    return redirect("ops:unit_phone", event=request.event.slug, pk=unit.pk)

"""The desk: the triage queue, taking a report, merging, dispatching; the units board."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.forces.access import visible_units
from garrison.ops.access import access_incident_by_id, visible_incidents
from garrison.ops.dispatch import services as dispatch
from garrison.ops.incidents.lifecycle import WAITING
from garrison.ops.incidents.views import back_to_incident
from garrison.ops.models import Breach, Status, UnitState
from garrison.ops.roles import DESK
from garrison.ops.timers.targets import Targets


@event_view()
@require_GET
def queue(request: EventRequest) -> HttpResponse:
    """Waiting reports, most severe first and, within a severity, longest waiting first."""
    rows = (
        visible_incidents(request.membership)
        .filter(status__in=WAITING)
        .select_related("type", "site", "handler")
        .annotate(duplicate_count=Count("duplicates"))
        .order_by("severity", "received_at", "pk")
    )
    active = (
        visible_incidents(request.membership)
        .filter(status__in=[Status.DISPATCHED, Status.ON_SCENE])
        .select_related("type", "site", "handler")
        .order_by("severity", "received_at")
    )
    targets = Targets.of(request.event)
    waiting = list(rows[:300])
    late = set(
        Breach.objects.filter(incident__in=[i.pk for i in waiting]).values_list(
            "incident_id", flat=True
        )
    )
    for incident in waiting:
        incident.deadline = incident.received_at + dt.timedelta(  # type: ignore[attr-defined]
            seconds=targets.call_processing
        )
        incident.late = incident.pk in late  # type: ignore[attr-defined]
    return render(
        request,
        "ops/queue.html",
        {
            "waiting": waiting,
            "active": active[:300],
            "now": timezone.now(),
            "desk": request.membership.role in DESK,
        },
    )


@event_view(*DESK)
@require_POST
def incident_take(request: EventRequest, pk: int) -> HttpResponse:
    incident = access_incident_by_id(request.user, request.event, pk)
    try:
        if request.POST.get("release"):
            dispatch.release_incident(request.membership, incident)
        else:
            dispatch.take_incident(
                request.membership, incident, take_over=bool(request.POST.get("take_over"))
            )
    except DomainError as error:
        return back_to_incident(request, incident, error)
    return back_to_incident(request, incident, None)


@event_view(*DESK)
@require_POST
def incident_merge(request: EventRequest, pk: int) -> HttpResponse:
    incident = access_incident_by_id(request.user, request.event, pk)
    try:
        target_id = int(request.POST.get("into", ""))
    except ValueError:
        return back_to_incident(
            request, incident, DomainError("invalid_merge", _("Choose a report."))
        )
    into = access_incident_by_id(request.user, request.event, target_id)
    try:
        dispatch.merge_incident(request.membership, incident, into)
    except DomainError as error:
        return back_to_incident(request, incident, error)
    return redirect("ops:incident", event=request.event.slug, pk=into.pk)


@event_view(*DESK)
@require_POST
def incident_dispatch(request: EventRequest, pk: int) -> HttpResponse:
    incident = access_incident_by_id(request.user, request.event, pk)
    try:
        unit_ids = [int(value) for value in request.POST.getlist("units")]
    except ValueError:
        return back_to_incident(
            request, incident, DomainError("unknown_unit", _("No such unit in this event."))
        )
    try:
        dispatch.dispatch_units(request.membership, incident, unit_ids)
    except DomainError as error:
        return back_to_incident(request, incident, error)
    return back_to_incident(request, incident, None)


@event_view()
@require_GET
def unit_board(request: EventRequest) -> HttpResponse:
    units = list(
        visible_units(request.membership)
        .filter(children__isnull=True)
        .select_related("ops_status", "ops_status__incident")
        .annotate(depth_path=F("path"))
    )
    rows = []
    for unit in units:
        # A unit nobody has dispatched yet has no status row: it is available since always.
        status = getattr(unit, "ops_status", None)
        state = status.state if status else UnitState.AVAILABLE
        rows.append((unit, status, dispatch.UNIT_MOVES.get(state, frozenset())))
    return render(
        request,
        "ops/unit_board.html",
        {"rows": rows, "desk": request.membership.role in DESK, "states": UnitState},
    )

"""The desk: the incident's page with triage, status moves and photos; the triage queue, taking a
report, merging, dispatching; the units board.

The incident's page shows what several folders own (the units ``dispatch`` ranks, the intervals
``timers`` counts, whether ``photos`` still takes one), so it lives here, above them; every action
that answers with the page (``back_to_incident``) lives here with it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
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
from garrison.ops.dispatch.ranking import rank_units
from garrison.ops.incidents import services as incidents
from garrison.ops.incidents.forms import StatusForm, TriageForm, next_statuses
from garrison.ops.incidents.lifecycle import OPEN, WAITING
from garrison.ops.models import Breach, Incident, Status, UnitState
from garrison.ops.photos import services as photos
from garrison.ops.photos.forms import IncidentPhotoForm
from garrison.ops.photos.services import NO_MORE_PHOTOS
from garrison.ops.roles import DESK, REPORTERS
from garrison.ops.timers.targets import Targets

# --- The incident's page -----------------------------------------------------------------------


def is_desk(request: EventRequest) -> bool:
    return request.membership.role in DESK


def running_timers(incident: Incident) -> list[tuple[str, dt.datetime, dt.datetime]]:
    """(label, started, due) of each interval now counting for this incident."""
    targets = Targets.of(incident.event)
    out: list[tuple[str, dt.datetime, dt.datetime]] = []
    assignments = list(incident.assignments.select_related("unit"))
    if incident.status in WAITING and not assignments:
        due = incident.received_at + dt.timedelta(seconds=targets.call_processing)
        out.append((_("Call processing"), incident.received_at, due))
    if incident.status not in OPEN:
        return out
    for a in assignments:
        if a.cleared_at is not None or a.on_scene_at is not None:
            continue
        if a.en_route_at is None:
            due = a.dispatched_at + dt.timedelta(seconds=targets.turnout)
            out.append((_("Turnout %(unit)s") % {"unit": a.unit.code}, a.dispatched_at, due))
        else:
            due = a.en_route_at + dt.timedelta(seconds=targets.travel)
            out.append((_("Travel %(unit)s") % {"unit": a.unit.code}, a.en_route_at, due))
    return out


def detail_context(request: EventRequest, incident: Incident) -> dict[str, Any]:
    desk = is_desk(request)
    is_open = incident.status in OPEN
    return {
        "timers": running_timers(incident),
        "breaches": incident.breaches.select_related("assignment__unit"),
        "assignments": incident.assignments.select_related("unit", "dispatched_by"),
        "suggested": rank_units(incident) if desk and is_open else [],
        "merge_targets": (
            visible_incidents(request.membership)
            .filter(status__in=OPEN)
            .exclude(pk=incident.pk)
            .select_related("type")
            .order_by("exercise", "-received_at", "-pk")[:50]
            if desk and incident.status in WAITING
            else []
        ),
        "duplicates": incident.duplicates.all(),
        "incident": incident,
        "transitions": incident.transitions.select_related("user"),
        "desk": desk,
        # A purged photo (its bytes gone with the event's personal data) has nothing to show.
        "photos": incident.photos.defer("data").exclude(sha256="") if desk else [],
        "photo_count": incident.photos.count(),
        "can_add_photo": request.membership.role in REPORTERS
        and incident.status not in NO_MORE_PHOTOS,
        "next_statuses": next_statuses(incident.status),
        "triage_form": TriageForm(
            event=request.event,
            initial={"type": incident.type_id, "severity": incident.severity},
        ),
    }


@event_view()
@require_GET
def incident_detail(request: EventRequest, pk: int) -> HttpResponse:
    incident = access_incident_by_id(request.user, request.event, pk)
    return render(request, "ops/incident_detail.html", detail_context(request, incident))


def back_to_incident(
    request: EventRequest, incident: Incident, error: DomainError | None
) -> HttpResponse:
    if error is None:
        return redirect("ops:incident", event=request.event.slug, pk=incident.pk)
    if error.status in (403, 404):
        raise error
    context = detail_context(request, incident) | {"error": error}
    return render(request, "ops/incident_detail.html", context, status=error.status)


@event_view(*DESK)
@require_POST
def incident_triage(request: EventRequest, pk: int) -> HttpResponse:
    incident = access_incident_by_id(request.user, request.event, pk)
    form = TriageForm(request.POST, event=request.event)
    if not form.is_valid():
        error = DomainError("invalid", _("Choose a type and a severity."))
        return back_to_incident(request, incident, error)
    d = form.cleaned_data
    try:
        incidents.triage_incident(request.membership, incident, d["type"], d["severity"], d["note"])
    except DomainError as error:
        return back_to_incident(request, incident, error)
    return back_to_incident(request, incident, None)


@event_view(*DESK)
@require_POST
def incident_status(request: EventRequest, pk: int) -> HttpResponse:
    incident = access_incident_by_id(request.user, request.event, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return back_to_incident(
            request, incident, DomainError("invalid_status", _("Unknown status."))
        )
    try:
        incidents.change_status(
            request.membership, incident, form.cleaned_data["status"], form.cleaned_data["note"]
        )
    except DomainError as error:
        return back_to_incident(request, incident, error)
    return back_to_incident(request, incident, None)


@event_view(*REPORTERS)
@require_POST
def incident_photo_upload(request: EventRequest, pk: int) -> HttpResponse:
    incident = access_incident_by_id(request.user, request.event, pk)
    form = IncidentPhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        error = DomainError("photo_missing", _("Choose a photo to add."), field="photo")
        return back_to_incident(request, incident, error)
    data, name = photos.read_upload(form.cleaned_data["photo"])
    try:
        photos.add_photo(request.membership, incident, data, name)
    except DomainError as error:
        return back_to_incident(request, incident, error)
    messages.success(request, _("The photo has been added."))
    return back_to_incident(request, incident, None)


# --- The queue, taking, merging, dispatching; the units board ----------------------------------


@event_view()
@require_GET
def queue(request: EventRequest) -> HttpResponse:
    """Waiting reports, most severe first and, within a severity, longest waiting first."""
    rows = (
        visible_incidents(request.membership)
        .filter(status__in=WAITING)
        .select_related("type", "site", "handler")
        .annotate(duplicate_count=Count("duplicates"))
        # Real reports first: during a drill its injects wait behind every real one.
        .order_by("exercise", "severity", "received_at", "pk")
    )
    active = (
        visible_incidents(request.membership)
        .filter(status__in=[Status.DISPATCHED, Status.ON_SCENE])
        .select_related("type", "site", "handler")
        .order_by("exercise", "severity", "received_at")
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

"""Incident screens: the list, reporting one, its page with triage and status moves."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.core.pages import render_form
from garrison.ops.access import access_incident_by_id, visible_incidents
from garrison.ops.dispatch.ranking import rank_units
from garrison.ops.incidents import services
from garrison.ops.incidents.forms import IncidentForm, StatusForm, TriageForm, next_statuses
from garrison.ops.incidents.lifecycle import OPEN, WAITING
from garrison.ops.models import Incident
from garrison.ops.photos.services import NO_MORE_PHOTOS
from garrison.ops.roles import DESK, REPORTERS
from garrison.ops.timers.targets import Targets


def is_desk(request: EventRequest) -> bool:
    return request.membership.role in DESK


@event_view()
@require_GET
def incident_list(request: EventRequest) -> HttpResponse:
    show_all = request.GET.get("all") == "1"
    incidents = visible_incidents(request.membership).select_related("type", "site", "handler")
    if not show_all:
        incidents = incidents.filter(status__in=OPEN)
    return render(
        request,
        "ops/incident_list.html",
        {
            "incidents": incidents[:500],
            "show_all": show_all,
            "can_report": request.membership.role in REPORTERS,
        },
    )


@event_view(*REPORTERS)
@require_http_methods(["GET", "POST"])
def incident_create(request: EventRequest) -> HttpResponse:
    template = "ops/incident_form.html"
    if request.method != "POST":
        return render_form(request, template, IncidentForm(event=request.event))
    form = IncidentForm(request.POST, event=request.event)
    if not form.is_valid():
        return render_form(request, template, form)
    try:
        incident = services.create_incident(request.membership, form.to_data())
    except DomainError as error:
        return render_form(request, template, form, error=error)
    messages.success(request, _("Incident %(ref)s recorded.") % {"ref": incident.reference})
    return redirect("ops:incident", event=request.event.slug, pk=incident.pk)


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
            .select_related("type")[:50]
            if desk and incident.status in WAITING
            else []
        ),
        "duplicates": incident.duplicates.all(),
        "incident": incident,
        "transitions": incident.transitions.select_related("user"),
        "desk": desk,
        "photos": incident.photos.defer("data") if desk else [],
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
        services.triage_incident(request.membership, incident, d["type"], d["severity"], d["note"])
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
        services.change_status(
            request.membership, incident, form.cleaned_data["status"], form.cleaned_data["note"]
        )
    except DomainError as error:
        return back_to_incident(request, incident, error)
    return back_to_incident(request, incident, None)

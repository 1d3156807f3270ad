"""The printable activity logs (ICS 214 style) of an incident or a unit, and notes added to them."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.forces.access import access_unit_by_id
from garrison.forces.models import Unit
from garrison.ops.access import access_incident_by_id
from garrison.ops.activity import services as activity
from garrison.ops.models import Incident
from garrison.ops.roles import DESK, REPORTERS, UNIT_CREW


def _photo_context(request: EventRequest, incident: Incident) -> dict[str, object]:
    """The log prints the photos for those who may see them (the desk), through the same
    access-checked view as the incident page; others learn only how many there are."""
    desk = request.membership.role in DESK
    return {
        # A purged photo (its bytes gone with the event's personal data) has nothing to show.
        "photos": incident.photos.defer("data").exclude(sha256="").order_by("at", "pk")
        if desk
        else [],
        "photo_count": incident.photos.count(),
        "sees_photos": desk,
    }


@event_view()
@require_GET
def incident_log(request: EventRequest, pk: int) -> HttpResponse:
    incident = access_incident_by_id(request.user, request.event, pk)
    return render(
        request,
        "ops/activity_log.html",
        {
            "incident": incident,
            "lines": activity.incident_log(incident),
            "can_note": request.membership.role in REPORTERS,
            **_photo_context(request, incident),
        },
    )


@event_view(*REPORTERS)
@require_POST
def incident_note(request: EventRequest, pk: int) -> HttpResponse:
    incident = access_incident_by_id(request.user, request.event, pk)
    try:
        activity.add_note(request.membership, incident, request.POST.get("text", ""))
    except DomainError as error:
        if error.status in (403, 404):
            raise
        context = {
            "incident": incident,
            "lines": activity.incident_log(incident),
            "can_note": True,
            "error": error,
            **_photo_context(request, incident),
        }
        return render(request, "ops/activity_log.html", context, status=error.status)
    return redirect("ops:incident_log", event=request.event.slug, pk=incident.pk)


def _unit_log_page(
    request: EventRequest, unit: Unit, error: DomainError | None = None
) -> HttpResponse:
    context = {
        "unit": unit,
        "lines": activity.unit_log(unit),
        "can_note": activity.can_note_unit(request.membership, unit),
        "error": error,
    }
    return render(request, "ops/activity_log.html", context, status=error.status if error else 200)


@event_view()
@require_GET
def unit_log(request: EventRequest, pk: int) -> HttpResponse:
    return _unit_log_page(request, access_unit_by_id(request.user, request.event, pk))


@event_view(*UNIT_CREW)
@require_POST
def unit_note(request: EventRequest, pk: int) -> HttpResponse:
    unit = access_unit_by_id(request.user, request.event, pk)
    try:
        activity.add_unit_note(request.membership, unit, request.POST.get("text", ""))
    except DomainError as error:
        if error.status in (403, 404):
            raise
        return _unit_log_page(request, unit, error)
    return redirect("ops:unit_log", event=request.event.slug, pk=unit.pk)

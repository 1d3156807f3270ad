"""The sensors page: counting devices (tokens shown once), zones' crowds, roads' traffic."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.core.models import LiveEvent
from garrison.core.pages import render_form
from garrison.sensors.access import access_device_by_id, access_zone_by_id
from garrison.sensors.forms import DeviceForm, ResetForm, SegmentForm, ThresholdsForm
from garrison.sensors.models import CountingDevice, RoadSegment
from garrison.sensors.roles import MANAGERS, RESETTERS
from garrison.sensors.services import devices as device_services
from garrison.sensors.services import zones as zone_services
from garrison.sensors.services.stale import stale_after


@event_view()
@require_GET
def overview(request: EventRequest) -> HttpResponse:
    role = request.membership.role
    # Read before the rows: a change committed in between is then replayed by the feed.
    live_last = (
        LiveEvent.objects.filter(event=request.event).order_by("-id").values_list("id", flat=True)
    ).first() or 0
    return render(
        request,
        "sensors/overview.html",
        {
            "zones": zone_services.zone_views(request.event),
            "segments": RoadSegment.objects.filter(event=request.event),
            "devices": CountingDevice.objects.filter(event=request.event).select_related(
                "zone", "segment"
            ),
            "can_manage": role in MANAGERS,
            "can_reset": role in RESETTERS,
            "device_form": DeviceForm(event=request.event) if role in MANAGERS else None,
            "stale_minutes": round(stale_after().total_seconds() / 60),
            "live_last": live_last,
        },
    )


def _token_page(request: EventRequest, device: CountingDevice, token: str) -> HttpResponse:
    # Rendered, not redirected: the token exists only in this response, which no cache keeps.
    response = render(request, "sensors/token.html", {"device": device, "token": token})
    response["Cache-Control"] = "no-store"
    return response


@event_view(*MANAGERS)
@require_http_methods(["GET", "POST"])
def device_create(request: EventRequest) -> HttpResponse:
    form = DeviceForm(request.POST or None, event=request.event)
    template = "sensors/device_form.html"
    if request.method != "POST" or not form.is_valid():
        return render_form(request, template, form)
    try:
        device, token = device_services.add_device(request.membership, form.to_data())
    except DomainError as error:
        return render_form(request, template, form, error=error)
    return _token_page(request, device, token)


@event_view(*MANAGERS)
@require_POST
def device_token(request: EventRequest, pk: int) -> HttpResponse:
    device = access_device_by_id(request.user, request.event, pk)
    token = device_services.issue_token(request.membership, device)
    return _token_page(request, device, token)


@event_view(*MANAGERS)
@require_POST
def device_revoke(request: EventRequest, pk: int) -> HttpResponse:
    device = access_device_by_id(request.user, request.event, pk)
    device_services.revoke_device(request.membership, device)
    messages.success(request, _("The device was revoked. Its token no longer works."))
    return redirect("sensors:overview", event=request.event.slug)


@event_view(*MANAGERS)
@require_http_methods(["GET", "POST"])
def thresholds(request: EventRequest, pk: int) -> HttpResponse:
    zone = access_zone_by_id(request.user, request.event, pk)
    template, context = "sensors/thresholds_form.html", {"zone": zone}
    if request.method != "POST":
        current = zone_services.thresholds_of([zone.pk]).get(zone.pk)
        initial: dict[str, Any] = vars(current) if current else {}
        return render_form(request, template, ThresholdsForm(initial=initial), context)
    form = ThresholdsForm(request.POST)
    if not form.is_valid():
        return render_form(request, template, form, context)
    try:
        zone_services.set_thresholds(request.membership, zone, **form.cleaned_data)
    except DomainError as error:
        return render_form(request, template, form, context, error=error)
    messages.success(request, _("The thresholds of %(zone)s were saved.") % {"zone": zone.code})
    return redirect("sensors:overview", event=request.event.slug)


@event_view(*RESETTERS)
@require_POST
def reset(request: EventRequest, pk: int) -> HttpResponse:
    zone = access_zone_by_id(request.user, request.event, pk)
    form = ResetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the number of people inside, 0 or more."))
        return redirect("sensors:overview", event=request.event.slug)
    try:
        zone_services.reset_occupancy(request.membership, zone, form.cleaned_data["value"])
    except DomainError as error:
        if error.status in (403, 404):
            raise
        messages.error(request, str(error.message))
        return redirect("sensors:overview", event=request.event.slug)
    messages.success(request, _("The count of %(zone)s was reset.") % {"zone": zone.code})
    return redirect("sensors:overview", event=request.event.slug)


@event_view(*MANAGERS)
@require_http_methods(["GET", "POST"])
def segment_create(request: EventRequest) -> HttpResponse:
    form = SegmentForm(request.POST or None)
    template = "sensors/segment_form.html"
    if request.method != "POST" or not form.is_valid():
        return render_form(request, template, form)
    try:
        segment = device_services.add_segment(request.membership, form.to_data())
    except DomainError as error:
        return render_form(request, template, form, error=error)
    messages.success(request, _("Road segment %(name)s was added.") % {"name": segment.name})
    return redirect("sensors:overview", event=request.event.slug)


@event_view()
@require_GET
def segments_geojson(request: EventRequest) -> JsonResponse:
    """The counted road segments with their congestion, for the traffic map to draw."""
    features = [
        {
            "type": "Feature",
            "id": segment.pk,
            "geometry": {"type": "LineString", "coordinates": segment.line},
            "properties": {
                "name": segment.name,
                "level": segment.level,
                "level_label": segment.get_level_display(),
                "flow_per_hour": round(segment.flow_per_hour),
                "capacity_per_hour": segment.capacity_per_hour,
                "measured_at": segment.measured_at.isoformat() if segment.measured_at else None,
            },
        }
        for segment in RoadSegment.objects.filter(event=request.event)
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})

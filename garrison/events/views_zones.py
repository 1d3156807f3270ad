"""Zones: areas inside a site, each with an access level and a capacity."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from garrison.accounts.decorators import EventRequest, can_plan, event_view
from garrison.core.errors import DomainError
from garrison.core.pages import confirm_delete, render_form
from garrison.events import services
from garrison.events.access import access_zone_by_id
from garrison.events.forms import ZoneForm
from garrison.events.models import Zone
from garrison.events.roles import EDITORS
from garrison.events.views_geo import feature_collection, map_context

TEMPLATE = "events/zone_form.html"


def _form_context(request: EventRequest, zone: Zone | None) -> dict[str, Any]:
    context = map_context(feature_collection(request.event), request.event)
    context.update({"zone": zone})
    return context


@event_view()
@require_GET
def zone_list(request: EventRequest) -> HttpResponse:
    zones = Zone.objects.filter(event=request.event).select_related("site")
    return render(
        request,
        "events/zone_list.html",
        {"zones": zones, "can_plan": can_plan(request)},
    )


@event_view(*EDITORS)
@require_http_methods(["GET", "POST"])
def zone_create(request: EventRequest) -> HttpResponse:
    event = request.event
    if request.method != "POST":
        initial = {"site_id": request.GET.get("site", "")}
        form = ZoneForm(initial=initial, event=event)
        return render_form(request, TEMPLATE, form, _form_context(request, None))
    form = ZoneForm(request.POST, event=event)
    if not form.is_valid():
        return render_form(request, TEMPLATE, form, _form_context(request, None))
    try:
        zone = services.create_zone(request.membership, form.to_data())
    except DomainError as error:
        return render_form(request, TEMPLATE, form, _form_context(request, None), error=error)
    messages.success(request, _("Zone %(code)s has been created.") % {"code": zone.code})
    return redirect("events:zones", event=event.slug)


@event_view(*EDITORS)
@require_http_methods(["GET", "POST"])
def zone_edit(request: EventRequest, pk: int) -> HttpResponse:
    event = request.event
    zone = access_zone_by_id(request.user, event, pk)
    if request.method != "POST":
        form = ZoneForm(initial=services.zone_feature(zone), event=event)
        return render_form(request, TEMPLATE, form, _form_context(request, zone))
    form = ZoneForm(request.POST, event=event)
    if not form.is_valid():
        return render_form(request, TEMPLATE, form, _form_context(request, zone))
    try:
        zone = services.update_zone(request.membership, zone, form.to_data())
    except DomainError as error:
        return render_form(request, TEMPLATE, form, _form_context(request, zone), error=error)
    messages.success(request, _("Zone %(code)s has been saved.") % {"code": zone.code})
    return redirect("events:zones", event=event.slug)


@event_view(*EDITORS)
@require_http_methods(["GET", "POST"])
def zone_delete(request: EventRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation (works without JavaScript); only POST deletes."""
    zone = access_zone_by_id(request.user, request.event, pk)
    if request.method != "POST":
        question = _("Delete zone %(code)s “%(name)s”?") % {"code": zone.code, "name": zone.name}
        return confirm_delete(request, question, "events:zones")
    code = zone.code
    services.delete_zone(request.membership, zone)
    messages.success(request, _("Zone %(code)s has been deleted.") % {"code": code})
    return redirect("events:zones", event=request.event.slug)

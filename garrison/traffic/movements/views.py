"""Traffic screens: convoy movements and their routes on the map."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.core.pages import render_form
from garrison.events.models import Site
from garrison.events.views_geo import tile_config
from garrison.traffic.access import access_movement_by_id
from garrison.traffic.closures.forms import CloseRouteForm
from garrison.traffic.models import OSM_ATTRIBUTION, Movement, Road
from garrison.traffic.movements.forms import MovementForm
from garrison.traffic.movements.services import plan_movement
from garrison.traffic.roles import PLANNERS


@event_view()
@require_GET
def movement_list(request: EventRequest) -> HttpResponse:
    movements = Movement.objects.filter(event=request.event).select_related("origin", "destination")
    networks = list(request.event.road_networks.all())
    return render(
        request,
        "traffic/movement_list.html",
        {
            "movements": movements,
            "networks": networks,
            "can_plan": request.membership.role in PLANNERS,
        },
    )


def _form_context(request: EventRequest) -> dict[str, Any]:
    networks = list(request.event.road_networks.all())
    sites = Site.objects.filter(event=request.event).order_by("kind", "name")
    return {
        "map_tiles": tile_config(request.event),
        "osm_attribution": OSM_ATTRIBUTION,
        "pick_map_data": {
            "bounds": [[n.min_lat, n.min_lon, n.max_lat, n.max_lon] for n in networks],
            "sites": [[s.pk, s.lat, s.lon, s.name] for s in sites],
        },
    }


@event_view(*PLANNERS)
@require_http_methods(["GET", "POST"])
def movement_create(request: EventRequest) -> HttpResponse:
    template = "traffic/movement_form.html"
    context = _form_context(request)
    if request.method != "POST":
        return render_form(request, template, MovementForm(request.event), context)
    form = MovementForm(request.event, request.POST)
    if not form.is_valid():
        return render_form(request, template, form, context)
    try:
        movement = plan_movement(request.membership, form.to_data())
    except DomainError as error:
        if error.code == "outside_phases":
            form.ask_confirmation()
        return render_form(request, template, form, context, error=error)
    messages.success(request, _("Movement “%(name)s” has been planned.") % {"name": movement.name})
    return redirect("traffic:movement", event=request.event.slug, pk=movement.pk)


def _stops(movement: Movement, route: dict[str, Any]) -> list[dict[str, Any]]:
    """The streets along the route with the time the convoy should reach each (by name)."""
    line, segments = route.get("line") or [], route.get("segments") or []
    if not line:
        return []
    ways = {int(s[0]) for s in segments}
    names = dict(
        Road.objects.filter(network__event_id=movement.event_id, osm_id__in=ways)
        .exclude(name="")
        .values_list("osm_id", "name")
    )
    stops: list[dict[str, Any]] = []
    for point, segment in zip(line, segments, strict=False):
        place = names.get(int(segment[0]), "")
        if place and (not stops or stops[-1]["place"] != place):
            stops.append(
                {"place": place, "at": movement.departs_at + dt.timedelta(seconds=point[2])}
            )
    arrival = movement.departs_at + dt.timedelta(seconds=line[-1][2])
    stops.append({"place": movement.destination_label, "at": arrival})
    return stops


@event_view()
@require_GET
def movement_detail(request: EventRequest, pk: int) -> HttpResponse:
    movement = access_movement_by_id(request.user, request.event, pk)
    routes = movement.route.get("routes", [])
    best = routes[0] if routes else {}
    map_data = {
        "routes": [
            {
                "line": [p[:2] for p in found["line"]],
                "seconds": found["seconds"],
                "metres": found["metres"],
            }
            for found in routes
        ],
        "origin": [*movement.origin_latlon, movement.origin_label],
        "destination": [*movement.destination_latlon, movement.destination_label],
        "via": [[p["lat"], p["lon"], p.get("label", "")] for p in movement.via],
    }
    return render(
        request,
        "traffic/movement_detail.html",
        {
            "movement": movement,
            "routes": routes,
            "arrival": movement.departs_at + dt.timedelta(seconds=best.get("seconds", 0)),
            "stops": _stops(movement, best),
            "map_data": map_data,
            "map_tiles": tile_config(request.event),
            "osm_attribution": OSM_ATTRIBUTION,
            "can_plan": request.membership.role in PLANNERS,
            "close_form": CloseRouteForm(len(routes) or 1),
        },
    )

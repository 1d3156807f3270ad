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
from garrison.events.views_geo import tile_config
from garrison.traffic.access import access_movement_by_id
from garrison.traffic.closures.forms import CloseRouteForm
from garrison.traffic.models import OSM_ATTRIBUTION, Movement
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


@event_view(*PLANNERS)
@require_http_methods(["GET", "POST"])
def movement_create(request: EventRequest) -> HttpResponse:
    template = "traffic/movement_form.html"
    if request.method != "POST":
        return render_form(request, template, MovementForm(request.event))
    form = MovementForm(request.event, request.POST)
    if not form.is_valid():
        return render_form(request, template, form)
    try:
        movement = plan_movement(request.membership, form.to_data())
    except DomainError as error:
        return render_form(request, template, form, error=error)
    messages.success(request, _("Movement “%(name)s” has been planned.") % {"name": movement.name})
    return redirect("traffic:movement", event=request.event.slug, pk=movement.pk)


def _stops(movement: Movement, line: list[list[float]]) -> list[dict[str, Any]]:
    """A handful of points along the route with the time the convoy should pass them."""
    if not line:
        return []
    step = max(1, len(line) // 8)
    picks = [*line[::step], line[-1]] if (len(line) - 1) % step else line[::step]
    return [
        {"lat": p[0], "lon": p[1], "at": movement.departs_at + dt.timedelta(seconds=p[2])}
        for p in picks
    ]


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
        "origin": [movement.origin.lat, movement.origin.lon, movement.origin.name],
        "destination": [
            movement.destination.lat,
            movement.destination.lon,
            movement.destination.name,
        ],
    }
    return render(
        request,
        "traffic/movement_detail.html",
        {
            "movement": movement,
            "routes": routes,
            "arrival": movement.departs_at + dt.timedelta(seconds=best.get("seconds", 0)),
            "stops": _stops(movement, best.get("line", [])),
            "map_data": map_data,
            "map_tiles": tile_config(),
            "osm_attribution": OSM_ATTRIBUTION,
            "can_plan": request.membership.role in PLANNERS,
            "close_form": CloseRouteForm(len(routes) or 1),
        },
    )

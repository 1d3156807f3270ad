"""Closure screens: the plan on a map with a time slider, its timeline, detours, disruption."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.core.pages import confirm_delete
from garrison.events.views_geo import tile_config
from garrison.traffic.access import access_closure_by_id, access_movement_by_id
from garrison.traffic.closures import disruption
from garrison.traffic.closures.forms import CloseRouteForm, DrawClosureForm
from garrison.traffic.closures.plans import MAX_TRIPS, compare_routes, event_estimates
from garrison.traffic.closures.services import close_along_route, draw_closure, remove_closure
from garrison.traffic.closures.stretches import parse_points
from garrison.traffic.closures.timeline import timeline
from garrison.traffic.models import OSM_ATTRIBUTION, Closure
from garrison.traffic.roles import PLANNERS


def closures_map_data(closures: list[dict[str, Any]], time_zone: str) -> dict[str, Any]:
    """What closures_map.js draws: each closure's line, window and detour lines, and the event's
    time zone that it shows the windows in."""
    return {
        "time_zone": time_zone,
        "closures": [
            {
                "street": c["street"],
                "starts": c["starts_at"].isoformat(),
                "ends": c["ends_at"].isoformat(),
                "line": c["line"],
                "detours": [d["line"] for d in c["detours"] if d.get("found")],
            }
            for c in closures
        ],
    }


def _as_dict(closure: Closure) -> dict[str, Any]:
    return {
        "street": closure.street,
        "starts_at": closure.starts_at,
        "ends_at": closure.ends_at,
        "line": closure.line,
        "detours": closure.detours,
    }


def _closure_page(request: EventRequest, form: DrawClosureForm, status: int = 200) -> HttpResponse:
    closures = list(
        Closure.objects.filter(event=request.event).select_related("movement", "network")
    )
    return render(
        request,
        "traffic/closures.html",
        {
            "closures": closures,
            "timeline": timeline(closures, request.event.tzinfo),
            "map_data": closures_map_data([_as_dict(c) for c in closures], request.event.time_zone),
            "map_tiles": tile_config(request.event),
            "osm_attribution": OSM_ATTRIBUTION,
            "can_plan": request.membership.role in PLANNERS,
            "form": form,
        },
        status=status,
    )


@event_view()
@require_GET
def closure_list(request: EventRequest) -> HttpResponse:
    return _closure_page(request, DrawClosureForm())


@event_view(*PLANNERS)
@require_POST
def closure_draw(request: EventRequest) -> HttpResponse:
    form = DrawClosureForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            draw_closure(
                request.membership,
                parse_points(data["points"]),
                data["starts_at"],
                data["ends_at"],
                data["reason"],
            )
        except DomainError as error:
            if error.status in (403, 404):
                raise
            field = error.field if error.field in form.fields else None
            form.add_error(field, str(error.message))
        else:
            messages.success(request, _("The closure has been added."))
            return redirect("traffic:closures", event=request.event.slug)
    return _closure_page(request, form, status=400)


@event_view(*PLANNERS)
@require_http_methods(["GET", "POST"])
def closure_delete(request: EventRequest, pk: int) -> HttpResponse:
    closure = access_closure_by_id(request.user, request.event, pk)
    if request.method != "POST":
        return confirm_delete(
            request,
            _("Remove the closure of “%(street)s”?") % {"street": closure},
            "traffic:closures",
            _("Published notices keep what they announced until they are published again."),
        )
    remove_closure(request.membership, closure)
    messages.success(request, _("The closure has been removed."))
    return redirect("traffic:closures", event=request.event.slug)


@event_view(*PLANNERS)
@require_POST
def movement_close(request: EventRequest, pk: int) -> HttpResponse:
    movement = access_movement_by_id(request.user, request.event, pk)
    form = CloseRouteForm(len(movement.route.get("routes") or [1]), request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    data = form.cleaned_data
    made = close_along_route(
        request.membership,
        movement,
        route_index=data["route"],
        lead_minutes=data["lead"],
        clear_minutes=data["clear"],
        reason=data["reason"],
    )
    messages.success(request, _("%(n)d closures planned along the route.") % {"n": len(made)})
    return redirect("traffic:closures", event=request.event.slug)


def _int(request: EventRequest, name: str, default: int, low: int, high: int) -> int:
    try:
        value = int(request.GET.get(name, default))
    except ValueError:
        raise DomainError(
            "bad_number", _("“%(name)s” must be a whole number.") % {"name": name}, field=name
        ) from None
    if not low <= value <= high:
        raise DomainError(
            "out_of_range",
            _("“%(name)s” must be between %(low)d and %(high)d.")
            % {"name": name, "low": low, "high": high},
            field=name,
        )
    return value


def _sampling(request: EventRequest) -> dict[str, int]:
    return {
        "trips": _int(request, "trips", disruption.DEFAULT_TRIPS, 100, MAX_TRIPS),
        "seed": _int(request, "seed", disruption.DEFAULT_SEED, 0, 2**31),
        "daily_trips": _int(
            request, "daily_trips", disruption.DEFAULT_DAILY_TRIPS, 1000, 50_000_000
        ),
    }


@event_view(*PLANNERS)
@require_GET
def disruption_view(request: EventRequest) -> HttpResponse:
    sampling = _sampling(request)
    return render(
        request,
        "traffic/disruption.html",
        {"estimates": event_estimates(request.event, **sampling), **sampling},
    )


@event_view(*PLANNERS)
@require_GET
def movement_compare(request: EventRequest, pk: int) -> HttpResponse:
    movement = access_movement_by_id(request.user, request.event, pk)
    sampling = _sampling(request)
    lead = _int(request, "lead", 5, 0, 180)
    clear = _int(request, "clear", 2, 0, 180)
    candidates, best = compare_routes(movement, lead_minutes=lead, clear_minutes=clear, **sampling)
    return render(
        request,
        "traffic/compare.html",
        {
            "movement": movement,
            "candidates": candidates,
            "best": best,
            "lead": lead,
            "clear": clear,
            "form": CloseRouteForm(
                len(candidates) or 1,
                initial={"route": best.index if best else 0, "lead": lead, "clear": clear},
            ),
            **sampling,
        },
    )

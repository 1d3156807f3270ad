"""Team placement screens: studies per event, one placement on the map, and what a team's
dispatch costs in coverage (JSON for the dispatch screen)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.core.pages import render_form
from garrison.coverage.access import access_placement_by_id, latest_placement
from garrison.coverage.forms import PlacementForm
from garrison.coverage.models import LiveSuggestion, Placement
from garrison.coverage.roles import PLANNERS
from garrison.coverage.services import coverage_lost, save_placement
from garrison.events.views_geo import tile_config


@event_view()
@require_http_methods(["GET", "POST"])
def placement_list(request: EventRequest) -> HttpResponse:
    can_plan = request.membership.role in PLANNERS
    context: dict[str, Any] = {
        "placements": Placement.objects.filter(event=request.event)[:50],
        "can_plan": can_plan,
    }
    template = "coverage/placement_list.html"
    if request.method != "POST":
        return render_form(request, template, PlacementForm(request.event), context)
    if not can_plan:
        return HttpResponse(status=403)
    form = PlacementForm(request.event, request.POST)
    if not form.is_valid():
        return render_form(request, template, form, context)
    try:
        placement = save_placement(request.membership, **form.to_kwargs())
    except DomainError as error:
        return render_form(request, template, form, context, error=error)
    messages.success(request, _("Placement “%(name)s” saved.") % {"name": placement.name})
    return redirect("coverage:placement", event=request.event.slug, pk=placement.pk)


@event_view()
@require_GET
def placement_detail(request: EventRequest, pk: int) -> HttpResponse:
    placement = access_placement_by_id(request.user, request.event, pk)
    coverage = placement.coverage
    labels: dict[str, str] = coverage.get("labels", {})
    positions: dict[str, list[float]] = coverage.get("positions", {})
    teams = [
        {
            "id": c,
            "label": labels.get(c, c),
            "locked": c in placement.locked,
            "reaches": len(coverage.get("reach", {}).get(c, [])),
            **coverage_lost(placement, c),
        }
        for c in placement.chosen
    ]
    reached = {d for ids in coverage.get("reach", {}).values() for d in ids}
    live = LiveSuggestion.objects.filter(placement=placement).first()
    map_data = {
        "teams": [[*positions.get(c, [0, 0]), labels.get(c, c)] for c in placement.chosen],
        "demand": [
            [*positions.get(d, [0, 0]), labels.get(d, d), d in reached]
            for d in coverage.get("weights", {})
        ],
        # The live suggestion's positions, drawn apart from the saved ones.
        "live": [
            [*positions.get(c, [0, 0]), labels.get(c, c)]
            for c in (live.chosen if live and live.state == LiveSuggestion.State.DONE else [])
        ],
    }
    return render(
        request,
        "coverage/placement_detail.html",
        {
            "placement": placement,
            "teams": teams,
            # Bars of a 10-unit pitch in a 100-high box: the chart is plain SVG, no script.
            "curve": [
                {
                    **point,
                    "percent": round(100 * point["share"], 1),
                    "x": 10 * n + 1,
                    "y": round(100 - 100 * point["share"], 1),
                }
                for n, point in enumerate(placement.curve)
            ],
            "map_data": map_data,
            "live": live,
            "live_teams": [labels.get(c, c) for c in live.chosen] if live else [],
            "live_changed": [
                {**change, "label": labels.get(str(change["key"]), change["key"])}
                for change in (live.changed if live else [])
            ],
            "map_tiles": tile_config(),
        },
    )


@event_view()
@require_GET
def coverage_lost_json(request: EventRequest, site: str) -> HttpResponse:
    """``lost/<site id>.json[?placement=PK]``: the covered share with and without the team at
    that site, on the given placement or the event's latest. For the dispatch screen."""
    position = site.strip()
    raw = request.GET.get("placement", "").strip()
    if raw:
        if not raw.isdigit():
            return JsonResponse({"code": "invalid", "message": _("Bad placement id.")}, status=400)
        placement: Placement | None = access_placement_by_id(request.user, request.event, int(raw))
    else:
        placement = latest_placement(request.event)
    if placement is None:
        error = DomainError("no_placement", _("No placement saved yet."), status=404)
        return JsonResponse(error.as_dict(), status=404)
    try:
        lost = coverage_lost(placement, position)
    except DomainError as error:
        return JsonResponse(error.as_dict(), status=error.status)
    # The sentence the dispatch screen shows as it is (the page has no translations of its own).
    lost["text"] = _(
        "coverage lost if dispatched: %(lost)s %% (%(name)s: %(before)s %% → %(after)s %%)"
    ) % {
        "lost": _percent(lost["lost_share"]),
        "name": placement.name,
        "before": _percent(lost["covered_share"]),
        "after": _percent(lost["without_share"]),
    }
    return JsonResponse(lost, json_dumps_params={"ensure_ascii": False})


def _percent(share: float) -> str:
    return f"{100 * share:.0f}"

"""The saved team placement as a layer of the live picture's map: ``/e/<event>/coverage/layer.json``.

Every member reads it, as every member reads placements: the event's latest placement, its
teams' positions and the demand points each reaches within the target (places and weights only,
nothing personal).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from garrison.accounts.decorators import EventRequest, event_view
from garrison.coverage.access import latest_placement
from garrison.coverage.models import LiveSuggestion, Placement
from garrison.events.models import Event


def teams_and_demand(placement: Placement, chosen: list[str]) -> dict[str, Any]:
    """The positions ``chosen`` on ``placement``'s demand: [lat, lon] points with their labels."""
    coverage = placement.coverage
    labels: dict[str, str] = coverage.get("labels", {})
    positions: dict[str, list[float]] = coverage.get("positions", {})
    reach: dict[str, list[str]] = coverage.get("reach", {})
    covered = {d for c in chosen for d in reach.get(c, [])}
    return {
        "teams": [
            {
                "id": c,
                "label": labels.get(c, c),
                "position": positions[c],
                "locked": c in placement.locked,
                "reaches": [d for d in reach.get(c, []) if d in positions],
            }
            for c in chosen
            if c in positions
        ],
        "demand": [
            {
                "id": d,
                "label": labels.get(d, d),
                "position": positions[d],
                "weight": weight,
                "covered": d in covered,
            }
            for d, weight in coverage.get("weights", {}).items()
            if d in positions
        ],
    }


def layer(event: Event) -> dict[str, Any]:
    words = {
        "label": _("Response teams"),
        "covered": _("covered"),
        "not_covered": _("not covered"),
        "live": _("live suggestion"),
    }
    placement = latest_placement(event)
    if placement is None:
        return words | {"placement": None}
    live = LiveSuggestion.objects.filter(
        placement=placement, state=LiveSuggestion.State.DONE
    ).first()
    positions: dict[str, list[float]] = placement.coverage.get("positions", {})
    labels: dict[str, str] = placement.coverage.get("labels", {})
    return words | {
        "placement": {
            "id": placement.pk,
            "name": placement.name,
            "covered_share": placement.covered_share,
            **teams_and_demand(placement, placement.chosen),
            # Solved again on the live crowd, beside the saved positions (live_demand).
            "live": [
                {"id": c, "label": labels.get(c, c), "position": positions[c]}
                for c in (live.chosen if live else [])
                if c in positions
            ],
        },
    }


@event_view()
@require_GET
def map_layer(request: EventRequest) -> HttpResponse:
    response = JsonResponse(layer(request.event), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, no-cache"
    return response

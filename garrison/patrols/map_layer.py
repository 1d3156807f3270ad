"""Patrol points as a layer of the live picture's map: ``/e/<event>/patrols/layer.json``.

Every member of the event reads it (the live picture is theirs): each point with its place and
the state of its current round — the latest round of an active tour that has started and holds
the point — and whether the point is scanned, due or overdue in it. No walker, no scan's own
position: nothing personal.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from garrison.accounts.decorators import EventRequest, event_view
from garrison.events.models import Event
from garrison.patrols.models import Point, Round, Visit

# A round ended this long ago is still the point's current one (a missed round stays red on the
# map until the next round starts, or for this long).
RECENT = dt.timedelta(hours=2)


def point_states() -> dict[str, str]:
    return {
        "scanned": _("Scanned in its round"),
        "due": _("Due in the round under way"),
        "overdue": _("Overdue: not scanned in time"),
        "idle": _("No round now"),
    }


def _state(point_id: int, round_: Round | None, scanned: set[tuple[int, int]]) -> str:
    if round_ is None:
        return "idle"
    if (round_.pk, point_id) in scanned:
        return "scanned"
    if point_id in round_.missing:
        return "overdue"
    if round_.state == Round.State.PLANNED:
        return "due"
    # A round judged done or late had every point scanned, some on another round's visit.
    return "scanned"


def layer(event: Event, now: dt.datetime) -> dict[str, Any]:
    rounds = (
        Round.objects.filter(
            tour__event=event, tour__active=True, starts_at__lte=now, ends_at__gte=now - RECENT
        )
        .select_related("tour")
        .order_by("starts_at", "pk")
    )
    current: dict[int, Round] = {}
    for started in rounds:
        for point_id in started.order:
            current[point_id] = started  # the later start wins
    round_ids = {started.pk for started in current.values()}
    scanned = set(Visit.objects.filter(round_id__in=round_ids).values_list("round_id", "point_id"))
    states = dict(Round.State.choices)
    points = []
    for point in Point.objects.filter(event=event):
        round_: Round | None = current.get(point.pk)
        points.append(
            {
                "id": point.pk,
                "name": point.name,
                "lat": point.lat,
                "lon": point.lon,
                "radius_m": point.radius_m,
                "state": _state(point.pk, round_, scanned),
                "round": None
                if round_ is None
                else {
                    "id": round_.pk,
                    "tour": round_.tour.name,
                    "state": round_.state,
                    "state_label": str(states[round_.state]),
                    "starts": round_.starts_at.isoformat(),
                    "ends": round_.ends_at.isoformat(),
                },
            }
        )
    return {"label": _("Patrol points"), "states": point_states(), "points": points}


@event_view()
@require_GET
def map_layer(request: EventRequest) -> HttpResponse:
    response = JsonResponse(
        layer(request.event, timezone.now()), json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = "private, no-cache"
    return response

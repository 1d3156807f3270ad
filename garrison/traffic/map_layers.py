"""The traffic plan as map layers for other maps (the live picture's "Closures" and "Convoy
routes"): ``/e/<event>/traffic/layers.json``, for every member, as every member reads the plan.

Only what matters on the desk's map now: closures that have not reopened, and the routes of
movements from six hours ago to a day ahead. Points are [lat, lon], as Leaflet takes them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from garrison.accounts.decorators import EventRequest, event_view
from garrison.traffic.models import Closure, Movement

ROUTES_BEFORE = dt.timedelta(hours=6)
ROUTES_AHEAD = dt.timedelta(hours=24)


def layers(event_id: int, now: dt.datetime) -> dict[str, Any]:
    closures = Closure.objects.filter(event_id=event_id, ends_at__gt=now).order_by("starts_at")
    movements = Movement.objects.filter(
        Q(departs_at__gte=now - ROUTES_BEFORE) & Q(departs_at__lte=now + ROUTES_AHEAD),
        event_id=event_id,
    ).order_by("departs_at")
    routes = []
    for movement in movements:
        best = (movement.route.get("routes") or [{}])[0]
        line = [point[:2] for point in best.get("line", [])]
        if line:
            routes.append(
                {"name": movement.name, "departs": movement.departs_at.isoformat(), "line": line}
            )
    return {
        "closures": [
            {
                "street": c.street,
                "starts": c.starts_at.isoformat(),
                "ends": c.ends_at.isoformat(),
                "active": c.starts_at <= now,
                "line": c.line,
            }
            for c in closures
            if c.line
        ],
        "routes": routes,
    }


@event_view()
@require_GET
def map_layers(request: EventRequest) -> HttpResponse:
    response = JsonResponse(
        layers(request.event.pk, timezone.now()), json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = "private, no-cache"
    return response

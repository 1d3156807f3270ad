"""Counting zones by crowd density, as a layer of the live picture's map:
``/e/<event>/sensors/layer.json``.

Every member of the event reads it, like the sensors page: counts name no one. Each zone that a
counting device watches, with its outline, occupancy, density and level; the page keeps them
current from ``sensors.zone.changed``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from garrison.accounts.decorators import EventRequest, event_view
from garrison.events.models import Event
from garrison.sensors.models import CountingDevice, Level
from garrison.sensors.services.zones import zone_views


def layer(event: Event) -> dict[str, Any]:
    counted = set(
        CountingDevice.objects.filter(event=event, zone__isnull=False).values_list(
            "zone_id", flat=True
        )
    )
    zones = [
        {
            "id": view.zone.pk,
            "code": view.zone.code,
            "name": view.zone.name,
            "polygon": view.zone.polygon,
            "occupancy": view.occupancy,
            "density": round(view.density, 3),
            "level": str(view.level),
        }
        for view in zone_views(event)
        if view.zone.pk in counted and isinstance(view.zone.polygon, dict)
    ]
    return {
        "label": _("Crowd density"),
        "levels": {value: str(label) for value, label in Level.choices},
        "per_m2": _("persons/m²"),
        "zones": zones,
    }


@event_view()
@require_GET
def map_layer(request: EventRequest) -> HttpResponse:
    response = JsonResponse(layer(request.event), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, no-cache"
    return response

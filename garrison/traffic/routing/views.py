"""The road layer under the movement and closure maps, for the event's members."""

from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from garrison.accounts.decorators import EventRequest, event_view
from garrison.traffic.routing import roadlayer


@event_view()
@require_GET
def road_layer(request: EventRequest) -> HttpResponse:
    """The light road network under the movement and closure maps (see roadlayer)."""
    return roadlayer.response(request, request.event, public=False)

"""Photos of an incident: added by anyone who may report, seen by the desk only.

Adding one answers with the incident's page, so that view lives with the page (``desk/views.py``).
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from garrison.accounts.decorators import EventRequest, event_view
from garrison.ops.access import access_incident_by_id
from garrison.ops.models import IncidentPhoto
from garrison.ops.roles import DESK


@event_view(*DESK)
@require_GET
def incident_photo(request: EventRequest, pk: int, photo_id: int) -> HttpResponse:
    """The stored, re-encoded JPEG; not cached, since it may show people."""
    incident = access_incident_by_id(request.user, request.event, pk)
    photo = IncidentPhoto.objects.filter(incident=incident, pk=photo_id).first()
    if photo is None or not photo.data:  # no bytes: purged with the event's personal data
        raise Http404
    response = HttpResponse(bytes(photo.data), content_type="image/jpeg")
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response

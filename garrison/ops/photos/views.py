"""Photos of an incident: added by anyone who may report, seen by the desk only."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.ops.access import access_incident_by_id
from garrison.ops.incidents.views import back_to_incident
from garrison.ops.models import IncidentPhoto
from garrison.ops.photos import services as photos
from garrison.ops.photos.forms import IncidentPhotoForm
from garrison.ops.roles import DESK, REPORTERS


@event_view(*REPORTERS)
@require_POST
def incident_photo_upload(request: EventRequest, pk: int) -> HttpResponse:
    incident = access_incident_by_id(request.user, request.event, pk)
    form = IncidentPhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        error = DomainError("photo_missing", _("Choose a photo to add."), field="photo")
        return back_to_incident(request, incident, error)
    data, name = photos.read_upload(form.cleaned_data["photo"])
    try:
        photos.add_photo(request.membership, incident, data, name)
    except DomainError as error:
        return back_to_incident(request, incident, error)
    messages.success(request, _("The photo has been added."))
    return back_to_incident(request, incident, None)


@event_view(*DESK)
@require_GET
def incident_photo(request: EventRequest, pk: int, photo_id: int) -> HttpResponse:
    """The stored, re-encoded JPEG; not cached, since it may show people."""
    incident = access_incident_by_id(request.user, request.event, pk)
    photo = IncidentPhoto.objects.filter(incident=incident, pk=photo_id).first()
    if photo is None:
        raise Http404
    response = HttpResponse(bytes(photo.data), content_type="image/jpeg")
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response

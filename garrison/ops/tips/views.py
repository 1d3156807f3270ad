"""The public tip page and the status page: no login, phone-first, Vietnamese and English."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from garrison.accounts.security import pseudonym
from garrison.core.errors import DomainError
from garrison.core.middleware import body_refused
from garrison.events.basemap import views as basemap_views
from garrison.events.models import Event, Site, SiteKind
from garrison.events.views_geo import tile_config
from garrison.ops.incidents.lifecycle import PUBLIC_LABELS
from garrison.ops.tips import services as tips
from garrison.ops.tips.forms import TipForm

# Only places the public already knows are drawn for a resident: the venue itself and the
# assembly points it is told to go to. Hotels of delegates, key targets and the rest of the
# plan stay off the public page.
PUBLIC_SITE_KINDS = (SiteKind.VENUE, SiteKind.ASSEMBLY_POINT)


def tip_map(event: Event) -> dict[str, Any]:
    """What the tip page's map may show: public sites, else a rough centre of the event."""
    public = [
        {"name": s.name, "lat": s.lat, "lon": s.lon, "outline": s.polygon}
        for s in Site.objects.filter(event=event, kind__in=PUBLIC_SITE_KINDS).order_by("pk")
    ]
    centre = None
    if not public:
        points = list(Site.objects.filter(event=event).values_list("lat", "lon"))
        if points:
            # Rounded to about a kilometre: where to start looking, not where anything is.
            centre = [
                round(sum(p[0] for p in points) / len(points), 2),
                round(sum(p[1] for p in points) / len(points), 2),
            ]
    return {"sites": public, "centre": centre, "tiles": tile_config(event, url_name="tip:tiles")}


@require_GET
def tip_tiles(request: HttpRequest, event: str, z: int, x: int, y: int) -> HttpResponse:
    """The base map under the tip page's map: only for an event that takes tips now."""
    found = tips.tip_event_by_slug(event)
    if found is None:
        raise Http404
    return basemap_views.tile_response(request, found, z, x, y, public=True)


def _address(request: HttpRequest) -> str:
    return pseudonym(str(request.META.get("REMOTE_ADDR", "")))


def _choose_event(request: HttpRequest) -> tuple[Event | None, list[Event]]:
    events = tips.tip_events()
    wanted = request.GET.get("e", "")
    chosen = next((event for event in events if event.slug == wanted), None)
    if chosen is None and len(events) == 1:
        chosen = events[0]
    return chosen, events


def _limited(request: HttpRequest, error: DomainError, *, lookups: bool = False) -> HttpResponse:
    heading = _("Too many status checks") if lookups else _("Too many reports")
    context = {"message": error.message, "heading": heading}
    return render(request, "ops/tip_limited.html", context, status=429)


def _form_page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    # The map's data only where the form is shown: a stored tip answers without it.
    context["tip_map"] = tip_map(context["event"])
    return render(request, "ops/tip_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def tip_form(request: HttpRequest) -> HttpResponse:
    event, events = _choose_event(request)
    if event is None:
        return render(request, "ops/tip_choose.html", {"events": events})
    form = TipForm(request.POST or None, request.FILES or None, event=event)
    context: dict[str, Any] = {"event": event, "form": form}
    if request.method != "POST":
        return _form_page(request, context)
    address = _address(request)
    try:
        if not form.is_valid():
            # A refused tip counts against the address like a stored one (too large ones too:
            # _count_refused_body): sending bad ones over and over meets the same limit.
            tips.count_attempt(address)
            return _form_page(request, context, status=400)
        if form.cleaned_data["website"]:
            # A robot filled the trap: count it, store nothing, answer as if all went well.
            tips.count_attempt(address)
            return render(request, "ops/tip_thanks.html", {"event": event, "reference": None})
        incident = tips.receive_tip(event, form.to_data(), address)
    except DomainError as error:
        if error.status == 429:
            return _limited(request, error)
        try:
            tips.count_attempt(address)
        except DomainError as limited:
            return _limited(request, limited)
        # The point travels in hidden fields: its problems are shown beside "Where?".
        field = "where" if error.field in ("lat", "lon") else error.field
        field = field if field in form.fields else None
        form.add_error(field, str(error.message))
        return _form_page(request, context, status=error.status)
    return render(request, "ops/tip_thanks.html", {"event": event, "reference": incident.reference})


@receiver(body_refused, dispatch_uid="ops.tip.body_refused")
def _count_refused_body(
    sender: object, request: HttpRequest, view_name: str, **kwargs: Any
) -> None:
    """A tip too large to read counts like any other refused one; past the limit it gets 429."""
    if view_name == "tip:form" and request.method == "POST":
        tips.count_attempt(_address(request))


@require_GET
def tip_status(request: HttpRequest) -> HttpResponse:
    reference = request.GET.get("ref", "").strip()[:20]
    context: dict[str, Any] = {"reference": reference}
    if not reference:
        return render(request, "ops/tip_status.html", context)
    try:
        tips.count_lookup(_address(request))
    except DomainError as error:
        return _limited(request, error, lookups=True)
    incident = tips.tip_by_reference(reference)
    if incident is None:
        context["not_found"] = True
        return render(request, "ops/tip_status.html", context, status=404)
    status = tips.tip_public_status(incident)
    context.update(
        {"status": status, "label": PUBLIC_LABELS[status], "received_at": incident.received_at}
    )
    # The resident reads times in the event's zone, like everyone else.
    with timezone.override(incident.event.tzinfo):
        return render(request, "ops/tip_status.html", context)

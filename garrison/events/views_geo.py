"""The map page and the GeoJSON export: one FeatureCollection of the event's sites and zones."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from garrison.accounts.decorators import EventRequest, can_plan, event_view
from garrison.events.basemap import OSM_ATTRIBUTION, tile_config
from garrison.events.models import Event, Site, Zone

# Tile servers built on OpenStreetMap data must credit it (ODbL); a custom attribution setting
# must not be able to drop that credit (see basemap.tile_config).
__all__ = ["OSM_ATTRIBUTION", "feature_collection", "map_context", "map_labels", "tile_config"]


def _site_features(site: Site, edit_url: str | None) -> list[dict[str, Any]]:
    props: dict[str, Any] = {
        "feature": "site",
        "id": site.pk,
        "kind": site.kind,
        "kind_label": str(site.get_kind_display()),
        "name": site.name,
        "address": site.address,
    }
    if edit_url:
        props["edit_url"] = edit_url
    features = [
        {
            "type": "Feature",
            "id": f"site-{site.pk}",
            "geometry": {"type": "Point", "coordinates": [site.lon, site.lat]},
            "properties": props,
        }
    ]
    if site.polygon is not None:
        # A Feature has one geometry; the outline travels as its own feature naming its site.
        features.append(
            {
                "type": "Feature",
                "id": f"site-{site.pk}-outline",
                "geometry": site.polygon,
                "properties": {**props, "feature": "site_outline"},
            }
        )
    return features


def _zone_feature(zone: Zone, edit_url: str | None) -> dict[str, Any]:
    props: dict[str, Any] = {
        "feature": "zone",
        "id": zone.pk,
        "kind": "zone",
        "code": zone.code,
        "name": zone.name,
        "site_id": zone.site_id,
        "site": zone.site.name,
        "access_level": zone.access_level,
        "access_level_label": str(zone.get_access_level_display()),
        "capacity": zone.capacity,
    }
    if edit_url:
        props["edit_url"] = edit_url
    return {
        "type": "Feature",
        "id": f"zone-{zone.pk}",
        "geometry": zone.polygon,
        "properties": props,
    }


def feature_collection(event: Event, *, edit_links: bool = False) -> dict[str, Any]:
    """Sites (points, plus outlines) and zones (polygons), the order the map draws them in."""

    def link(name: str, pk: int) -> str | None:
        return reverse(name, kwargs={"event": event.slug, "pk": pk}) if edit_links else None

    features: list[dict[str, Any]] = []
    for site in Site.objects.filter(event=event).order_by("name"):
        features.extend(_site_features(site, link("events:site_edit", site.pk)))
    zones = Zone.objects.filter(event=event).select_related("site").order_by("code")
    for zone in zones:
        features.append(_zone_feature(zone, link("events:zone_edit", zone.pk)))
    return {"type": "FeatureCollection", "features": features}


def map_context(collection: dict[str, Any], event: Event) -> dict[str, Any]:
    """What ``events/_map.html`` needs: the data, the tile server, and the popups' words."""
    return {
        "map_data": collection,
        "map_tiles": tile_config(event),
        "map_labels": map_labels(),
    }


def map_labels() -> dict[str, str]:
    """The words of the sites' and zones' popups (events/map.js)."""
    return {
        "site": _("Site"),
        "zone": _("Zone"),
        "kind": _("Kind"),
        "address": _("Address"),
        "access_level": _("Access level"),
        "capacity": _("Capacity"),
        "edit": _("Edit"),
    }


@event_view()
@require_GET
def map_view(request: EventRequest) -> HttpResponse:
    collection = feature_collection(request.event, edit_links=can_plan(request))
    context = map_context(collection, request.event)
    context["can_plan"] = can_plan(request)
    return render(request, "events/map.html", context)


@event_view()
@require_GET
def geojson(request: EventRequest) -> HttpResponse:
    response = JsonResponse(
        feature_collection(request.event),
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False},
    )
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{request.event.slug}.geojson"'
    return response

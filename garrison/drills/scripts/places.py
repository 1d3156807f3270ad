"""Where an inject happens: a site or zone of the event, or a point inside the event's area.

The event has no outline of its own; its area is where its sites are: inside a site's or a
zone's outline, or within ``REACH_METRES`` of a site (a hotel's street, the route between two
sites). A point farther out is not this event's business and is refused.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from garrison.core.errors import DomainError
from garrison.events.geo import check_point, point_in_polygon
from garrison.events.models import Event, Site, Zone

REACH_METRES = 3000.0


@dataclass
class Place:
    site: Site | None = None
    zone: Zone | None = None
    lat: float | None = None
    lon: float | None = None

    def label(self) -> str:
        if self.zone is not None:
            return f"{self.zone.site.name} · {self.zone.name}"
        if self.site is not None:
            return self.site.name
        if self.lat is not None and self.lon is not None:
            return f"{self.lat:.5f}, {self.lon:.5f}"
        return ""

    def point(self) -> tuple[float, float] | None:
        if self.lat is not None and self.lon is not None:
            return self.lat, self.lon
        site = self.zone.site if self.zone is not None else self.site
        return (site.lat, site.lon) if site is not None else None


def metres_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine): the accuracy of a few metres is plenty here."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def in_event_area(event: Event, lat: float, lon: float) -> bool:
    for site in Site.objects.filter(event=event):
        if metres_between((lat, lon), (site.lat, site.lon)) <= REACH_METRES:
            return True
        if site.polygon and point_in_polygon(lat, lon, site.polygon):
            return True
    return any(
        point_in_polygon(lat, lon, polygon)
        for polygon in Zone.objects.filter(event=event).values_list("polygon", flat=True)
    )


def clean_place(
    event: Event,
    *,
    site_id: int | None = None,
    zone_id: int | None = None,
    lat: float | None = None,
    lon: float | None = None,
) -> Place:
    place = Place()
    if zone_id is not None:
        place.zone = Zone.objects.filter(pk=zone_id, event=event).select_related("site").first()
        if place.zone is None:
            raise DomainError("unknown_zone", _("No such zone in this event."), field="zone")
        place.site = place.zone.site
    if site_id is not None:
        site = Site.objects.filter(pk=site_id, event=event).first()
        if site is None:
            raise DomainError("unknown_site", _("No such site in this event."), field="site")
        if place.site is not None and place.site.pk != site.pk:
            raise DomainError(
                "zone_not_in_site", _("The zone does not belong to this site."), field="zone"
            )
        place.site = site
    if lat is not None or lon is not None:
        if lat is None or lon is None:
            raise DomainError("invalid_point", _("Give both latitude and longitude."), field="lat")
        place.lat, place.lon = check_point(lat, lon)
        if not in_event_area(event, place.lat, place.lon):
            raise DomainError(
                "outside_event",
                _(
                    "The point is outside the event's area: it is neither inside one of its "
                    "sites or zones nor within %(km)s km of a site."
                )
                % {"km": f"{REACH_METRES / 1000:g}"},
                field="lat",
            )
    if place.site is None and place.lat is None:
        raise DomainError(
            "place_required",
            _("Say where: a site or zone of the event, or a point inside its area."),
            field="site",
        )
    return place

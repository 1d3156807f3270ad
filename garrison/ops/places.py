"""Where something is, in words: the zone it lies in or the site it is near, and the street.

An incident, a tip or a unit's position is shown as "Trần Hưng Đạo, in zone HALL" or "Hàng Bài,
120 m from Cung Văn hóa Hữu nghị Việt Xô" — never as bare coordinates, which nobody on the desk
reads at a glance. The street comes from the event's OpenStreetMap roads (traffic), the zone and
site from the event's own map.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from garrison.events.geo import distance_m, point_in_polygon
from garrison.events.models import Event, Site, Zone
from garrison.traffic.routing.streets import nearest_street

# Nearer than this a point is "at" the site; farther, "N m from" it.
AT_SITE_M = 30.0


def _metres(distance: float) -> str:
    if distance >= 1000:
        return _("%(km).1f km") % {"km": distance / 1000}
    # Tens of metres: a phone's fix is rarely better, and "127 m" suggests it is.
    return _("%(m)d m") % {"m": max(10, round(distance / 10) * 10)}


class Places:
    """Names points of one event; its zones and sites are read once, for a page of many."""

    def __init__(self, event: Event) -> None:
        self.event = event
        self.zones = list(Zone.objects.filter(event=event).order_by("code"))
        self.sites = list(Site.objects.filter(event=event).order_by("name"))

    def near(self, point: tuple[float, float]) -> str | None:
        """The zone the point lies in, else the nearest site and how far."""
        for zone in self.zones:
            if point_in_polygon(point[0], point[1], zone.polygon):
                return _("in zone %(zone)s") % {"zone": zone.code}
        if not self.sites:
            return None
        distance, site = min(
            ((distance_m(point, (s.lat, s.lon)), s) for s in self.sites), key=lambda pair: pair[0]
        )
        if distance <= AT_SITE_M:
            return _("at %(site)s") % {"site": site.name}
        return _("%(distance)s from %(site)s") % {"distance": _metres(distance), "site": site.name}

    def words(self, point: tuple[float, float] | None) -> str:
        """The point as the desk says it: street, then zone or nearest site."""
        if point is None:
            return _("place unknown")
        street = nearest_street(point, event=self.event)
        near = self.near(point)
        if street is not None and near is not None:
            return f"{street.name}, {near}"
        if street is not None:
            return street.name
        return near or _("far from every site of the event")


def place_in_words(event: Event, point: tuple[float, float] | None) -> str:
    """One point of ``event`` in words (``Places`` for many)."""
    return Places(event).words(point)

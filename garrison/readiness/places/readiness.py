"""Readiness per place: each site, zone and post's minimum levels against what is there, in
service and valid, as green, amber or red with what is missing named.

An item counts for a place when it is assigned to that very place (a site's level is met by
items at the site, not by those at its zones' posts), is in service, and is valid: not expired
and not past its inspection date. Amber: every level is met but some of the items that meet it
lapse (expire or fall due for inspection) within the warning window, or a level is met at least
half-way. Red: a level is less than half met.

Every figure comes from a fixed number of queries whatever the number of places and items: the
levels, one aggregate of the items grouped by place and type, and the places' names.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from garrison.events.models import Event
from garrison.readiness import refs
from garrison.readiness.models import ALERT_DAYS as ALERT_DAYS
from garrison.readiness.models import Requirement, Resource, ResourceStatus

GREEN, AMBER, RED = "green", "amber", "red"
_RANK = {GREEN: 0, AMBER: 1, RED: 2}


@dataclass
class Line:
    type_id: int
    type_name: str
    required: int
    ready: int  # in service and valid today
    steady: int  # of those, still valid at the end of the warning window

    @property
    def missing(self) -> int:
        return max(0, self.required - self.ready)

    @property
    def lapsing(self) -> int:
        return max(0, min(self.required, self.ready) - self.steady)

    @property
    def status(self) -> str:
        if self.ready >= self.required:
            return GREEN if self.steady >= self.required else AMBER
        return AMBER if 2 * self.ready >= self.required else RED

    def shortfall(self) -> str:
        """What is wrong, in words ("" when nothing is)."""
        if self.missing:
            return _("%(type)s: %(missing)d of %(required)d missing") % {
                "type": self.type_name,
                "missing": self.missing,
                "required": self.required,
            }
        if self.lapsing:
            return _("%(type)s: %(n)d lapse within %(days)d days") % {
                "type": self.type_name,
                "n": self.lapsing,
                "days": ALERT_DAYS,
            }
        return ""


@dataclass
class PlaceReadiness:
    key: str  # "site:3", "zone:5", "post:12"
    kind: str
    id: int
    name: str
    lines: list[Line] = field(default_factory=list)

    @property
    def status(self) -> str:
        return max((line.status for line in self.lines), key=_RANK.__getitem__, default=GREEN)

    @property
    def shortfalls(self) -> list[str]:
        return [text for text in (line.shortfall() for line in self.lines) if text]


def _valid_on(day: dt.date) -> Q:
    return (Q(expires_on__isnull=True) | Q(expires_on__gte=day)) & (
        Q(inspection_due__isnull=True) | Q(inspection_due__gte=day)
    )


def readiness_of(event: Event, today: dt.date) -> list[PlaceReadiness]:
    """Every place with a minimum level, worst first, then by kind and name."""
    levels = list(
        Requirement.objects.filter(event=event).values_list(
            "type_id", "type__name", "quantity", "site_id", "zone_id", "post_id"
        )
    )
    if not levels:
        return []
    horizon = today + dt.timedelta(days=ALERT_DAYS)
    counted = (
        Resource.objects.filter(event=event, status=ResourceStatus.IN_SERVICE)
        .filter(Q(site__isnull=False) | Q(zone__isnull=False) | Q(post__isnull=False))
        .values("type_id", "site_id", "zone_id", "post_id")
        .annotate(
            ready=Sum("quantity", filter=_valid_on(today), default=0),
            steady=Sum("quantity", filter=_valid_on(horizon), default=0),
        )
        .order_by()
    )
    at: dict[tuple[str, int], tuple[int, int]] = {}
    for row in counted:
        place = refs.of_values(row["site_id"], row["zone_id"], row["post_id"])
        if place is not None:
            at[(str(place), row["type_id"])] = (row["ready"], row["steady"])
    names = refs.labels(event.pk)
    places: dict[str, PlaceReadiness] = {}
    for type_id, type_name, quantity, site_id, zone_id, post_id in levels:
        place = refs.of_values(site_id, zone_id, post_id)
        if place is None:
            continue
        key = str(place)
        entry = places.get(key)
        if entry is None:
            entry = places[key] = PlaceReadiness(key, place.kind, place.id, names.get(key, key))
        ready, steady = at.get((key, type_id), (0, 0))
        entry.lines.append(Line(type_id, type_name, quantity, ready, steady))
    order = {kind: n for n, kind in enumerate(refs.KINDS)}
    return sorted(
        places.values(), key=lambda p: (-_RANK[p.status], order[p.kind], p.name.casefold())
    )


def tally(places: list[PlaceReadiness]) -> dict[str, int]:
    counts = Counter(place.status for place in places)
    return {status: counts.get(status, 0) for status in (GREEN, AMBER, RED)}

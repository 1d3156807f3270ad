"""The event's live events: each kind once, with its payload (garrison.core.live.declare)."""

from __future__ import annotations

from typing import Literal

from typing_extensions import TypedDict

from garrison.core.live import Ref, declare


class Named(TypedDict):
    id: int
    name: str


class Polygon(TypedDict):
    """A GeoJSON Polygon geometry, as garrison.events.geo.check_polygon keeps it."""

    type: Literal["Polygon"]
    coordinates: list[list[list[float]]]


class SiteFeature(TypedDict):
    """What the map draws for a site (garrison.events.services.site_feature)."""

    id: int
    name: str
    kind: str
    lat: float
    lon: float
    polygon: Polygon | None


class ZoneFeature(TypedDict):
    """What the map draws for a zone (garrison.events.services.zone_feature)."""

    id: int
    site_id: int
    code: str
    name: str
    access_level: str
    capacity: int | None
    polygon: Polygon


EVENT_UPDATED = declare("events.event.updated", Named)
PHASE_CREATED = declare("events.phase.created", Named)
PHASE_UPDATED = declare("events.phase.updated", Named)
PHASE_DELETED = declare("events.phase.deleted", Ref)
SITE_CREATED = declare("events.site.created", SiteFeature)
SITE_UPDATED = declare("events.site.updated", SiteFeature)
SITE_DELETED = declare("events.site.deleted", Ref)
ZONE_CREATED = declare("events.zone.created", ZoneFeature)
ZONE_UPDATED = declare("events.zone.updated", ZoneFeature)
ZONE_DELETED = declare("events.zone.deleted", Ref)

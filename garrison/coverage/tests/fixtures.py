"""A small event for placement tests: traffic's test grid, four sites on it, three zones."""

from __future__ import annotations

from pathlib import Path

from garrison.events.models import AccessLevel, Event, Site, SiteKind, Zone
from garrison.traffic.routing.services import import_network
from garrison.traffic.tests.fixtures import node_position, write_osm


def square(lat: float, lon: float, d: float = 0.0002) -> dict[str, object]:
    ring = [[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d]]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def grid_event(event: Event, directory: Path) -> dict[str, Site]:
    """Sites at grid nodes 1, 3, 7 and 9; zones by nodes 1 (500 people), 3 (100) and 9 (50)."""
    import_network(event, write_osm(directory))
    sites = {}
    for node in (1, 3, 7, 9):
        lat, lon = node_position(node)
        sites[f"n{node}"] = Site.objects.create(
            event=event, name=f"Corner {node}", kind=SiteKind.OTHER, lat=lat, lon=lon
        )
    for node, capacity in ((1, 500), (3, 100), (9, 50)):
        lat, lon = node_position(node)
        Zone.objects.create(
            event=event,
            site=sites[f"n{node}"],
            code=f"Z{node}",
            name=f"Zone {node}",
            polygon=square(lat, lon),
            access_level=AccessLevel.OPEN,
            capacity=capacity,
        )
    return sites

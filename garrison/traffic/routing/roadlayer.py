"""The light road-network layer drawn under routes and closures, so maps work without tiles.

Drawn from the event's stored roads: service roads left out (parking aisles and alleys would
triple the size and say little at city zoom), each way simplified to about 3 m with shapely,
coordinates rounded to 5 decimals (about 1 m), one MultiLineString per road class. On the Hanoi
demo network that is ~7,400 points, ~160 KB of GeoJSON (~36 KB gzipped). Built once per network
version per process.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import shapely
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.views.decorators.gzip import gzip_page

from garrison.events.models import Event
from garrison.traffic.models import Road, RoadNetwork

# Degrees; about 3 m at Hanoi's latitude.
TOLERANCE = 0.00003
LEFT_OUT = frozenset({"service"})

Line = list[list[float]]  # [lon, lat] points, as GeoJSON has them
Layer = dict[str, list[Line]]

_layers: dict[tuple[int, int, str], Layer] = {}
_lock = threading.Lock()


def _build(network: RoadNetwork) -> Layer:
    layer: Layer = defaultdict(list)
    roads = Road.objects.filter(network=network).exclude(road_class__in=LEFT_OUT)
    for road_class, coords in roads.order_by("pk").values_list("road_class", "coords"):
        if len(coords) < 2:
            continue
        simple = shapely.LineString(coords).simplify(TOLERANCE, preserve_topology=False)
        layer[road_class].append([[round(x, 5), round(y, 5)] for x, y in simple.coords])
    return dict(layer)


def layer_for(network: RoadNetwork) -> Layer:
    # The import time too: a rolled-back test database hands the same pk and version out again.
    key = (network.pk, network.version, network.imported_at.isoformat())
    with _lock:
        found = _layers.get(key)
    if found is None:
        found = _build(network)
        with _lock:
            for old in [k for k in _layers if k[0] == network.pk]:
                del _layers[old]
            _layers[key] = found
    return found


def version_tag(event: Event) -> str:
    """Changes whenever any of the event's networks is re-imported or edited (an ETag)."""
    rows = event.road_networks.order_by("pk").values_list("pk", "version", "imported_at")
    return "roads-" + "-".join(f"{pk}.{v}.{at.timestamp():.0f}" for pk, v, at in rows)


def geojson(event: Event) -> dict[str, Any]:
    features = []
    for network in event.road_networks.order_by("pk"):
        for road_class, lines in sorted(layer_for(network).items()):
            features.append(
                {
                    "type": "Feature",
                    "properties": {"class": road_class, "network": network.name},
                    "geometry": {"type": "MultiLineString", "coordinates": lines},
                }
            )
    return {"type": "FeatureCollection", "features": features}


def lines_around(
    event: Event, lines: Sequence[Sequence[Sequence[float]]], margin: float = 0.004
) -> list[list[tuple[float, float]]]:
    """The layer's roads ([lat, lon] points) near the given [lat, lon] lines, e.g. for a PDF map."""
    points = [p for line in lines for p in line]
    if not points:
        return []
    south = min(p[0] for p in points) - margin
    north = max(p[0] for p in points) + margin
    west = min(p[1] for p in points) - margin
    east = max(p[1] for p in points) + margin
    found: list[list[tuple[float, float]]] = []
    for network in event.road_networks.all():
        for road_lines in layer_for(network).values():
            for line in road_lines:
                if any(south <= lat <= north and west <= lon <= east for lon, lat in line):
                    found.append([(lat, lon) for lon, lat in line])
    return found


def response(request: HttpRequest, event: Event, *, public: bool) -> HttpResponse:
    """The layer as GeoJSON, gzipped, revalidated by ETag (it changes only on re-import)."""
    tag = version_tag(event)
    unchanged = get_conditional_response(request, etag=f'"{tag}"')
    if unchanged is None:
        body = json.dumps(geojson(event), separators=(",", ":"))
        unchanged = HttpResponse(body, content_type="application/geo+json")
        unchanged["ETag"] = f'"{tag}"'
    unchanged["Cache-Control"] = ("public" if public else "private") + ", max-age=300"
    # Road geometry holds no secret, so compressing it cannot leak one (BREACH).
    return gzip_page(lambda _request: unchanged)(request)

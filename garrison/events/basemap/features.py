"""What the base map draws, read from an OpenStreetMap file with pyosmium.

Each feature is kept in Web Mercator metres (EPSG:3857, the projection of every web map's tiles),
so cutting it into tiles is plain arithmetic. Layers and their tags follow the usual OSM base map
conventions (OpenMapTiles' schema, reduced to what a command post reads off a district map):

- ``water``: natural=water, waterway=riverbank, landuse=reservoir/basin (areas); rivers,
  canals and streams (lines);
- ``park``: parks, gardens, pitches, grass, woods, cemeteries (areas);
- ``building``: every building=* area (only drawn from z15: see ``tiles.LAYER_MIN_ZOOM``);
- ``road``: every highway=* line with its class and its name (Vietnamese, as OSM has it);
- ``poi``: named landmarks: amenity, tourism, historic, leisure, office=government, and named
  buildings (points; an area's representative point).

Any of them may be missing from a file: the Hanoi demo extract carries roads only.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import osmium
import shapely
from osmium.geom import WKBFactory

# Half the Earth's circumference in Web Mercator metres.
HALF = 20037508.342789244

WATER_AREAS = {
    ("natural", "water"),
    ("waterway", "riverbank"),
    ("landuse", "reservoir"),
    ("landuse", "basin"),
}
WATER_LINES = {"river", "canal", "stream", "drain", "ditch"}
PARK_AREAS = {
    ("leisure", "park"),
    ("leisure", "garden"),
    ("leisure", "pitch"),
    ("leisure", "playground"),
    ("leisure", "nature_reserve"),
    ("leisure", "golf_course"),
    ("landuse", "grass"),
    ("landuse", "forest"),
    ("landuse", "recreation_ground"),
    ("landuse", "cemetery"),
    ("landuse", "meadow"),
    ("landuse", "village_green"),
    ("natural", "wood"),
    ("natural", "scrub"),
    ("natural", "grassland"),
}
POI_KEYS = ("amenity", "tourism", "historic", "leisure")
# Planned or vanished roads are not on the ground.
ROADS_LEFT_OUT = {"proposed", "construction", "abandoned", "razed", "platform", "bus_stop"}

# Every key any layer reads an object by.
KEYS = (
    "highway",
    "waterway",
    "natural",
    "landuse",
    "leisure",
    "building",
    "amenity",
    "tourism",
    "historic",
    "office",
)

Progress = Callable[[str, int], None]


class BasemapSourceError(Exception):
    """The file could not be read as OpenStreetMap data."""


@dataclass
class Layer:
    """One layer's geometries (Web Mercator metres) and their properties, in step."""

    # Hex WKB, as pyosmium's factory writes it.
    wkb: list[str] = field(default_factory=list)
    props: list[dict[str, Any]] = field(default_factory=list)

    def add(self, wkb: str, props: dict[str, Any]) -> None:
        self.wkb.append(wkb)
        self.props.append(props)

    def geometries(self) -> np.ndarray[Any, Any]:
        lonlat = shapely.from_wkb(self.wkb) if self.wkb else np.array([], dtype=object)
        return shapely.transform(lonlat, to_mercator) if len(lonlat) else lonlat


def to_mercator(lonlat: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """[[lon, lat], …] in degrees → [[x, y], …] in Web Mercator metres."""
    lon = lonlat[:, 0]
    lat = np.clip(lonlat[:, 1], -85.05112878, 85.05112878)
    x = lon * (HALF / 180.0)
    y = np.log(np.tan((90.0 + lat) * (math.pi / 360.0))) * (HALF / math.pi)
    return np.column_stack([x, y])


def _tags(obj: Any) -> dict[str, str]:
    return {tag.k: tag.v for tag in obj.tags}


def _area_layer(tags: dict[str, str]) -> str | None:
    pairs = set(tags.items())
    if pairs & WATER_AREAS:
        return "water"
    if pairs & PARK_AREAS:
        return "park"
    if tags.get("building", "no") != "no":
        return "building"
    return None


def _poi_kind(tags: dict[str, str]) -> str | None:
    if not tags.get("name"):
        return None
    for key in POI_KEYS:
        if key in tags:
            return f"{key}={tags[key]}"
    if tags.get("office") == "government":
        return "office=government"
    if tags.get("building", "no") != "no":
        return "building"
    return None


def read_features(path: Path, progress: Progress | None = None) -> dict[str, Layer]:
    """The base map's layers from ``path`` (.osm.pbf, .osm or .osm.bz2), by layer name."""
    layers = {name: Layer() for name in ("water", "park", "building", "road", "poi")}
    wkb = WKBFactory()
    count = 0
    try:
        # Only tagged objects of interest reach Python (node locations are still all cached):
        # most nodes of a file are bare points of ways.
        processor = (
            osmium.FileProcessor(str(path))
            .with_locations()
            .with_areas()
            .with_filter(osmium.filter.KeyFilter(*KEYS))
        )
        for obj in processor:
            count += 1
            if progress and count % 100_000 == 0:
                progress("read", count)
            tags = _tags(obj)
            if not tags:
                continue
            try:
                _take(obj, tags, layers, wkb)
            except RuntimeError:
                # A way whose nodes are outside the extract (district cuts) has no geometry.
                continue
    except (RuntimeError, OSError) as exc:
        raise BasemapSourceError(str(exc)) from exc
    if progress:
        progress("read", count)
    return layers


def _take(obj: Any, tags: dict[str, str], layers: dict[str, Layer], wkb: WKBFactory) -> None:
    if obj.is_node():
        kind = _poi_kind(tags)
        if kind and kind != "building":
            layers["poi"].add(wkb.create_point(obj), {"name": tags["name"], "kind": kind})
    elif obj.is_way():
        highway = tags.get("highway")
        if highway and highway not in ROADS_LEFT_OUT:
            props = {"class": highway, "name": tags.get("name", "")}
            layers["road"].add(wkb.create_linestring(obj), props)
        elif tags.get("waterway") in WATER_LINES:
            layers["water"].add(wkb.create_linestring(obj), {"kind": tags["waterway"]})
    elif obj.is_area():
        layer = _area_layer(tags)
        kind = _poi_kind(tags)
        if layer is None and kind is None:
            return
        geometry = wkb.create_multipolygon(obj)
        if layer:
            layers[layer].add(geometry, {"kind": tags.get("leisure") or tags.get("landuse", "")})
        if kind:
            shape = shapely.from_wkb(geometry)
            point = shapely.to_wkb(shapely.point_on_surface(shape), hex=True)
            layers["poi"].add(point, {"name": tags["name"], "kind": kind})

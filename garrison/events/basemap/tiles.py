"""Cutting the base map's features into Mapbox vector tiles, zoom by zoom.

Per zoom, every feature shown there is simplified once to half a screen pixel (shapely), put in
an STRtree, and each tile takes what its box (plus a small buffer, so strokes do not end at tile
seams) clips out of it; ``mapbox-vector-tile`` encodes the result. Lower zooms carry fewer
features: side streets from z14, service roads and footways from z15–16, buildings, landmarks
and street names from z15 (a z12 tile of all Hanoi's buildings would weigh megabytes and show
grey noise).

Street names are point features in their own ``label`` layer: one per street and tile, at the
middle of the street's longest piece in the tile, with the street's angle there, kept clear of
the tile's edge and of each other, so the browser can write them as plain text.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import mapbox_vector_tile
import numpy as np
import shapely
from mapbox_vector_tile.encoder import on_invalid_geometry_make_valid

from garrison.events.basemap.features import HALF, Layer

MIN_ZOOM = 12
MAX_ZOOM = 17
EXTENT = 4096
# Extent units around a tile that each tile also carries (64/4096 of 256 px = 4 px).
BUFFER = 64
LAYER_MIN_ZOOM = {"water": 10, "park": 12, "building": 15, "road": 0, "poi": 15}
ROAD_MIN_ZOOM = {
    "motorway": 0,
    "trunk": 0,
    "primary": 0,
    "secondary": 12,
    "motorway_link": 13,
    "trunk_link": 13,
    "primary_link": 13,
    "secondary_link": 13,
    "tertiary": 13,
    "tertiary_link": 14,
    "residential": 14,
    "unclassified": 14,
    "living_street": 14,
    "pedestrian": 15,
    "service": 15,
}
# Footways, steps, paths, tracks and anything else: only close up.
OTHER_ROAD_MIN_ZOOM = 16
# Which street keeps its name where two labels would collide: the bigger road.
ROAD_RANK = ["motorway", "trunk", "primary", "secondary", "tertiary", "residential"]
LABEL_MIN_ZOOM = 15
# In pixels of a 256 px tile: a name needs about this much street per character.
PX_PER_CHAR = 6.0
LABEL_SPACING_PX = 48
LABEL_MARGIN_PX = 24


@dataclass(frozen=True)
class Tile:
    z: int
    x: int
    y: int  # XYZ (row 0 at the north), as the browser asks for it
    data: bytes  # the encoded tile, not compressed


def tile_size_m(z: int) -> float:
    return 2 * HALF / (1 << z)


def tile_range(bounds: tuple[float, float, float, float], z: int) -> tuple[int, int, int, int]:
    """The XYZ tiles (x0, y0, x1, y1, inclusive) covering Mercator ``bounds`` at zoom ``z``."""
    minx, miny, maxx, maxy = bounds
    size = tile_size_m(z)
    last = (1 << z) - 1

    def col(x: float) -> int:
        return min(last, max(0, int((x + HALF) // size)))

    def row(y: float) -> int:
        return min(last, max(0, int((HALF - y) // size)))

    return col(minx), row(maxy), col(maxx), row(miny)


def min_zoom(layer: str, props: dict[str, Any]) -> int:
    if layer == "road":
        return ROAD_MIN_ZOOM.get(props["class"], OTHER_ROAD_MIN_ZOOM)
    return LAYER_MIN_ZOOM[layer]


@dataclass
class _ZoomLayer:
    name: str
    geoms: np.ndarray[Any, Any]
    props: list[dict[str, Any]]
    tree: shapely.STRtree


def _prepare(
    name: str, geoms: np.ndarray[Any, Any], props: list[dict[str, Any]], z: int
) -> _ZoomLayer | None:
    keep = [i for i, p in enumerate(props) if min_zoom(name, p) <= z]
    if not keep:
        return None
    pixel = tile_size_m(z) / 256
    chosen = shapely.simplify(geoms[keep], pixel / 2)
    kept_props = [props[i] for i in keep]
    if z < MAX_ZOOM:
        # Areas smaller than about two pixels square are noise at this zoom.
        area = shapely.area(chosen)
        big = ~shapely.is_empty(chosen) & ((area == 0) | (area >= 4 * pixel * pixel))
        chosen = chosen[big]
        kept_props = [p for p, b in zip(kept_props, big, strict=True) if b]
    if not len(chosen):
        return None
    return _ZoomLayer(name, chosen, kept_props, shapely.STRtree(chosen))


def _to_tile(
    geoms: np.ndarray[Any, Any], minx: float, maxy: float, size: float
) -> np.ndarray[Any, Any]:
    scale = EXTENT / size

    def move(coords: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        return np.column_stack([(coords[:, 0] - minx) * scale, (maxy - coords[:, 1]) * scale])

    moved: np.ndarray[Any, Any] = shapely.transform(geoms, move)
    return moved


def _labels(roads: list[tuple[Any, dict[str, Any]]], z: int) -> list[dict[str, Any]]:
    """Street-name points for one tile, from its clipped roads in tile coordinates."""
    per_px = EXTENT / 256
    margin = LABEL_MARGIN_PX * per_px
    inner = shapely.box(margin, margin, EXTENT - margin, EXTENT - margin)
    # A street is mapped as many ways, one per block: its pieces are joined up by name first,
    # so the label goes on the longest stretch of the street, not of one block.
    by_name: dict[str, tuple[int, list[Any]]] = {}
    for geom, props in roads:
        name = props.get("name")
        if not name or geom.geom_type not in ("LineString", "MultiLineString"):
            continue
        rank = ROAD_RANK.index(props["class"]) if props["class"] in ROAD_RANK else len(ROAD_RANK)
        old_rank, parts = by_name.setdefault(name, (rank, []))
        parts.append(geom)
        by_name[name] = (min(rank, old_rank), parts)
    best: dict[str, tuple[float, int, Any]] = {}
    for name, (rank, parts) in by_name.items():
        joined = shapely.line_merge(shapely.intersection(shapely.union_all(parts), inner))
        pieces = [g for g in getattr(joined, "geoms", [joined]) if g.geom_type == "LineString"]
        piece = max(pieces, key=lambda g: g.length, default=None)
        if piece is None or piece.is_empty or piece.length < len(name) * PX_PER_CHAR * per_px:
            continue
        best[name] = (piece.length, rank, piece)
    placed: list[dict[str, Any]] = []
    points: list[Any] = []
    for name, (length, _rank, piece) in sorted(best.items(), key=lambda i: (i[1][1], -i[1][0])):
        middle = piece.interpolate(0.5, normalized=True)
        if any(middle.distance(p) < LABEL_SPACING_PX * per_px for p in points):
            continue
        a = piece.interpolate(max(0.0, length / 2 - 8 * per_px))
        b = piece.interpolate(min(length, length / 2 + 8 * per_px))
        angle = math.degrees(math.atan2(b.y - a.y, b.x - a.x))
        # Never upside down.
        if angle > 90:
            angle -= 180
        elif angle < -90:
            angle += 180
        points.append(middle)
        placed.append({"geometry": middle, "properties": {"name": name, "angle": round(angle)}})
    return placed


def _encode_tile(layers: list[_ZoomLayer], z: int, x: int, y: int) -> bytes | None:
    size = tile_size_m(z)
    minx = -HALF + x * size
    maxy = HALF - y * size
    pad = size * BUFFER / EXTENT
    query = shapely.box(minx - pad, maxy - size - pad, minx + size + pad, maxy + pad)
    out = []
    roads: list[tuple[Any, dict[str, Any]]] = []
    for layer in layers:
        hits = layer.tree.query(query, predicate="intersects")
        if not len(hits):
            continue
        hits.sort()  # the file's order: stable tiles, and later ways drawn over earlier ones
        clipped = shapely.clip_by_rect(layer.geoms[hits], *query.bounds)
        local = _to_tile(clipped, minx, maxy, size)
        features = []
        for geom, i in zip(local, hits, strict=True):
            if geom.is_empty:
                continue
            props = layer.props[i]
            features.append({"geometry": geom, "properties": props})
            if layer.name == "road" and z >= LABEL_MIN_ZOOM:
                roads.append((geom, props))
        if features:
            out.append({"name": layer.name, "features": features})
    if roads:
        labels = _labels(roads, z)
        if labels:
            out.append({"name": "label", "features": labels})
    if not out:
        return None
    data: bytes = mapbox_vector_tile.encode(
        out,
        default_options={
            "y_coord_down": True,
            "extents": EXTENT,
            "on_invalid_geometry": on_invalid_geometry_make_valid,
        },
    )
    return data


def generate(
    layers: dict[str, Layer],
    *,
    zooms: range = range(MIN_ZOOM, MAX_ZOOM + 1),
    within: tuple[float, float, float, float] | None = None,
) -> Iterator[Tile]:
    """Every non-empty tile of ``layers`` at ``zooms``; ``within``: only tiles touching these
    Mercator bounds (tests build a few streets, not a city)."""
    geoms = {name: layer.geometries() for name, layer in layers.items()}
    props = {name: layer.props for name, layer in layers.items()}
    present = [g for g in geoms.values() if len(g)]
    if not present:
        return
    bounds = shapely.total_bounds(np.concatenate(present))
    if within is not None:
        bounds = np.array(
            [
                max(bounds[0], within[0]),
                max(bounds[1], within[1]),
                min(bounds[2], within[2]),
                min(bounds[3], within[3]),
            ]
        )
        if bounds[0] > bounds[2] or bounds[1] > bounds[3]:
            return
        # Only what reaches the chosen tiles is worth simplifying (at most a z-min tile away).
        pad = tile_size_m(zooms[0])
        area = shapely.box(bounds[0] - pad, bounds[1] - pad, bounds[2] + pad, bounds[3] + pad)
        for name in layers:
            near = np.flatnonzero(shapely.intersects(geoms[name], area))
            geoms[name] = geoms[name][near]
            props[name] = [props[name][i] for i in near]
    for z in zooms:
        ready = [
            prepared
            for name in layers
            if (prepared := _prepare(name, geoms[name], props[name], z)) is not None
        ]
        x0, y0, x1, y1 = tile_range((bounds[0], bounds[1], bounds[2], bounds[3]), z)
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                data = _encode_tile(ready, z, x, y)
                if data is not None:
                    yield Tile(z, x, y, data)

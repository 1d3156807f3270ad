"""The offline base map: vector tiles built from the event's own OpenStreetMap file.

``build(event, source)`` reads the file (``features``), cuts it into Mapbox vector tiles at the
zooms of a city district (``tiles``) and stores them in one MBTiles archive per event
(``store``); ``views`` serves them at ``/e/<event>/tiles/{z}/{x}/{y}.pbf`` and the public pages
serve the same tiles under their own prefixes. Every Leaflet map in Garrison draws them through
one script, ``events/basemap.js``. Built when the roads are imported (``garrison import_roads``),
by ``garrison build_basemap EVENT`` and by ``garrison load_demo --basemap`` (``make demo``).
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from django.conf import settings
from django.urls import reverse

from garrison.events.basemap.features import Progress, read_features, to_mercator
from garrison.events.basemap.store import archive_path, metadata_for, version, write_archive
from garrison.events.basemap.tiles import MAX_ZOOM, MIN_ZOOM, generate
from garrison.events.models import Event

OSM_ATTRIBUTION = "© OpenStreetMap contributors"

__all__ = ["BuildReport", "build", "is_built", "source_copy", "tile_config"]


@dataclass(frozen=True)
class BuildReport:
    tiles: int
    bytes: int
    largest: int
    features: dict[str, int]
    seconds: float
    path: Path


# The OSM formats pyosmium reads, told apart by the file name's ending.
SOURCE_SUFFIXES = (".osm.pbf", ".osm", ".osm.bz2", ".osm.gz")


def source_copy(event: Event, suffix: str | None = None) -> Path:
    """Where the OSM file of the last build is kept, so the map can be rebuilt from it alone
    (``suffix``: the format of a file about to be kept; None: the one kept, if any)."""
    base = archive_path(event.slug).with_suffix("")
    if suffix is not None:
        return base.with_name(base.name + suffix)
    kept = [base.with_name(base.name + s) for s in SOURCE_SUFFIXES]
    return next((path for path in kept if path.exists()), kept[0])


def _suffix(path: Path) -> str | None:
    return next((s for s in SOURCE_SUFFIXES if path.name.endswith(s)), None)


def is_built(event: Event) -> bool:
    return version(archive_path(event.slug)) is not None


def build(
    event: Event,
    source: Path | None = None,
    *,
    zooms: range = range(MIN_ZOOM, MAX_ZOOM + 1),
    within: tuple[float, float, float, float] | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Build the event's base map from ``source`` (default: the file of the last build).

    ``within``: only tiles touching these bounds (W, S, E, N in degrees).
    """
    started = time.perf_counter()
    if source is None:
        source = source_copy(event)
    layers = read_features(source, progress)
    suffix = _suffix(source)
    if suffix is not None:
        # Kept only once it has been read: a broken file never replaces a good one.
        kept = source_copy(event, suffix)
        if source.resolve() != kept.resolve():
            kept.parent.mkdir(parents=True, exist_ok=True)
            for old in (source_copy(event, s) for s in SOURCE_SUFFIXES):
                old.unlink(missing_ok=True)
            shutil.copyfile(source, kept)
    box = None
    if within is not None:
        corners = to_mercator(np.array([[within[0], within[1]], [within[2], within[3]]]))
        box = (corners[0, 0], corners[0, 1], corners[1, 0], corners[1, 1])
    lonlat = [shapely.from_wkb(layer.wkb) for layer in layers.values() if layer.wkb]
    bounds = tuple(shapely.total_bounds(np.concatenate(lonlat))) if lonlat else (0, 0, 0, 0)
    metadata = metadata_for(event.slug, bounds, zooms, OSM_ATTRIBUTION)
    path = archive_path(event.slug)
    written = write_archive(path, generate(layers, zooms=zooms, within=box), metadata)
    return BuildReport(
        tiles=written.tiles,
        bytes=written.bytes,
        largest=written.largest,
        features={name: len(layer.wkb) for name, layer in layers.items()},
        seconds=time.perf_counter() - started,
        path=path,
    )


def tile_config(event: Event | None = None, *, url_name: str = "events:tile") -> dict[str, str]:
    """What a map needs to draw its background (read by ``events/basemap.js``).

    ``url``: a raster tile server (``GARRISON_TILE_URL``), which wins when set; else ``vector``:
    this event's own tiles, when it has a base map, at ``url_name`` (a public page passes its
    own route); else neither, and the map is a plain background.
    """
    url: str = settings.GARRISON_TILE_URL
    if url:
        attribution: str = settings.GARRISON_TILE_ATTRIBUTION or ""
        if OSM_ATTRIBUTION not in attribution:
            attribution = f"{OSM_ATTRIBUTION} {attribution}".strip()
        return {"url": url, "attribution": attribution, "vector": ""}
    built = version(archive_path(event.slug)) if event is not None else None
    if event is None or built is None:
        return {"url": "", "attribution": "", "vector": ""}
    sample = reverse(url_name, kwargs={"event": event.slug, "z": 0, "x": 0, "y": 0})
    template = sample.replace("/0/0/0.pbf", "/{z}/{x}/{y}.pbf") + f"?v={built}"
    return {"url": "", "attribution": OSM_ATTRIBUTION, "vector": template}

"""The base map on disk: one MBTiles 1.3 archive (SQLite) per event under ``var/basemaps/``.

MBTiles is the format tile tools read and write (tippecanoe, GDAL, QGIS, mbview), so an archive
can be checked or replaced with them. As the specification says, rows are TMS (row 0 in the
south) and vector tiles are stored gzip-compressed; the server hands that gzip to the browser as
it is. An archive is written beside the old one and renamed over it, so a page never reads a
half-built map.
"""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from garrison.events.basemap.tiles import Tile


def archive_path(slug: str) -> Path:
    return Path(settings.GARRISON_BASEMAP_DIR) / f"{slug}.mbtiles"


@dataclass(frozen=True)
class Written:
    tiles: int
    bytes: int  # compressed, as stored
    largest: int


def write_archive(path: Path, tiles: Iterable[Tile], metadata: dict[str, str]) -> Written:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    count = total = largest = 0
    with closing(sqlite3.connect(partial)) as db:
        db.executescript(
            """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE TABLE metadata (name TEXT, value TEXT);
            CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,
                                tile_data BLOB);
            CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);
            """
        )
        db.executemany("INSERT INTO metadata VALUES (?, ?)", sorted(metadata.items()))
        batch: list[tuple[int, int, int, bytes]] = []
        for tile in tiles:
            data = gzip.compress(tile.data, compresslevel=6, mtime=0)
            batch.append((tile.z, tile.x, (1 << tile.z) - 1 - tile.y, data))
            count += 1
            total += len(data)
            largest = max(largest, len(data))
            if len(batch) >= 500:
                db.executemany("INSERT INTO tiles VALUES (?, ?, ?, ?)", batch)
                batch.clear()
        db.executemany("INSERT INTO tiles VALUES (?, ?, ?, ?)", batch)
        db.commit()
    os.replace(partial, path)
    return Written(count, total, largest)


def version(path: Path) -> str | None:
    """Changes whenever the archive is rebuilt (an ETag, and the ``v`` of the tile URL)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return f"{stat.st_mtime_ns:x}{stat.st_size:x}"


def read_tile(path: Path, z: int, x: int, y: int) -> bytes | None:
    """The gzip-compressed tile at XYZ ``z/x/y``, or None where the map has nothing."""
    # Read-only and immutable: SQLite takes no lock, and a rebuild renames a new file in.
    uri = f"{path.as_uri()}?mode=ro&immutable=1"
    with closing(sqlite3.connect(uri, uri=True)) as db:
        row = db.execute(
            "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
            (z, x, (1 << z) - 1 - y),
        ).fetchone()
    return bytes(row[0]) if row else None


def read_metadata(path: Path) -> dict[str, str]:
    uri = f"{path.as_uri()}?mode=ro&immutable=1"
    with closing(sqlite3.connect(uri, uri=True)) as db:
        return dict(db.execute("SELECT name, value FROM metadata").fetchall())


def metadata_for(
    name: str, bounds: tuple[float, float, float, float], zooms: range, attribution: str
) -> dict[str, str]:
    """MBTiles 1.3's required and recommended keys (bounds in degrees: W, S, E, N)."""
    layers = ["water", "park", "building", "road", "poi", "label"]
    return {
        "name": name,
        "format": "pbf",
        "type": "baselayer",
        "version": "1",
        "bounds": ",".join(f"{v:.6f}" for v in bounds),
        "center": f"{(bounds[0] + bounds[2]) / 2:.6f},{(bounds[1] + bounds[3]) / 2:.6f},{zooms[0]}",
        "minzoom": str(zooms[0]),
        "maxzoom": str(zooms[-1]),
        "attribution": attribution,
        "json": json.dumps({"vector_layers": [{"id": layer, "fields": {}} for layer in layers]}),
    }

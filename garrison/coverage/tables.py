"""Reading planners' files: demand and candidate points (CSV or GeoJSON) and cost matrices (CSV).

Every problem in a file is a DomainError naming the file, line and column, so ``place_teams``
can print it as it is; nothing here guesses a value it cannot read.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from garrison.core.errors import DomainError

MAX_BYTES = 50 * 2**20
ID_NAMES = ("id", "name", "code")
LAT_NAMES = ("lat", "latitude", "y")
LON_NAMES = ("lon", "lng", "long", "longitude", "x")
WEIGHT_NAMES = ("weight", "demand", "population", "capacity")


@dataclass(frozen=True)
class Point:
    id: str
    lat: float | None
    lon: float | None
    weight: float = 1.0

    @property
    def position(self) -> tuple[float, float] | None:
        return None if self.lat is None or self.lon is None else (self.lat, self.lon)


def _bad(path: Path, where: str, message: str) -> DomainError:
    return DomainError("bad_file", f"{path.name}{where}: {message}", field="file")


def _open(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise _bad(path, "", _("the file is larger than 50 MB."))
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise _bad(path, "", _("no such file.")) from exc
    except (UnicodeDecodeError, IsADirectoryError, PermissionError) as exc:
        raise _bad(path, "", _("not a readable UTF-8 text file.")) from exc


def _number(path: Path, where: str, text: object, what: str) -> float:
    try:
        value = float(str(text).strip())
    except ValueError:
        raise _bad(
            path,
            where,
            _("“%(value)s” is not a number (%(what)s).") % {"value": str(text)[:40], "what": what},
        ) from None
    if math.isnan(value):
        raise _bad(
            path,
            where,
            _("“%(value)s” is not a number (%(what)s).") % {"value": str(text)[:40], "what": what},
        )
    return value


def _column(header: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {h.strip().lower(): h for h in header}
    return next((lowered[n] for n in names if n in lowered), None)


def _rows(path: Path, text: str) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames:
        raise _bad(path, "", _("the file is empty."))
    for line, row in enumerate(reader, start=2):
        if None in row:
            raise _bad(path, f":{line}", _("more cells than the header has columns."))
        yield line, row


def read_points(path: Path) -> list[Point]:
    """Points from a CSV (id, lat, lon, weight) or a GeoJSON FeatureCollection of Points."""
    text = _open(path)
    points = (
        _geojson_points(path, text) if text.lstrip().startswith("{") else _csv_points(path, text)
    )
    if not points:
        raise _bad(path, "", _("no points in the file."))
    seen: set[str] = set()
    for point in points:
        if point.id in seen:
            raise _bad(path, "", _("the id “%(id)s” appears twice.") % {"id": point.id[:40]})
        seen.add(point.id)
        if point.weight < 0 or not math.isfinite(point.weight):
            raise _bad(
                path, "", _("the weight of “%(id)s” must be zero or more.") % {"id": point.id[:40]}
            )
    return points


def _csv_points(path: Path, text: str) -> list[Point]:
    header = next(csv.reader(text.splitlines()), [])
    id_col = _column(header, ID_NAMES)
    if id_col is None:
        raise _bad(path, ":1", _("no “id” column."))
    lat_col, lon_col = _column(header, LAT_NAMES), _column(header, LON_NAMES)
    weight_col = _column(header, WEIGHT_NAMES)
    points = []
    for line, row in _rows(path, text):
        where = f":{line}"
        ident = (row[id_col] or "").strip()
        if not ident:
            raise _bad(path, where, _("an empty id."))
        lat = _number(path, where, row[lat_col], "lat") if lat_col and row[lat_col] else None
        lon = _number(path, where, row[lon_col], "lon") if lon_col and row[lon_col] else None
        _check_position(path, where, lat, lon)
        weight = _number(path, where, row[weight_col], "weight") if weight_col else 1.0
        points.append(Point(ident, lat, lon, weight))
    return points


def _check_position(path: Path, where: str, lat: float | None, lon: float | None) -> None:
    if (lat is not None and not -90 <= lat <= 90) or (lon is not None and not -180 <= lon <= 180):
        raise _bad(path, where, _("a position outside the globe."))


def _geojson_points(path: Path, text: str) -> list[Point]:
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _bad(path, f":{exc.lineno}", _("not valid JSON.")) from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise _bad(path, "", _("a GeoJSON FeatureCollection was expected."))
    points = []
    for n, feature in enumerate(data.get("features") or [], start=1):
        where = f" #{n}"
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(geometry, dict) or geometry.get("type") != "Point":
            raise _bad(path, where, _("every feature must be a Point."))
        coords = geometry.get("coordinates")
        if not isinstance(coords, list) or len(coords) < 2:
            raise _bad(path, where, _("a Point needs two coordinates."))
        lon = _number(path, where, coords[0], "lon")
        lat = _number(path, where, coords[1], "lat")
        _check_position(path, where, lat, lon)
        props = feature.get("properties") or {}
        if not isinstance(props, dict):
            raise _bad(path, where, _("the properties must be an object."))
        ident = props.get("id", feature.get("id"))
        if ident is None or str(ident).strip() == "":
            raise _bad(path, where, _("an empty id."))
        weight = _number(path, where, props["weight"], "weight") if "weight" in props else 1.0
        points.append(Point(str(ident).strip(), lat, lon, weight))
    return points


def read_cost_matrix(path: Path) -> dict[str, dict[str, float]]:
    """costs[demand id][candidate id] from a CSV with demand id, candidate id and cost columns.

    A missing pair, an empty cost or ``inf`` means unreachable; a negative cost is refused.
    """
    text = _open(path)
    header = next(csv.reader(text.splitlines()), [])
    demand_col = _column(header, ("demand_id", "demand", "from", "origin"))
    candidate_col = _column(header, ("candidate_id", "candidate", "to", "destination"))
    cost_col = _column(header, ("cost", "seconds", "time", "distance"))
    if demand_col is None or candidate_col is None or cost_col is None:
        raise _bad(path, ":1", _("the columns demand_id, candidate_id and cost are needed."))
    costs: dict[str, dict[str, float]] = {}
    for line, row in _rows(path, text):
        where = f":{line}"
        d, c = (row[demand_col] or "").strip(), (row[candidate_col] or "").strip()
        if not d or not c:
            raise _bad(path, where, _("an empty id."))
        text_cost = (row[cost_col] or "").strip()
        cost = math.inf if text_cost == "" else _number(path, where, text_cost, "cost")
        if cost < 0:
            raise _bad(path, where, _("a negative cost."))
        if c in costs.setdefault(d, {}):
            raise _bad(
                path, where, _("the pair %(d)s, %(c)s appears twice.") % {"d": d[:40], "c": c[:40]}
            )
        costs[d][c] = cost
    if not costs:
        raise _bad(path, "", _("no costs in the file."))
    return costs

"""Read drivable roads and turn restrictions from an OpenStreetMap file (.osm.pbf or .osm XML).

Parsed with pyosmium. Turn restrictions: ``type=restriction`` relations for cars
(``restriction:motorcar``, ``restriction:motor_vehicle`` or plain ``restriction``, not excepting
motor cars) with one from way, one via NODE and one to way; via ways and time-conditional
restrictions are skipped.

Only parsing lives here: no database. ``read_roads`` raises ``OsmReadError`` with a sentence a
user can act on when the file is missing, corrupt or holds no drivable road.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import osmium
from django.utils.translation import gettext as _

from garrison.traffic.models import ROAD_CLASSES
from garrison.traffic.routing.turns import KINDS, Restriction

Progress = Callable[[str, int], None]

# A vehicle may not use a way tagged with one of these (tag, value) pairs.
_NO_VEHICLES = {
    ("access", "no"),
    ("vehicle", "no"),
    ("motor_vehicle", "no"),
    ("motorcar", "no"),
    ("area", "yes"),
}
_SPEED = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(km/h|kmh|kph|mph)?\s*$")
_FIRST_NUMBER = re.compile(r"\d+")
EARTH_RADIUS_M = 6_371_008.8


class OsmReadError(Exception):
    pass


@dataclass
class ParsedRoad:
    osm_id: int
    road_class: str
    name: str
    oneway: int
    lanes: int | None
    maxspeed: int | None
    nodes: list[int]
    coords: list[tuple[float, float]]  # (lon, lat)

    @property
    def length_m(self) -> float:
        return sum(
            haversine_m(a[1], a[0], b[1], b[0])
            for a, b in zip(self.coords, self.coords[1:], strict=False)
        )


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def parse_maxspeed(value: str | None) -> int | None:
    """km/h from an OSM ``maxspeed`` ("50", "50 km/h", "30 mph"); None for "signals", "VN:urban"."""
    match = _SPEED.match(value or "")
    if not match:
        return None
    speed = float(match.group(1)) * (1.609344 if match.group(2) == "mph" else 1.0)
    return round(speed) if 0 < speed < 200 else None


def parse_lanes(value: str | None) -> int | None:
    match = _FIRST_NUMBER.search(value or "")
    if not match:
        return None
    lanes = int(match.group())
    return lanes if 0 < lanes < 20 else None


def parse_oneway(tags: dict[str, str], road_class: str) -> int:
    value = tags.get("oneway", "").lower()
    if value in {"yes", "true", "1"}:
        return 1
    if value in {"-1", "reverse"}:
        return -1
    if value in {"no", "false", "0"}:
        return 0
    # OSM implies one-way for these when the tag is absent.
    if road_class in {"motorway"} or tags.get("junction") in {"roundabout", "circular"}:
        return 1
    return 0


def is_drivable(tags: dict[str, str]) -> bool:
    if tags.get("highway") not in ROAD_CLASSES:
        return False
    return not any(tags.get(key) == value for key, value in _NO_VEHICLES)


def read_roads(path: Path, progress: Progress | None = None) -> list[ParsedRoad]:
    """Every drivable way in ``path`` with its node locations, in file order."""
    if not path.is_file():
        raise OsmReadError(_("No such file: %(path)s") % {"path": path})
    if path.stat().st_size == 0:
        raise OsmReadError(_("The file is empty: %(path)s") % {"path": path.name})
    name = path.name.lower()
    if not name.endswith((".osm.pbf", ".pbf", ".osm", ".osm.gz", ".osm.bz2")):
        raise OsmReadError(_("Expected an OpenStreetMap .osm.pbf or .osm file."))
    roads: list[ParsedRoad] = []
    seen = 0
    missing_locations = 0
    try:
        processor = (
            osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY)
            .with_locations()
            .with_filter(osmium.filter.KeyFilter("highway"))
        )
        for obj in processor:
            seen += 1
            if progress and seen % 20_000 == 0:
                progress("read", seen)
            if not isinstance(obj, osmium.osm.Way):
                continue
            tags = {tag.k: tag.v for tag in obj.tags}
            if not is_drivable(tags):
                continue
            nodes: list[int] = []
            coords: list[tuple[float, float]] = []
            for ref in obj.nodes:
                if not ref.location.valid():
                    missing_locations += 1
                    continue
                nodes.append(ref.ref)
                coords.append((round(ref.location.lon, 7), round(ref.location.lat, 7)))
            if len(nodes) < 2:
                continue
            road_class = tags["highway"]
            roads.append(
                ParsedRoad(
                    osm_id=obj.id,
                    road_class=road_class,
                    name=tags.get("name", "")[:200],
                    oneway=parse_oneway(tags, road_class),
                    lanes=parse_lanes(tags.get("lanes")),
                    maxspeed=parse_maxspeed(tags.get("maxspeed")),
                    nodes=nodes,
                    coords=coords,
                )
            )
    except (RuntimeError, ValueError, OSError) as exc:
        raise OsmReadError(
            _("The file could not be read as OpenStreetMap data: %(reason)s")
            % {"reason": str(exc)[:200]}
        ) from exc
    if progress:
        progress("read", seen)
    if not roads:
        raise OsmReadError(_("The file holds no drivable roads."))
    return roads


def read_restrictions(path: Path, ways: set[int] | None = None) -> list[Restriction]:
    """The turn restrictions in ``path`` (see the module's docstring), between ``ways`` if given."""
    found: list[Restriction] = []
    try:
        for relation in osmium.FileProcessor(str(path), osmium.osm.RELATION):
            if not isinstance(relation, osmium.osm.Relation):
                continue
            tags = {tag.k: tag.v for tag in relation.tags}
            if tags.get("type") != "restriction":
                continue
            value = (
                tags.get("restriction:motorcar")
                or tags.get("restriction:motor_vehicle")
                or tags.get("restriction", "")
            ).strip()
            excepted = {v.strip() for v in tags.get("except", "").split(";")}
            if value not in KINDS or excepted & {"motorcar", "motor_vehicle"}:
                continue
            members = [(m.type, m.ref, m.role) for m in relation.members]
            froms = [ref for kind, ref, role in members if role == "from" and kind == "w"]
            vias = [(kind, ref) for kind, ref, role in members if role == "via"]
            tos = [ref for kind, ref, role in members if role == "to" and kind == "w"]
            if len(froms) != 1 or len(tos) != 1 or len(vias) != 1 or vias[0][0] != "n":
                continue
            if ways is not None and not (froms[0] in ways and tos[0] in ways):
                continue
            found.append((value, froms[0], vias[0][1], tos[0]))
    except (RuntimeError, ValueError, OSError) as exc:
        raise OsmReadError(
            _("The file could not be read as OpenStreetMap data: %(reason)s")
            % {"reason": str(exc)[:200]}
        ) from exc
    return found

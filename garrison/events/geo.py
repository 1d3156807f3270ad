"""GeoJSON in and out. Geometry checks use Shapely (GEOS), the reference implementation."""

from __future__ import annotations

import math
from typing import Any

from django.utils.translation import gettext as _

from garrison.core.errors import DomainError

# A polygon with more vertices than this is a drawing accident or an attack, not a zone.
MAX_VERTICES = 2000


def check_point(lat: Any, lon: Any) -> tuple[float, float]:
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError) as exc:
        raise DomainError(
            "invalid_point", _("Latitude and longitude must be numbers."), field="lat"
        ) from exc
    if not (-90.0 <= lat_f <= 90.0) or not (-180.0 <= lon_f <= 180.0):
        raise DomainError(
            "invalid_point",
            _("Latitude must be within ±90 and longitude within ±180."),
            field="lat",
        )
    return lat_f, lon_f


def check_polygon(geometry: Any, *, field: str = "polygon") -> dict[str, Any]:
    """Validate a GeoJSON Polygon geometry (or a Feature holding one) and return the geometry.

    Refused with a reason: anything that is not a Polygon, rings that do not close or have fewer
    than four positions, positions outside the Earth, self-intersections (Shapely's reason).
    """
    if isinstance(geometry, dict) and geometry.get("type") == "Feature":
        geometry = geometry.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") != "Polygon":
        raise DomainError(
            "invalid_geometry", _("The outline must be a GeoJSON Polygon."), field=field
        )
    rings = geometry.get("coordinates")
    if not isinstance(rings, list) or not rings:
        raise DomainError("invalid_geometry", _("The polygon has no coordinates."), field=field)
    clean: list[list[list[float]]] = []
    total = 0
    for ring in rings:
        if not isinstance(ring, list) or len(ring) < 4:
            raise DomainError(
                "invalid_geometry", _("Each ring needs at least four positions."), field=field
            )
        points: list[list[float]] = []
        for pos in ring:
            if (
                not isinstance(pos, list | tuple)
                or len(pos) < 2
                or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in pos[:2])
            ):
                raise DomainError(
                    "invalid_geometry",
                    _("Each position must be [longitude, latitude]."),
                    field=field,
                )
            lon, lat = float(pos[0]), float(pos[1])
            if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
                raise DomainError(
                    "invalid_geometry",
                    _("A position lies outside the Earth's coordinates."),
                    field=field,
                )
            points.append([lon, lat])
        if points[0] != points[-1]:
            raise DomainError(
                "invalid_geometry", _("Each ring must end where it starts."), field=field
            )
        total += len(points)
        clean.append(points)
    if total > MAX_VERTICES:
        raise DomainError("invalid_geometry", _("The polygon has too many vertices."), field=field)
    # Shapely (and NumPy under it) is imported where a geometry is checked, not with this
    # module, which every process imports at start-up (points are checked without it).
    from shapely.geometry import shape
    from shapely.validation import explain_validity

    polygon = shape({"type": "Polygon", "coordinates": clean})
    if not polygon.is_valid:
        raise DomainError(
            "invalid_geometry",
            _("The polygon is not valid: %(reason)s") % {"reason": explain_validity(polygon)},
            field=field,
        )
    if polygon.area == 0:
        raise DomainError("invalid_geometry", _("The polygon has no area."), field=field)
    return {"type": "Polygon", "coordinates": clean}


def polygon_within(inner: dict[str, Any], outer: dict[str, Any]) -> bool:
    from shapely.geometry import shape

    # A small tolerance (about a metre) so a zone drawn along the site's edge is still inside.
    return bool(shape(outer).buffer(1e-5).contains(shape(inner)))


def point_in_polygon(lat: float, lon: float, polygon: dict[str, Any]) -> bool:
    from shapely.geometry import Point, shape

    return bool(shape(polygon).buffer(1e-5).contains(Point(lon, lat)))


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres between two (lat, lon) points (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_008.8 * math.asin(math.sqrt(min(1.0, h)))

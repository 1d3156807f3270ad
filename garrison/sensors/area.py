"""The area of a zone's outline in square metres, on the WGS 84 ellipsoid.

The outline is projected with the ellipsoidal Lambert azimuthal equal-area projection centred on
the zone (Snyder, "Map Projections — A Working Manual", USGS PP 1395, 1987, pp. 187–190), and
the area measured in that plane. The projection preserves area exactly everywhere, so what is
left is the difference between the outline's edges as straight lines in the plane and as
geodesics on the ellipsoid: nothing at the size of a zone (well under a square millimetre for a
hall of 100 m). Done here in a few lines rather than with pyproj, which Garrison does not need
otherwise.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from shapely.geometry import Polygon

A = 6_378_137.0  # WGS 84 semi-major axis, metres
F = 1 / 298.257223563  # WGS 84 flattening
E2 = F * (2 - F)
E = math.sqrt(E2)


def q(phi: float) -> float:
    """Snyder's q (eq. 3-12) at latitude ``phi`` in radians: the authalic latitude's sine times
    q at the pole."""
    s = math.sin(phi)
    return (1 - E2) * (s / (1 - E2 * s * s) - math.log((1 - E * s) / (1 + E * s)) / (2 * E))


QP = q(math.pi / 2)
RQ = A * math.sqrt(QP / 2)  # the radius of the sphere with the ellipsoid's area


def _beta(phi: float) -> float:
    return math.asin(max(-1.0, min(1.0, q(phi) / QP)))


def _projector(lat0: float, lon0: float) -> Any:
    phi1, lam0 = math.radians(lat0), math.radians(lon0)
    b1 = _beta(phi1)
    sin_b1, cos_b1 = math.sin(b1), math.cos(b1)
    d = A * math.cos(phi1) / (math.sqrt(1 - E2 * math.sin(phi1) ** 2) * RQ * cos_b1)

    def project(lon: float, lat: float) -> tuple[float, float]:
        b, dl = _beta(math.radians(lat)), math.radians(lon) - lam0
        sin_b, cos_b = math.sin(b), math.cos(b)
        big_b = RQ * math.sqrt(2 / (1 + sin_b1 * sin_b + cos_b1 * cos_b * math.cos(dl)))
        return big_b * d * cos_b * math.sin(dl), (big_b / d) * (
            cos_b1 * sin_b - sin_b1 * cos_b * math.cos(dl)
        )

    return project


def polygon_area_m2(geometry: dict[str, Any]) -> float:
    """Square metres inside a GeoJSON Polygon geometry (holes taken out); 0 for anything else."""
    rings = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if geometry.get("type") != "Polygon" or not isinstance(rings, list) or not rings:
        return 0.0
    return _area(tuple(tuple((float(p[0]), float(p[1])) for p in ring) for ring in rings))


@lru_cache(maxsize=1024)
def _area(rings: tuple[tuple[tuple[float, float], ...], ...]) -> float:
    outer = rings[0]
    lon0 = sum(p[0] for p in outer) / len(outer)
    lat0 = sum(p[1] for p in outer) / len(outer)
    project = _projector(lat0, lon0)
    shell = [project(lon, lat) for lon, lat in outer]
    holes = [[project(lon, lat) for lon, lat in ring] for ring in rings[1:]]
    return float(Polygon(shell, holes).area)

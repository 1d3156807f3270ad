"""The zone's area on the ellipsoid, and density's arithmetic."""

from __future__ import annotations

import math

import pytest

from garrison.sensors import density as maths
from garrison.sensors.area import A, polygon_area_m2, q
from garrison.sensors.models import Level


def _box(west: float, south: float, east: float, north: float) -> dict[str, object]:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def _band_area(west: float, south: float, east: float, north: float) -> float:
    # The exact ellipsoidal area between two parallels and two meridians (Snyder eq. 3-12 is
    # q's derivative's integral): a²/2 · Δλ · (q(φ₂) − q(φ₁)).
    return A * A / 2 * math.radians(east - west) * (q(math.radians(north)) - q(math.radians(south)))


def test_it_measures_a_small_lat_lon_box_as_the_ellipsoid_does() -> None:
    box = (105.844, 21.022, 105.845, 21.023)  # about 104 m × 111 m in Hanoi
    assert polygon_area_m2(_box(*box)) == pytest.approx(_band_area(*box), rel=1e-9)
    assert polygon_area_m2(_box(*box)) == pytest.approx(11_509.6, abs=0.1)


def test_it_takes_the_holes_out() -> None:
    outer = _box(105.844, 21.022, 105.846, 21.024)
    hole = [[105.8445, 21.0225], [105.8455, 21.0225], [105.8455, 21.0235], [105.8445, 21.0235]]
    holed = {"type": "Polygon", "coordinates": [*outer["coordinates"], [*hole, hole[0]]]}  # type: ignore[misc]
    expected = _band_area(105.844, 21.022, 105.846, 21.024) - _band_area(
        105.8445, 21.0225, 105.8455, 21.0235
    )
    assert polygon_area_m2(holed) == pytest.approx(expected, rel=1e-7)


def test_a_degree_square_at_the_equator_is_the_known_12_308_km2() -> None:
    # Straight edges in the equal-area plane against curved parallels: 1e-5 at this size.
    assert polygon_area_m2(_box(0, 0, 1, 1)) / 1e6 == pytest.approx(12_308.46, rel=2e-5)


def test_anything_but_a_polygon_has_no_area() -> None:
    assert polygon_area_m2({"type": "Point", "coordinates": [1, 2]}) == 0


def test_levels_and_forecast() -> None:
    limits = maths.Thresholds()
    assert maths.level_of(1.9, limits) == Level.BELOW
    assert maths.level_of(2.0, limits) == Level.PLANNED
    assert maths.level_of(4.2, limits) == Level.UNSTABLE
    assert maths.level_of(5.0, limits) == Level.DANGEROUS
    # 100 m², 300 people (3/m²), growing by 1 person a second: 4/m² in 100 s.
    forecast = maths.forecast(300, 100.0, 1.0, limits)
    assert forecast == maths.Forecast(Level.UNSTABLE, 100)
    assert forecast.minutes == 2
    assert maths.forecast(300, 100.0, -1.0, limits) is None
    assert maths.forecast(600, 100.0, 5.0, limits) is None  # dangerous already: nothing above


def test_the_slope_is_the_least_squares_fit() -> None:
    assert maths.slope([(0, 10), (10, 30), (20, 50)]) == pytest.approx(2.0)
    assert maths.slope([(0, 10), (10, 10), (20, 40)]) == pytest.approx(1.5)
    assert maths.slope([(5, 10)]) == 0

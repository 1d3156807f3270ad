"""The write path of patrols: points and tours (``layout``), the plaques scanned (``visits``),
the rounds and the check that finds the late ones (``rounds``)."""

from __future__ import annotations

from garrison.patrols.services.layout import (
    PointData,
    TourData,
    create_point,
    create_tour,
    point_summary,
    tour_summary,
    update_point,
    update_tour,
)

__all__ = [
    "PointData",
    "TourData",
    "create_point",
    "create_tour",
    "point_summary",
    "tour_summary",
    "update_point",
    "update_tour",
]

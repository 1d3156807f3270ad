"""Crowd density, its level against a zone's thresholds, and the forecast from the trend.

Pure arithmetic, no database: the services feed it a zone's numbers and samples.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from garrison.sensors.models import (
    DEFAULT_DANGEROUS,
    DEFAULT_PLANNED,
    DEFAULT_UNSTABLE,
    Level,
)

# Levels in rising order, and the ones that raise an incident: "planned" is the density the
# event was designed for — shown, not an emergency.
ORDER = (Level.BELOW, Level.PLANNED, Level.UNSTABLE, Level.DANGEROUS)
ALERTING = (Level.UNSTABLE, Level.DANGEROUS)


def rank(level: str) -> int:
    return ORDER.index(Level(level)) if level else 0


@dataclass(frozen=True)
class Thresholds:
    planned: float = DEFAULT_PLANNED
    unstable: float = DEFAULT_UNSTABLE
    dangerous: float = DEFAULT_DANGEROUS

    def of(self, level: str) -> float:
        return {
            Level.PLANNED: self.planned,
            Level.UNSTABLE: self.unstable,
            Level.DANGEROUS: self.dangerous,
        }[Level(level)]


def density(occupancy: int, area_m2: float) -> float:
    """Persons per m²; 0 for a zone without a usable outline."""
    return occupancy / area_m2 if area_m2 > 0 else 0.0


def level_of(value: float, thresholds: Thresholds) -> Level:
    for level in reversed(ORDER[1:]):
        if value >= thresholds.of(level):
            return Level(level)
    return Level.BELOW


def slope(samples: Sequence[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, occupancy) samples: persons per second; 0 for fewer than
    two distinct times."""
    n = len(samples)
    if n < 2:
        return 0.0
    mean_t = sum(t for t, _ in samples) / n
    mean_y = sum(y for _, y in samples) / n
    var = sum((t - mean_t) ** 2 for t, _ in samples)
    if var == 0:
        return 0.0
    return sum((t - mean_t) * (y - mean_y) for t, y in samples) / var


@dataclass(frozen=True)
class Forecast:
    level: Level  # the next threshold up
    seconds: int  # until it is reached at the current trend

    @property
    def minutes(self) -> int:
        return max(1, -(-self.seconds // 60))


def seconds_to(
    level: str, occupancy: int, area_m2: float, rate: float, thresholds: Thresholds
) -> float | None:
    """Seconds until ``level``'s threshold at ``rate`` persons/s: 0 if reached, None if never
    (not rising, or no outline)."""
    if area_m2 <= 0:
        return None
    needed = thresholds.of(level) * area_m2 - occupancy
    if needed <= 0:
        return 0.0
    if rate <= 0:
        return None
    return needed / rate


def forecast(
    occupancy: int, area_m2: float, rate: float, thresholds: Thresholds
) -> Forecast | None:
    """When the next threshold above the current density is reached, if the crowd grows."""
    current = level_of(density(occupancy, area_m2), thresholds)
    if current == Level.DANGEROUS:
        return None
    following = ORDER[ORDER.index(current) + 1]
    seconds = seconds_to(following, occupancy, area_m2, rate, thresholds)
    if seconds is None:
        return None
    return Forecast(following, max(0, round(seconds)))

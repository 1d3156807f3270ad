"""Which units to suggest for an incident.

``rank_units`` is the one place that orders candidates. It uses straight-line (great-circle)
distance today; when the traffic app offers road travel times, a replacement with the same
signature — travel seconds in ``cost`` — drops in here and nothing else changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from garrison.forces.models import Unit
from garrison.ops.models import Incident, UnitState, UnitStatus

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)

# A unit on its way back can take a new call; one on another call or out of service cannot.
DISPATCHABLE = frozenset({UnitState.AVAILABLE, UnitState.RETURNING})


@dataclass(frozen=True)
class RankedUnit:
    unit: Unit
    state: str
    cost: float | None  # metres now; seconds once ranking uses road travel time
    unit_of_cost: str = "m"


def haversine_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def unit_position(unit: Unit, row: UnitStatus | None = None) -> tuple[float, float] | None:
    """Last known position, else the unit's own point, else its base site."""
    if row is not None and row.lat is not None and row.lon is not None:
        return row.lat, row.lon
    if unit.lat is not None and unit.lon is not None:
        return unit.lat, unit.lon
    if unit.base_site is not None:
        return unit.base_site.lat, unit.base_site.lon
    return None


def rank_units(incident: Incident, limit: int = 10) -> list[RankedUnit]:
    """Dispatchable units of the incident's event, nearest first; those without a position last."""
    rows = {row.unit_id: row for row in UnitStatus.objects.filter(event_id=incident.event_id)}
    target = incident.point()
    ranked: list[RankedUnit] = []
    # Only leaves of the command tree go out: a department is sent through its teams.
    leaves = Unit.objects.filter(event_id=incident.event_id, children__isnull=True)
    for unit in leaves.select_related("base_site"):
        row = rows.get(unit.pk)
        state = row.state if row else UnitState.AVAILABLE
        if state not in DISPATCHABLE:
            continue
        where = unit_position(unit, row)
        cost = haversine_m(target, where) if target and where else None
        ranked.append(RankedUnit(unit, state, cost))
    ranked.sort(key=lambda r: (r.cost is None, r.cost or 0.0, r.unit.code))
    return ranked[:limit]

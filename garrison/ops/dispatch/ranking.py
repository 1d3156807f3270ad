"""Which units to suggest for an incident.

``rank_units`` is the one place that orders candidates: by road travel time from each unit's
position to the incident on the event's road network, with the closures in force now (one
search from the incident over the network, however many units: ``traffic``'s ``travel_times``).
Where no network covers the incident, or a unit cannot reach it by road, straight-line distance
stands in and the entry says so.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.utils import timezone

from garrison.core.errors import DomainError
from garrison.forces.models import Assignment as Shift
from garrison.forces.models import Unit
from garrison.ops.dispatch.whereabouts import UnitPlace, place_of
from garrison.ops.models import Incident, UnitState, UnitStatus
from garrison.traffic.routing.travel import Trip, travel_times

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)

# A unit on its way back can take a new call; one on another call or out of service cannot.
DISPATCHABLE = frozenset({UnitState.AVAILABLE, UnitState.RETURNING})

ROAD = "road"  # cost: seconds by road; metres: along that route
LINE = "line"  # cost and metres: straight-line metres (no network, or no way by road)


@dataclass(frozen=True)
class RankedUnit:
    unit: Unit
    state: str
    cost: float | None  # seconds by road (basis ROAD), else straight-line metres; None: no position
    unit_of_cost: str = "m"
    metres: float | None = None
    basis: str = LINE
    # Where its position comes from ("field phone", "post on shift"…), shown beside the ETA.
    whence: str = ""

    @property
    def by_road(self) -> bool:
        return self.basis == ROAD

    @property
    def km(self) -> float | None:
        return None if self.metres is None else self.metres / 1000

    @property
    def eta_minutes(self) -> int | None:
        """Whole minutes by road, rounded up (a unit 20 s away is "1 min" away)."""
        if not self.by_road or self.cost is None:
            return None
        return max(1, math.ceil(self.cost / 60))


def haversine_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def posted_sites(event_id: int, now: dt.datetime) -> dict[int, tuple[float, float]]:
    """Unit → the site of a post its members are on shift at now (the first by post code)."""
    shifts = (
        Shift.objects.filter(
            event_id=event_id, starts_at__lte=now, ends_at__gt=now, post__site__isnull=False
        )
        .order_by("post__code", "pk")
        .values_list("member__unit_id", "post__site__lat", "post__site__lon")
    )
    found: dict[int, tuple[float, float]] = {}
    for unit_id, lat, lon in shifts:
        found.setdefault(unit_id, (lat, lon))
    return found


def by_road(
    incident: Incident, target: tuple[float, float], points: list[tuple[float, float]]
) -> list[Trip] | None:
    """Each point's trip to the incident by road now; None where no network covers it."""
    if not points:
        return []
    try:
        return travel_times(target, points, timezone.now(), event=incident.event, to_origin=True)
    except DomainError:
        # No network for the event, or the incident lies off it: straight line for all.
        return None


def rank_units(incident: Incident, limit: int = 10) -> list[RankedUnit]:
    """Dispatchable units of the incident's event, first to arrive first; no position last."""
    rows = {row.unit_id: row for row in UnitStatus.objects.filter(event_id=incident.event_id)}
    target = incident.point()
    # Only leaves of the command tree go out: a department is sent through its teams.
    leaves = Unit.objects.filter(event_id=incident.event_id, children__isnull=True)
    candidates: list[tuple[Unit, str, UnitPlace | None]] = []
    now = timezone.now()
    posted = posted_sites(incident.event_id, now)
    for unit in leaves.select_related("base_site"):
        row = rows.get(unit.pk)
        state = row.state if row else UnitState.AVAILABLE
        if state in DISPATCHABLE:
            place = place_of(unit, row, posted.get(unit.pk), now=now, ranking=True)
            candidates.append((unit, state, place))
    placed = [place.point for _u, _s, place in candidates if place is not None]
    found = by_road(incident, target, placed) if target is not None else None
    trips = iter(found or [])
    ranked: list[RankedUnit] = []
    for unit, state, place in candidates:
        if target is None or place is None:
            ranked.append(RankedUnit(unit, state, None))
            continue
        whence = place.source_label
        trip = next(trips, None)
        if trip is not None and math.isfinite(trip.seconds):
            ranked.append(RankedUnit(unit, state, trip.seconds, "s", trip.metres, ROAD, whence))
        else:
            line = haversine_m(target, place.point)
            ranked.append(RankedUnit(unit, state, line, "m", line, LINE, whence))
    order = {ROAD: 0, LINE: 1}
    ranked.sort(key=lambda r: (r.cost is None, order[r.basis], r.cost or 0.0, r.unit.code))
    return ranked[:limit]

"""Where a unit is, where that comes from, and how old it is.

A unit's position is, best first: the one its field phone shared while on shift (fresh and
reliable), one the desk set or the scene it reached, the unit's own base point, the site of the
post its members are on shift at now, its base site. A phone's position older than
``STALE_AFTER`` or with an accuracy radius over ``UNRELIABLE_M`` is still shown to the desk,
marked, but the ranking prefers any of the others to it.

Phone positions are personal data (ops/personal.py): only the roles that dispatch see them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from garrison.forces.models import Unit
from garrison.ops.models import PositionSource, UnitStatus

# A unit moves: a fix older than this says where it was, not where it is.
STALE_AFTER = dt.timedelta(minutes=10)
# A phone that reports a circle this wide has no GPS fix (cell towers, Wi-Fi): kept but marked.
UNRELIABLE_M = 500.0
# A position farther than this from every site of the event is not the event's (a phone at
# home, a spoofed fix): refused.
FAR_M = 20_000.0

STORED = frozenset({PositionSource.PHONE, PositionSource.DESK, PositionSource.SCENE})


@dataclass(frozen=True)
class UnitPlace:
    lat: float
    lon: float
    source: str  # a PositionSource value
    at: dt.datetime | None = None
    accuracy_m: float | None = None
    unreliable: bool = False

    @property
    def point(self) -> tuple[float, float]:
        return self.lat, self.lon

    @property
    def source_label(self) -> str:
        return str(PositionSource(self.source).label)

    def age(self, now: dt.datetime) -> dt.timedelta | None:
        return None if self.at is None else max(dt.timedelta(0), now - self.at)

    def stale(self, now: dt.datetime) -> bool:
        """Only a reported position ages; a post or a site does not move."""
        age = self.age(now)
        return self.source in STORED and age is not None and age > STALE_AFTER

    def trusted(self, now: dt.datetime) -> bool:
        """Good enough to rank by: a phone's fix must be fresh and precise."""
        if self.source != PositionSource.PHONE:
            return True
        return not self.unreliable and not self.stale(now)

    def feature(self, now: dt.datetime) -> dict[str, Any]:
        """What the desk's pages and the live picture show beside the point."""
        age = self.age(now)
        return {
            "lat": self.lat,
            "lon": self.lon,
            "position_source": self.source,
            "position_source_label": self.source_label,
            "position_at": None if self.at is None else self.at.isoformat(),
            "position_age_minutes": None if age is None else int(age.total_seconds() // 60),
            "position_stale": self.stale(now),
            "position_unreliable": self.unreliable,
        }


def stored_place(row: UnitStatus | None) -> UnitPlace | None:
    if row is None or row.lat is None or row.lon is None:
        return None
    return UnitPlace(
        row.lat,
        row.lon,
        # A position stored before sources were kept came from the desk or the scene.
        row.position_source or PositionSource.DESK,
        row.position_at,
        row.position_accuracy_m,
        row.position_unreliable,
    )


def place_of(
    unit: Unit,
    row: UnitStatus | None,
    posted: tuple[float, float] | None,
    *,
    now: dt.datetime,
    phone: bool = True,
    ranking: bool = False,
) -> UnitPlace | None:
    """The unit's position now. ``phone``: whether a phone's position may be used (the viewer
    may see personal data). ``ranking``: a stale or unreliable phone position gives way to the
    unit's base, post or site and is only the last resort; shown to the desk, it stays, marked."""
    stored = stored_place(row)
    if stored is not None and stored.source == PositionSource.PHONE and not phone:
        stored = None
    if stored is not None and (not ranking or stored.trusted(now)):
        return stored
    if unit.lat is not None and unit.lon is not None:
        return UnitPlace(unit.lat, unit.lon, PositionSource.BASE)
    if posted is not None:
        return UnitPlace(posted[0], posted[1], PositionSource.POST)
    if unit.base_site is not None:
        return UnitPlace(unit.base_site.lat, unit.base_site.lon, PositionSource.SITE)
    return stored

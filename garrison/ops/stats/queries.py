"""Response-time statistics: percentiles of each interval per day, unit and type.

Percentiles use the nearest-rank method: the p-th percentile is a time that actually occurred,
which is what NFPA 1710/1225 compliance reports quote ("90 % of calls within 60 s").
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from garrison.events.models import Event
from garrison.ops.models import Assignment, Incident, Source
from garrison.ops.timers.targets import (
    Targets,
    call_processing_seconds,
    travel_seconds,
    turnout_seconds,
)


def real_operations(incidents: QuerySet[Incident]) -> QuerySet[Incident]:
    """Leave out what a drill injected (and the older drill source): the statistics of real
    operations never count an exercise."""
    return incidents.exclude(source=Source.DRILL).exclude(exercise=True)


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Row:
    key: str
    values: list[float] = field(default_factory=list)
    target: int = 0

    @property
    def n(self) -> int:
        return len(self.values)

    @property
    def p50(self) -> float | None:
        return percentile(self.values, 50)

    @property
    def p90(self) -> float | None:
        return percentile(self.values, 90)

    @property
    def worst(self) -> float | None:
        return max(self.values) if self.values else None

    @property
    def met_percent(self) -> float | None:
        if not self.values:
            return None
        return 100 * sum(1 for v in self.values if v <= self.target) / len(self.values)


@dataclass
class Interval:
    name: str
    target: int
    by_day: dict[str, Row] = field(default_factory=dict)
    by_unit: dict[str, Row] = field(default_factory=dict)
    by_type: dict[str, Row] = field(default_factory=dict)
    all: Row = field(default_factory=lambda: Row("all"))

    def add(self, value: float, day: str, kind: str, unit: str | None) -> None:
        self.all.target = self.target
        self.all.values.append(value)
        groups = [(self.by_day, day), (self.by_type, kind)]
        if unit is not None:
            groups.append((self.by_unit, unit))
        for table, key in groups:
            table.setdefault(key, Row(key, target=self.target)).values.append(value)

    def tables(self) -> list[tuple[str, list[Row]]]:
        return [
            ("day", [self.by_day[k] for k in sorted(self.by_day)]),
            ("unit", [self.by_unit[k] for k in sorted(self.by_unit)]),
            ("type", [self.by_type[k] for k in sorted(self.by_type)]),
        ]


def statistics(event: Event, incidents: QuerySet[Incident]) -> dict[str, Interval]:
    targets = Targets.of(event)
    tz = event.tzinfo
    result = {
        "call_processing": Interval("call_processing", targets.call_processing),
        "turnout": Interval("turnout", targets.turnout),
        "travel": Interval("travel", targets.travel),
    }
    by_incident: dict[int, list[Assignment]] = defaultdict(list)
    for a in Assignment.objects.filter(incident__in=incidents).select_related("unit"):
        by_incident[a.incident_id].append(a)
    for incident in incidents.select_related("type"):
        day = incident.received_at.astimezone(tz).date().isoformat()
        kind = incident.type.label
        assignments = by_incident.get(incident.pk, [])
        first = min((a.dispatched_at for a in assignments), default=None)
        cp = call_processing_seconds(incident, first)
        if cp is not None:
            result["call_processing"].add(cp, day, kind, None)
        for a in assignments:
            unit = a.unit.code
            if (t := turnout_seconds(a)) is not None:
                result["turnout"].add(t, day, kind, unit)
            if (t := travel_seconds(a)) is not None:
                result["travel"].add(t, day, kind, unit)
    return result

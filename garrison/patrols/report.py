"""The compliance report of a tour: its rounds, and per point and per officer what was walked."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import pairwise

from garrison.patrols.models import Point, Round, Tour, Visit


@dataclass
class PointLine:
    point: Point
    visits: int
    shortest: int | None  # minutes between two visits in a row
    longest: int | None
    flagged: int


@dataclass
class WalkerLine:
    name: str
    visits: int
    flagged: int


@dataclass
class Compliance:
    rounds: list[Round]
    states: list[tuple[str, int]]  # (state, rounds), a list: templates read a dict's keys first
    points: list[PointLine]
    walkers: list[WalkerLine]


def compliance(tour: Tour, since: dt.datetime, until: dt.datetime) -> Compliance:
    rounds = list(
        Round.objects.filter(tour=tour, starts_at__gte=since, starts_at__lt=until).order_by(
            "-starts_at"
        )
    )
    points = [stop.point for stop in tour.stops.select_related("point")]
    visits = list(
        Visit.objects.filter(point__in=points, scanned_at__gte=since, scanned_at__lt=until)
        .select_related("walker")
        .order_by("scanned_at")
    )
    by_point: dict[int, list[Visit]] = defaultdict(list)
    walkers: dict[str, list[Visit]] = defaultdict(list)
    for visit in visits:
        by_point[visit.point_id].append(visit)
        name = visit.walker.get_full_name() or visit.walker.get_username() if visit.walker else "—"
        walkers[name].append(visit)
    lines = []
    for point in points:
        times = [visit.scanned_at for visit in by_point[point.pk]]
        gaps = [round((b - a).total_seconds() / 60) for a, b in pairwise(times)]
        lines.append(
            PointLine(
                point,
                len(times),
                min(gaps) if gaps else None,
                max(gaps) if gaps else None,
                sum(1 for visit in by_point[point.pk] if visit.flags),
            )
        )
    return Compliance(
        rounds=rounds,
        states=sorted(Counter(round_.state for round_ in rounds).items()),
        points=lines,
        walkers=[
            WalkerLine(name, len(done), sum(1 for visit in done if visit.flags))
            for name, done in sorted(walkers.items())
        ],
    )

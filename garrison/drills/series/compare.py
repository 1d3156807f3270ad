"""Drills compared: a series of drills at one event, read side by side.

For each drill that has run, in the order they ran: p50/p90 of each interval of the desk's
response (from the after-action reports, read for all drills at once), how many objectives
were rated P or S (HSEEP's "performed"), and how many of its corrective actions were closed
(their planning task done or verified) before the event's first day. The chart is drawn on the
server as SVG: no script, and it prints.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from garrison.drills.models import (
    CorrectiveAction,
    Drill,
    DrillState,
    Objective,
    ObjectiveRating,
    Rating,
)
from garrison.drills.report import INTERVALS, build_reports
from garrison.events.models import Event

PERFORMED = (Rating.PERFORMED, Rating.SOME)
COLORS = {
    "received_triaged": "#1f5fa8",
    "triaged_dispatched": "#c0392b",
    "dispatched_on_scene": "#2e8b57",
    "on_scene_resolved": "#8e44ad",
}


@dataclass
class DrillFigures:
    drill: Drill
    figures: dict[str, dict[str, float | None]]
    ratings: dict[str, str] = field(default_factory=dict)
    objectives: int = 0
    actions: int = 0
    closed_before: int = 0

    @property
    def performed(self) -> int:
        return sum(1 for rating in self.ratings.values() if rating in PERFORMED)

    @property
    def performed_percent(self) -> float | None:
        return 100 * self.performed / self.objectives if self.objectives else None

    @property
    def intervals(self) -> list[tuple[str, dict[str, float | None]]]:
        return [(key, self.figures[key]) for key, *_rest in INTERVALS]


@dataclass
class Series:
    label: object
    color: str
    points: str
    dots: list[tuple[float, float, str]]


@dataclass
class Chart:
    width: int
    height: int
    series: list[Series]
    xticks: list[tuple[float, str]]
    yticks: list[tuple[float, str]]
    left: int
    bottom: float
    right: float


@dataclass
class Comparison:
    event: Event
    rows: list[DrillFigures]
    codes: list[str]
    starts: dt.datetime

    def ratings_by_code(self) -> list[tuple[str, list[str]]]:
        return [(code, [row.ratings.get(code, "") for row in self.rows]) for code in self.codes]

    @property
    def actions(self) -> int:
        return sum(row.actions for row in self.rows)

    @property
    def closed_before(self) -> int:
        return sum(row.closed_before for row in self.rows)


def event_start(event: Event) -> dt.datetime:
    return dt.datetime.combine(event.starts_on, dt.time.min, tzinfo=event.tzinfo)


def series_of(event: Event) -> list[Drill]:
    """The drills of the event that have run, in the order they started."""
    return list(
        Drill.objects.filter(event=event, started_at__isnull=False)
        .exclude(state=DrillState.READY)
        .select_related("script", "event")
        .order_by("started_at", "pk")
    )


def compare(event: Event) -> Comparison:
    drills = series_of(event)
    reports = build_reports(drills)
    starts = event_start(event)
    rows = {d.pk: DrillFigures(d, reports[d.pk].figures()) for d in drills}
    per_script: dict[int, set[str]] = {}
    for script_id, code in Objective.objects.filter(
        script_id__in={d.script_id for d in drills}
    ).values_list("script_id", "code"):
        per_script.setdefault(script_id, set()).add(code)
    codes: set[str] = set()
    for row in rows.values():
        row.objectives = len(per_script.get(row.drill.script_id, ()))
        codes |= per_script.get(row.drill.script_id, set())
    for drill_id, code, rating in ObjectiveRating.objects.filter(drill_id__in=rows).values_list(
        "drill_id", "objective__code", "rating"
    ):
        rows[drill_id].ratings[code] = rating
    for drill_id, done_at in CorrectiveAction.objects.filter(
        drill_id__in=rows, task__isnull=False
    ).values_list("drill_id", "task__done_at"):
        rows[drill_id].actions += 1
        if done_at is not None and done_at < starts:
            rows[drill_id].closed_before += 1
    return Comparison(event, [rows[d.pk] for d in drills], sorted(codes), starts)


def _nice(top: float) -> float:
    """A round maximum for the y axis at or above ``top``."""
    if top <= 0:
        return 1
    step = 10.0 ** (len(str(int(top))) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        if top <= step * factor:
            return step * factor
    return top


def chart(comparison: Comparison, *, stat: str = "p50") -> Chart:
    """A line per interval of its ``stat`` (seconds, drill time) across the drills."""
    width, height, left, top, bottom_margin = 640, 260, 48, 12, 40
    right = width - 16
    bottom = height - bottom_margin
    rows = comparison.rows
    values = [
        row.figures[key][stat]
        for row in rows
        for key, *_rest in INTERVALS
        if row.figures[key][stat] is not None
    ]
    ymax = _nice(max((v for v in values if v is not None), default=0))

    def x(i: int) -> float:
        return left + (right - left) * ((i + 0.5) / max(1, len(rows)))

    def y(v: float) -> float:
        return bottom - (bottom - top) * v / ymax

    series = []
    for key, _start, _end, label in INTERVALS:
        dots = [
            (round(x(i), 1), round(y(v), 1), f"{v:.0f}")
            for i, row in enumerate(rows)
            if (v := row.figures[key][stat]) is not None
        ]
        points = " ".join(f"{px},{py}" for px, py, _t in dots)
        series.append(Series(label, COLORS[key], points, dots))
    xticks = [(round(x(i), 1), str(i + 1)) for i in range(len(rows))]
    yticks = [(round(y(ymax * k / 4), 1), f"{ymax * k / 4:g}") for k in range(5)]
    return Chart(width, height, series, xticks, yticks, left, bottom, right)


CHART_TITLE = _("p50 of each interval (drill seconds), drill by drill")

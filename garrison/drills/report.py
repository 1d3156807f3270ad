"""The after-action report's figures: each inject's timeline at the desk against its target.

Intervals are in drill time: a drill run at speed N happens N times faster than its script says,
so real intervals are multiplied by N to be read against the script's targets (at speed 1 they
are the real ones). Percentiles by nearest rank, like ops' statistics: a time that occurred.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from garrison.drills.models import Drill, Inject, Release, ReleaseState
from garrison.ops.incidents.timeline import STEPS, Timeline, timelines

INTERVALS: list[tuple[str, str, str, object]] = [
    ("received_triaged", "received", "triaged", _("Received → triaged")),
    ("triaged_dispatched", "triaged", "dispatched", _("Triaged → dispatched")),
    ("dispatched_on_scene", "dispatched", "on_scene", _("Dispatched → on scene")),
    ("on_scene_resolved", "on_scene", "resolved", _("On scene → resolved")),
]


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]


@dataclass
class Line:
    release: Release
    inject: Inject
    timeline: Timeline | None
    # Drill seconds from receipt to each step reached.
    since_received: dict[str, float] = field(default_factory=dict)
    intervals: dict[str, float] = field(default_factory=dict)
    target_seconds: int = 0
    achieved_seconds: float | None = None

    @property
    def met(self) -> bool | None:
        """True/False once judged; None while the step has not been reached (or not released)."""
        if self.achieved_seconds is None:
            return False if self.release.state == ReleaseState.RELEASED and self.done else None
        return self.achieved_seconds <= self.target_seconds

    @property
    def done(self) -> bool:
        return self.timeline is not None and self.timeline.status in ("resolved", "closed")


@dataclass
class Report:
    drill: Drill
    lines: list[Line]
    lags: list[float]

    def figures(self) -> dict[str, dict[str, float | None]]:
        out: dict[str, dict[str, float | None]] = {}
        for key, *_rest in INTERVALS:
            values = [line.intervals[key] for line in self.lines if key in line.intervals]
            out[key] = {
                "n": len(values),
                "p50": percentile(values, 50),
                "p90": percentile(values, 90),
            }
        return out

    @property
    def released(self) -> int:
        return sum(1 for line in self.lines if line.release.state == ReleaseState.RELEASED)

    @property
    def met(self) -> int:
        return sum(1 for line in self.lines if line.met)

    @property
    def missed(self) -> int:
        return sum(1 for line in self.lines if line.met is False)

    def lag(self, p: float) -> float | None:
        return percentile(self.lags, p)


def build_report(drill: Drill) -> Report:
    return build_reports([drill])[drill.pk]


def build_reports(drills: list[Drill]) -> dict[int, Report]:
    """The reports of several drills with one read of their releases and one of the desk's
    timelines (the comparison of a series reads ten drills at once)."""
    by_id = {drill.pk: drill for drill in drills}
    rows = list(
        Release.objects.filter(drill_id__in=by_id)
        .select_related("inject", "inject__objective", "inject__site", "inject__zone")
        .order_by("drill_id", "inject__offset_seconds", "inject__number")
    )
    lines_of = timelines(row.incident_id for row in rows if row.incident_id is not None)
    reports = {pk: Report(drill, [], []) for pk, drill in by_id.items()}
    for row in rows:
        drill, report = by_id[row.drill_id], reports[row.drill_id]
        timeline = lines_of.get(row.incident_id) if row.incident_id is not None else None
        line = Line(row, row.inject, timeline, target_seconds=row.inject.target_seconds)
        if timeline is not None:
            for step in STEPS:
                at = timeline.at(step)
                if at is not None:
                    line.since_received[step] = (
                        at - timeline.received
                    ).total_seconds() * drill.speed
            for key, start, end, _label in INTERVALS:
                if start in line.since_received and end in line.since_received:
                    line.intervals[key] = line.since_received[end] - line.since_received[start]
            line.achieved_seconds = line.since_received.get(row.inject.expected_stage)
        report.lines.append(line)
        if row.lag_seconds is not None:
            report.lags.append(row.lag_seconds)
    return reports

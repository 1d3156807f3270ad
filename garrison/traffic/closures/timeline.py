"""The "what is closed when" timeline: bars on one time axis that may run over several days.

Positions are percentages of the span from the first closing to the last reopening, in the
event's time zone. Ticks fall on round local times (a step chosen so there are at most about a
dozen); a tick at midnight, and the first tick, carry the date, so a bar that crosses midnight
reads as what it is. Labels use the 24-hour clock and day/month, as every traffic page does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import dateformat

from garrison.traffic.models import Closure

_STEPS_MINUTES = (5, 10, 15, 30, 60, 120, 180, 360, 720, 1440)
_MAX_TICKS = 12


def _local(at: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    return at.astimezone(tz)


def window_label(starts: dt.datetime, ends: dt.datetime, tz: dt.tzinfo) -> str:
    """ "15/12 07:10–07:40" on one day; "15/12 23:00 – 16/12 01:00" across midnight."""
    a, b = _local(starts, tz), _local(ends, tz)
    if a.date() == b.date():
        return f"{dateformat.format(a, 'd/m H:i')}–{dateformat.format(b, 'H:i')}"
    # Ending exactly at midnight belongs to the day before, written 24:00 as signs do.
    if b.time() == dt.time(0) and (b.date() - a.date()).days == 1:
        return f"{dateformat.format(a, 'd/m H:i')}–24:00"
    return f"{dateformat.format(a, 'd/m H:i')} – {dateformat.format(b, 'd/m H:i')}"


def _step(span_s: float) -> dt.timedelta:
    for minutes in _STEPS_MINUTES:
        if span_s / (minutes * 60) <= _MAX_TICKS:
            return dt.timedelta(minutes=minutes)
    days = int(span_s // (86400 * _MAX_TICKS)) + 1
    return dt.timedelta(days=days)


def _first_tick(start: dt.datetime, step: dt.timedelta) -> dt.datetime:
    """The first round local time at or after ``start`` for this step (midnight-aligned)."""
    midnight = start.replace(hour=0, minute=0, second=0, microsecond=0)
    step_s = step.total_seconds()
    elapsed = (start.replace(tzinfo=None) - midnight.replace(tzinfo=None)).total_seconds()
    steps = -(-elapsed // step_s)  # ceiling
    return midnight + dt.timedelta(seconds=steps * step_s)


def timeline(closures: list[Closure], tz: dt.tzinfo) -> dict[str, Any]:
    """Rows (closure, left %, width %, label) and ticks (time, left %, label) for the template."""
    if not closures:
        return {"rows": [], "ticks": [], "days": 0}
    start = _local(min(c.starts_at for c in closures), tz)
    last = _local(max(c.ends_at for c in closures), tz)
    span = max((last - start).total_seconds(), 60.0)

    def left(at: dt.datetime) -> float:
        return round((at - start).total_seconds() / span * 100, 2)

    rows = [
        {
            "closure": c,
            "left": left(c.starts_at),
            "width": max(0.5, round((c.ends_at - c.starts_at).total_seconds() / span * 100, 2)),
            "label": window_label(c.starts_at, c.ends_at, tz),
        }
        for c in closures
    ]
    step = _step(span)
    days = (last.date() - start.date()).days + 1
    ticks: list[dict[str, Any]] = []
    at = _first_tick(start, step)
    while at <= last:
        # Aware arithmetic in the event's zone is wall-clock: ticks stay on round local times.
        local = at
        dated = days > 1 and (not ticks or local.time() == dt.time(0))
        ticks.append(
            {
                "at": local,
                "left": left(local),
                "label": dateformat.format(local, "d/m H:i" if dated else "H:i"),
                "midnight": local.time() == dt.time(0),
            }
        )
        at += step
    return {"rows": rows, "ticks": ticks, "days": days}

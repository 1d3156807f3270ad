"""The roster rules, written once: the optimiser encodes them and hand edits are checked by them.

Times are whole-hour slots counted from the start of the roster's horizon. A member's schedule is
a list of shifts; adjacent shifts at the same post are one shift (the optimiser cannot tell them
apart either), and a shift at one post cannot run straight into a shift at another: that is a
rest of zero hours.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import zoneinfo
from dataclasses import dataclass

from django.utils.translation import gettext as _

NIGHT_FROM, NIGHT_UNTIL = 22, 6  # local hours counted as night work


@dataclass(frozen=True)
class Rules:
    min_shift: int = 4
    max_shift: int = 8
    min_rest: int = 8
    max_per_day: int = 12


@dataclass(frozen=True)
class Horizon:
    """``hours`` one-hour slots from ``start`` (aware, on the hour), read in time zone ``tz``."""

    start: dt.datetime
    hours: int
    tz: zoneinfo.ZoneInfo

    def at(self, slot: int) -> dt.datetime:
        return self.start + dt.timedelta(hours=slot)

    def slot(self, moment: dt.datetime) -> int:
        return int((moment - self.start).total_seconds() // 3600)

    @functools.cached_property
    def days(self) -> tuple[int, ...]:
        first = self.start.astimezone(self.tz).date()
        return tuple(
            (self.at(s).astimezone(self.tz).date() - first).days for s in range(self.hours)
        )

    def day(self, slot: int) -> int:
        """The local calendar day of the slot, counted from the horizon's first local day."""
        if 0 <= slot < self.hours:
            return self.days[slot]
        first = self.start.astimezone(self.tz).date()
        return (self.at(slot).astimezone(self.tz).date() - first).days

    def night(self, slot: int) -> bool:
        hour = self.at(slot).astimezone(self.tz).hour
        return hour >= NIGHT_FROM or hour < NIGHT_UNTIL

    def label(self, slot: int) -> str:
        return self.at(slot).astimezone(self.tz).strftime("%d/%m %H:%M")


def on_the_hour(moment: dt.datetime) -> bool:
    """Rosters are planned in whole hours: every window and shift starts and ends on the hour."""
    return moment.minute == 0 and moment.second == 0 and moment.microsecond == 0


@dataclass(frozen=True, order=True)
class Shift:
    start: int
    end: int  # exclusive
    post_id: int

    @property
    def hours(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Violation:
    code: str
    message: str


def merge(shifts: list[Shift]) -> list[Shift]:
    """Sorted, with back-to-back shifts at the same post joined into one."""
    merged: list[Shift] = []
    for shift in sorted(shifts):
        last = merged[-1] if merged else None
        if last is not None and last.post_id == shift.post_id and last.end == shift.start:
            merged[-1] = Shift(last.start, shift.end, last.post_id)
        else:
            merged.append(shift)
    return merged


def check(shifts: list[Shift], rules: Rules, horizon: Horizon) -> list[Violation]:
    """Every way this one member's schedule breaks the rules; empty when it keeps them all.

    A shift cut by the start or end of the horizon may be shorter than the minimum: its other
    part lies outside what is being planned.
    """
    found: list[Violation] = []
    schedule = merge(shifts)
    for shift in schedule:
        if shift.start < 0 or shift.end > horizon.hours:
            found.append(
                Violation("outside_horizon", _("The shift lies outside the roster's period."))
            )
        edge = shift.start <= 0 or shift.end >= horizon.hours
        if shift.hours < rules.min_shift and not edge:
            found.append(
                Violation(
                    "shift_too_short",
                    _("The shift from %(at)s is %(h)d h; the shortest allowed is %(min)d h.")
                    % {"at": horizon.label(shift.start), "h": shift.hours, "min": rules.min_shift},
                )
            )
        if shift.hours > rules.max_shift:
            found.append(
                Violation(
                    "shift_too_long",
                    _("The shift from %(at)s is %(h)d h; the longest allowed is %(max)d h.")
                    % {"at": horizon.label(shift.start), "h": shift.hours, "max": rules.max_shift},
                )
            )
    for before, after in itertools.pairwise(schedule):
        if after.start < before.end:
            found.append(
                Violation(
                    "two_places",
                    _("Already on another post at %(at)s.") % {"at": horizon.label(after.start)},
                )
            )
        elif after.start - before.end < rules.min_rest:
            found.append(
                Violation(
                    "rest_too_short",
                    _("Only %(h)d h of rest before %(at)s; at least %(min)d h are required.")
                    % {
                        "h": after.start - before.end,
                        "at": horizon.label(after.start),
                        "min": rules.min_rest,
                    },
                )
            )
    per_day: dict[int, int] = {}
    for shift in schedule:
        for slot in range(max(shift.start, 0), min(shift.end, horizon.hours)):
            per_day[horizon.day(slot)] = per_day.get(horizon.day(slot), 0) + 1
    for day, hours in sorted(per_day.items()):
        if hours > rules.max_per_day:
            date = (horizon.start.astimezone(horizon.tz) + dt.timedelta(days=day)).date()
            found.append(
                Violation(
                    "too_many_hours",
                    _("%(h)d h on %(day)s; at most %(max)d h a day.")
                    % {"h": hours, "day": date.strftime("%d/%m"), "max": rules.max_per_day},
                )
            )
    return found

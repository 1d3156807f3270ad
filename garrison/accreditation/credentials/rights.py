"""A person's effective zone rights: the category's grants, plus extras, minus removals.

The result is what a credential freezes and signs (its zone set) and what a scanner checks
the hour against (``ZoneWindow``). Pure functions over already-loaded rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from garrison.accreditation.models import CategoryGrant, PersonGrant, Window


@dataclass(frozen=True)
class ZoneWindow:
    """Days (ISO dates, inclusive) and daily minutes [start, end) in the event's time zone.

    ``start_minute``/``end_minute`` None: the whole day. Kept as plain values so the same
    shape goes to the scanner as JSON (``as_json``) and the shared rules compare it there.
    """

    first_day: str
    last_day: str
    start_minute: int | None
    end_minute: int | None

    @classmethod
    def of(cls, grant: Window) -> ZoneWindow:
        def minutes(value: dt.time | None) -> int | None:
            return None if value is None else value.hour * 60 + value.minute

        whole_day = grant.daily_start is None or grant.daily_end is None
        return cls(
            first_day=grant.first_day.isoformat(),
            last_day=grant.last_day.isoformat(),
            start_minute=None if whole_day else minutes(grant.daily_start),
            end_minute=None if whole_day else minutes(grant.daily_end),
        )

    def as_json(self) -> list[Any]:
        return [self.first_day, self.last_day, self.start_minute, self.end_minute]

    @classmethod
    def from_json(cls, data: list[Any]) -> ZoneWindow:
        return cls(str(data[0]), str(data[1]), data[2], data[3])


def effective_rights(
    category_grants: Iterable[CategoryGrant], person_grants: Iterable[PersonGrant]
) -> dict[int, ZoneWindow]:
    """Zone id → window. A person's extra replaces the category's window for that zone."""
    rights = {grant.zone_id: ZoneWindow.of(grant) for grant in category_grants}
    for change in person_grants:
        if change.kind == PersonGrant.Kind.REMOVAL:
            rights.pop(change.zone_id, None)
        else:
            rights[change.zone_id] = ZoneWindow.of(change)
    return rights


def validity_span(
    rights: dict[int, ZoneWindow], tz: dt.tzinfo
) -> tuple[dt.datetime, dt.datetime] | None:
    """From the first granted day's start to the last granted day's end (event time zone)."""
    if not rights:
        return None
    first = min(window.first_day for window in rights.values())
    last = max(window.last_day for window in rights.values())
    start = dt.datetime.combine(dt.date.fromisoformat(first), dt.time(0), tzinfo=tz)
    end = dt.datetime.combine(
        dt.date.fromisoformat(last) + dt.timedelta(days=1), dt.time(0), tzinfo=tz
    )
    return start, end

"""When a tour's rounds start and in which order they walk its points (pure: no database).

Fixed schedules (every N minutes, at set times) walk the points in the tour's order. A randomised
schedule makes one round per period at a random moment of it, and walks the points in a random
order in which the riskier places tend to come first (a weighted random permutation); the
randomness is keyed with the server's secret, so every worker computes the same rounds and a
watcher who knows the tour cannot compute the next one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import random
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Plan:
    tour_id: int
    kind: str  # "every", "at" or "random"
    every: dt.timedelta
    times: tuple[dt.time, ...]
    day_start: dt.time | None
    day_end: dt.time | None
    walk: dt.timedelta
    ordered: bool
    points: tuple[tuple[int, int], ...]  # (point id, risk) in the tour's order


def _days(start: dt.datetime, end: dt.datetime, tz: ZoneInfo) -> Iterator[dt.date]:
    day = start.astimezone(tz).date() - dt.timedelta(days=1)
    while day <= end.astimezone(tz).date():
        yield day
        day += dt.timedelta(days=1)


def _open_hours(plan: Plan, day: dt.date, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    opens = dt.datetime.combine(day, plan.day_start or dt.time(0), tzinfo=tz)
    closes = dt.datetime.combine(day, plan.day_end or dt.time(0), tzinfo=tz)
    if closes <= opens:  # to the end of the day, or across midnight
        closes += dt.timedelta(days=1)
    return opens, closes


def _rng(plan: Plan, moment: dt.datetime, secret: str) -> random.Random:
    key = f"{plan.tour_id}:{moment.timestamp():.0f}".encode()
    digest = hmac.new(secret.encode(), key, hashlib.sha256).digest()
    # The secret is in the HMAC key; the generator only spreads its digest over the choices.
    return random.Random(int.from_bytes(digest[:8], "big"))  # noqa: S311


def starts(
    plan: Plan, start: dt.datetime, end: dt.datetime, tz: ZoneInfo, secret: str
) -> list[dt.datetime]:
    """The rounds' start times in [start, end), in order."""
    found: set[dt.datetime] = set()
    for day in _days(start, end, tz):
        opens, closes = _open_hours(plan, day, tz)
        if plan.kind == "at":
            for at in plan.times:
                moment = dt.datetime.combine(day, at, tzinfo=tz)
                if moment < opens:
                    moment += dt.timedelta(days=1)
                if opens <= moment < closes:
                    found.add(moment)
            continue
        period = max(plan.every, dt.timedelta(minutes=5))
        moment = opens
        while moment < closes:
            if plan.kind == "random":
                # Anywhere in the period that leaves time to walk the round inside it.
                room = max(period - plan.walk, dt.timedelta(0)).total_seconds()
                offset = dt.timedelta(seconds=int(_rng(plan, moment, secret).random() * room))
                found.add(moment + offset)
            else:
                found.add(moment)
            moment += period
    return sorted(moment for moment in found if start <= moment < end)


def order(plan: Plan, moment: dt.datetime, secret: str) -> list[int]:
    """The point ids in the order the round starting at ``moment`` walks them."""
    ids = [point for point, _risk in plan.points]
    if plan.kind != "random":
        return ids
    rng = _rng(plan, moment, secret + ":order")
    # Efraimidis–Spirakis: each point draws u^(1/risk); sorting by it is a random permutation in
    # which a point of risk 3 comes before one of risk 1 more often.
    keyed = [(rng.random() ** (1 / max(risk, 1)), point) for point, risk in plan.points]
    return [point for _key, point in sorted(keyed, reverse=True)]


def due_by(
    plan: Plan, moment: dt.datetime, position: int, count: int, grace: dt.timedelta
) -> dt.datetime:
    """When the point at ``position`` of a round is late: ordered tours pace the walk evenly,
    unordered ones give every point the whole round."""
    share = (position + 1) / count if plan.ordered and count else 1.0
    return moment + plan.walk * share + grace

"""The rounds the tours' schedules ask for, and the check that finds the late ones.

``check_rounds`` runs every few seconds (the workers' schedule, or the demo's server: apps.py). It
plans the rounds of the next hours, and judges each started round by the time its plaques were
scanned — on the phone, not when the phone synced: a point whose share of the walk plus the
grace has passed unscanned is announced late on the live picture, and a round that ends with a
point unscanned is an incident on the desk. A scan made in time but synced after that clears the
round again.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from garrison.events.models import Event
from garrison.ops.incidents.services import raise_incident
from garrison.ops.models import Severity, Source
from garrison.patrols import schedule
from garrison.patrols.live_events import ROUND_CHANGED
from garrison.patrols.models import Point, Round, Stop, Tour, Visit

AHEAD = dt.timedelta(hours=3)  # rounds are planned this far ahead (the phones show them)
# And this far back (never before the tour was made), for a server that was down.
BEHIND = dt.timedelta(hours=2)
PLAN_STEP = dt.timedelta(minutes=10)  # plan again once the horizon is this much closer
EARLY = dt.timedelta(minutes=10)  # a scan this long before a round's start still counts for it


def plan_of(tour: Tour, points: tuple[tuple[int, int], ...] | None = None) -> schedule.Plan:
    """The tour's schedule; its points (id, risk) as given, else read from its stops."""
    if points is None:
        points = tuple(
            (stop.point_id, stop.point.risk) for stop in tour.stops.select_related("point")
        )
    return schedule.Plan(
        tour_id=tour.pk,
        kind=tour.schedule,
        every=dt.timedelta(minutes=tour.every_minutes),
        times=tuple(dt.time.fromisoformat(t) for t in tour.times),
        day_start=tour.day_start,
        day_end=tour.day_end,
        walk=dt.timedelta(minutes=tour.walk_minutes),
        ordered=tour.ordered,
        points=points,
    )


def plan_rounds(now: dt.datetime) -> int:
    """Make the rounds of every active tour up to ``now + AHEAD``, from where the last planning
    stopped (at most ``BEHIND`` back, never before the tour was made); how many were made. A
    round already planned stays as it is (unique per tour and start)."""
    made: list[Round] = []
    until = now + AHEAD
    tours = Tour.objects.filter(active=True).exclude(planned_until__gte=until - PLAN_STEP)
    planned: list[int] = []
    # One join for every tour's points (a list of ids in an IN clause would not scale to
    # thousands of tours on SQLite).
    stops: dict[int, list[tuple[int, int]]] = {}
    rows = Stop.objects.filter(tour__in=tours).order_by("tour_id", "position")
    for tour_id, point_id, risk in rows.values_list("tour_id", "point_id", "point__risk"):
        stops.setdefault(tour_id, []).append((point_id, risk))
    for tour in tours.select_related("event"):
        event: Event = tour.event
        first, last = event.starts_on - dt.timedelta(days=1), event.ends_on + dt.timedelta(days=1)
        if not first <= now.date() <= last:
            continue
        plan = plan_of(tour, tuple(stops.get(tour.pk, ())))
        planned.append(tour.pk)
        if not plan.points:
            continue
        grace = dt.timedelta(minutes=tour.grace_minutes)
        tz = ZoneInfo(event.time_zone)
        since = max(now - BEHIND, tour.created, tour.planned_until or tour.created)
        for start in schedule.starts(plan, since, until, tz, settings.SECRET_KEY):
            made.append(
                Round(
                    tour=tour,
                    starts_at=start,
                    ends_at=start + plan.walk + grace,
                    order=schedule.order(plan, start, settings.SECRET_KEY),
                )
            )
    Round.objects.bulk_create(made, ignore_conflicts=True, batch_size=500)
    for chunk in range(0, len(planned), 500):
        Tour.objects.filter(pk__in=planned[chunk : chunk + 500]).update(planned_until=until)
    return len(made)


Scans = dict[int, list[dt.datetime]]  # point id -> its scans' times, in order


def _scans(rounds: list[Round]) -> Scans:
    """The scans in the time of any of ``rounds``: one query for a whole check."""
    found: Scans = {}
    if not rounds:
        return found
    rows = Visit.objects.filter(
        event_id__in={round_.tour.event_id for round_ in rounds},
        scanned_at__gte=min(round_.starts_at for round_ in rounds) - EARLY,
        scanned_at__lte=max(round_.ends_at for round_ in rounds),
    ).order_by("scanned_at")
    for point_id, at in rows.values_list("point_id", "scanned_at"):
        found.setdefault(point_id, []).append(at)
    return found


def _first_in(times: list[dt.datetime], start: dt.datetime, end: dt.datetime) -> dt.datetime | None:
    index = bisect.bisect_left(times, start)
    return times[index] if index < len(times) and times[index] <= end else None


def _deadlines(round_: Round) -> list[dt.datetime]:
    tour = round_.tour
    plan = plan_of(tour, points=())
    grace = dt.timedelta(minutes=tour.grace_minutes)
    count = len(round_.order)
    return [schedule.due_by(plan, round_.starts_at, i, count, grace) for i in range(count)]


def judge(
    round_: Round, now: dt.datetime, scans: Scans | None = None
) -> tuple[list[int], list[int]]:
    """(points overdue now and unscanned, points scanned after their own time) of ``round_``."""
    scans = _scans([round_]) if scans is None else scans
    overdue: list[int] = []
    late: list[int] = []
    for point_id, due in zip(round_.order, _deadlines(round_), strict=True):
        at = _first_in(scans.get(point_id, []), round_.starts_at - EARLY, round_.ends_at)
        if at is None:
            if due <= now:
                overdue.append(point_id)
        elif at > due:
            late.append(point_id)
    return overdue, late


def _to_judge(round_: Round, now: dt.datetime) -> bool:
    """Whether anything about ``round_`` can have changed by ``now``: it has ended, or a point's
    own time has passed that is not yet announced. Most started rounds wait for neither."""
    if round_.ends_at <= now:
        return True
    return any(
        due <= now and point_id not in round_.missing
        for point_id, due in zip(round_.order, _deadlines(round_), strict=True)
    )


def _names(ids: list[int]) -> list[str]:
    names = dict(Point.objects.filter(pk__in=ids).values_list("pk", "name"))
    return [names.get(pk, "?") for pk in ids]


def _emit(round_: Round, state: str, missing: list[int]) -> None:
    ROUND_CHANGED.emit(
        round_.tour.event,
        {"id": round_.pk, "tour": round_.tour.name, "state": state, "missing": _names(missing)},
    )


def _raise_incident(round_: Round, missing: list[int]) -> None:
    first = Point.objects.filter(pk=missing[0]).first()
    names = ", ".join(_names(missing))
    with override(settings.LANGUAGE_CODE):
        text = _(
            "Patrol round not completed: %(tour)s (started %(start)s). Not scanned: %(points)s."
        ) % {
            "tour": round_.tour.name,
            "start": timezone.localtime(
                round_.starts_at, ZoneInfo(round_.tour.event.time_zone)
            ).strftime("%H:%M"),
            "points": names,
        }
    raise_incident(
        round_.tour.event,
        type_code="other",
        severity=Severity.MEDIUM,
        description=text,
        point=(first.lat, first.lon) if first else None,
        source=Source.PATROL,
        actor_label="system:patrols",
    )


JUDGED_PER_TRANSACTION = 100  # short write transactions: scans keep flowing during a check


def check_rounds(now: dt.datetime | None = None) -> int:
    """Plan ahead, then judge the started rounds; how many rounds changed state."""
    now = now or timezone.now()
    plan_rounds(now)
    started = Round.objects.filter(state=Round.State.PLANNED, starts_at__lte=now)
    due = [r for r in started.select_related("tour__event") if _to_judge(r, now)]
    changed = 0
    for chunk in range(0, len(due), JUDGED_PER_TRANSACTION):
        batch = due[chunk : chunk + JUDGED_PER_TRANSACTION]
        with transaction.atomic():
            # Read again under the lock: a scan synced meanwhile may have changed a round.
            locked = list(
                Round.objects.select_for_update()
                .select_related("tour__event")
                .filter(pk__in=[r.pk for r in batch], state=Round.State.PLANNED)
            )
            scans = _scans(locked)
            for round_ in locked:
                changed += _judge_and_tell(round_, now, scans)
    return changed


def _judge_and_tell(round_: Round, now: dt.datetime, scans: Scans) -> int:
    overdue, late = judge(round_, now, scans)
    if round_.ends_at <= now:
        if overdue:
            round_.state = Round.State.MISSED
        else:
            round_.state = Round.State.LATE if late else Round.State.DONE
        round_.missing = overdue
        if overdue:
            round_.alerted_at = now
            _raise_incident(round_, overdue)
        round_.save(update_fields=["state", "missing", "alerted_at"])
        _emit(round_, round_.state, overdue)
        return 1
    newly = [pk for pk in overdue if pk not in round_.missing]
    if newly:  # a point's own time passed: say so before the round ends
        round_.missing = [*round_.missing, *newly]
        round_.save(update_fields=["missing"])
        _emit(round_, "point_late", newly)
    return 0


def recheck(round_ids: set[int], now: dt.datetime) -> None:
    """A scan synced late may complete a round already judged incomplete: judge it again."""
    for round_ in Round.objects.filter(pk__in=round_ids, state=Round.State.MISSED).select_related(
        "tour__event"
    ):
        overdue, late = judge(round_, max(now, round_.ends_at))
        if overdue and overdue != round_.missing:
            round_.missing = overdue
            round_.save(update_fields=["missing"])
        elif not overdue:
            round_.state = Round.State.LATE if late else Round.State.DONE
            round_.missing = []
            round_.save(update_fields=["state", "missing"])
            _emit(round_, "cleared", [])


def rounds_by_point(tour_ids: list[int], since: dt.datetime) -> dict[int, list[Round]]:
    found: dict[int, list[Round]] = defaultdict(list)
    for round_ in Round.objects.filter(tour_id__in=tour_ids, ends_at__gte=since):
        for point_id in round_.order:
            found[point_id].append(round_)
    return found

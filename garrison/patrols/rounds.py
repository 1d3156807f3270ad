"""The rounds the tours' schedules ask for, and the check that finds the late ones.

``check_rounds`` runs every few seconds (the workers' schedule, or the demo's server: apps.py). It
plans the rounds of the next hours, and judges each started round by the time its plaques were
scanned — on the phone, not when the phone synced: a point whose share of the walk plus the
grace has passed unscanned is announced late on the live picture, and a round that ends with a
point unscanned is an incident on the desk. A scan made in time but synced after that clears the
round again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from garrison.events.models import Event
from garrison.ops.incidents.alerts import AlertData, raise_alert
from garrison.ops.incidents.services import Location
from garrison.ops.models import Severity, Source
from garrison.patrols import schedule
from garrison.patrols.live_events import ROUND_CHANGED
from garrison.patrols.models import Point, Round, Tour, Visit

AHEAD = dt.timedelta(hours=3)  # rounds are planned this far ahead (the phones show them)
BEHIND = dt.timedelta(
    hours=2
)  # and this far back (not before the tour), for a server that was down
EARLY = dt.timedelta(minutes=10)  # a scan this long before a round's start still counts for it


def plan_of(tour: Tour) -> schedule.Plan:
    return schedule.Plan(
        tour_id=tour.pk,
        kind=tour.schedule,
        every=dt.timedelta(minutes=tour.every_minutes),
        times=tuple(dt.time.fromisoformat(t) for t in tour.times),
        day_start=tour.day_start,
        day_end=tour.day_end,
        walk=dt.timedelta(minutes=tour.walk_minutes),
        ordered=tour.ordered,
        points=tuple((stop.point_id, stop.point.risk) for stop in tour.stops.all()),
    )


def plan_rounds(now: dt.datetime) -> int:
    """Make the rounds of every active tour from ``now - BEHIND`` to ``now + AHEAD``; how many
    were new (a round already planned stays as it is: unique per tour and start)."""
    made: list[Round] = []
    tours = Tour.objects.filter(active=True).select_related("event")
    for tour in tours.prefetch_related("stops__point"):
        event: Event = tour.event
        if (
            not event.starts_on - dt.timedelta(days=1)
            <= now.date()
            <= event.ends_on + dt.timedelta(days=1)
        ):
            continue
        plan = plan_of(tour)
        if not plan.points:
            continue
        grace = dt.timedelta(minutes=tour.grace_minutes)
        tz = ZoneInfo(event.time_zone)
        since = max(now - BEHIND, tour.created)
        for start in schedule.starts(plan, since, now + AHEAD, tz, settings.SECRET_KEY):
            made.append(
                Round(
                    tour=tour,
                    starts_at=start,
                    ends_at=start + plan.walk + grace,
                    order=schedule.order(plan, start, settings.SECRET_KEY),
                )
            )
    if not made:
        return 0
    before = Round.objects.count()
    Round.objects.bulk_create(made, ignore_conflicts=True)
    return Round.objects.count() - before


def _visited(round_: Round) -> dict[int, dt.datetime]:
    """Each of the round's points' first scan inside the round's time."""
    first: dict[int, dt.datetime] = {}
    visits = Visit.objects.filter(
        point_id__in=round_.order,
        scanned_at__gte=round_.starts_at - EARLY,
        scanned_at__lte=round_.ends_at,
    ).values_list("point_id", "scanned_at")
    for point_id, at in visits:
        if point_id not in first or at < first[point_id]:
            first[point_id] = at
    return first


def judge(round_: Round, now: dt.datetime) -> tuple[list[int], list[int]]:
    """(points overdue now and unscanned, points scanned after their own time) of ``round_``."""
    tour = round_.tour
    plan = plan_of(tour)
    grace = dt.timedelta(minutes=tour.grace_minutes)
    visited = _visited(round_)
    overdue: list[int] = []
    late: list[int] = []
    for position, point_id in enumerate(round_.order):
        due = schedule.due_by(plan, round_.starts_at, position, len(round_.order), grace)
        at = visited.get(point_id)
        if at is None:
            if due <= now:
                overdue.append(point_id)
        elif at > due:
            late.append(point_id)
    return overdue, late


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
    raise_alert(
        round_.tour.event,
        AlertData(
            type_code="other",
            severity=Severity.MEDIUM,
            description=text,
            source=Source.PATROL,
            location=Location(
                lat=first.lat if first else None,
                lon=first.lon if first else None,
                text=first.name if first else "",
            ),
            raised_by="system:patrols",
        ),
    )


def check_rounds(now: dt.datetime | None = None) -> int:
    """Plan ahead, then judge the started rounds; how many rounds changed state."""
    now = now or timezone.now()
    plan_rounds(now)
    changed = 0
    started = Round.objects.filter(state=Round.State.PLANNED, starts_at__lte=now).select_related(
        "tour__event"
    )
    for round_ in started.prefetch_related("tour__stops__point"):
        with transaction.atomic():
            round_ = (
                Round.objects.select_for_update().select_related("tour__event").get(pk=round_.pk)
            )
            if round_.state != Round.State.PLANNED:
                continue
            overdue, late = judge(round_, now)
            newly = [pk for pk in overdue if pk not in round_.missing]
            if round_.ends_at <= now:
                round_.state = (
                    Round.State.MISSED
                    if overdue
                    else Round.State.LATE
                    if late
                    else Round.State.DONE
                )
                round_.missing = overdue
                if overdue:
                    round_.alerted_at = now
                    _raise_incident(round_, overdue)
                round_.save(update_fields=["state", "missing", "alerted_at"])
                _emit(round_, round_.state, overdue)
                changed += 1
            elif newly:  # a point's own time passed: say so before the round ends
                round_.missing = [*round_.missing, *newly]
                round_.save(update_fields=["missing"])
                _emit(round_, "point_late", newly)
    return changed


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

"""Patrol lateness: how soon after a round's grace period ends its alert is raised.

TOURS tours of four plaques each, every hour, 30 minutes to walk and 10 minutes' grace, all
starting their rounds at the same minute (the worst case for one check). Nine rounds in ten are
walked in time (their scans stored); the tenth is left half done. The checker then runs as the
workers run it, every CHECK_EVERY seconds (patrols/apps.py), on a clock stepped from the grace
period's end; for each incomplete round the alert's delay is the time from the end of its grace
to the moment the check that raised it finished. Prints the planning time, the check's duration
and the delay's p50/p99/max beside the issue's target of 60 s.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid

from _django import make_event, percentile, setup

TOURS = int(os.environ.get("BENCH_TOURS", "1000"))
MISSED_EVERY = 10

setup()

from django.utils import timezone  # noqa: E402

from garrison.ops.models import Incident, Source  # noqa: E402
from garrison.patrols.apps import CHECK_EVERY  # noqa: E402
from garrison.patrols.models import Point, Round, Stop, Tour, Visit  # noqa: E402
from garrison.patrols.services.rounds import check_rounds, plan_rounds  # noqa: E402


def _world() -> dt.datetime:
    event = make_event("patrol-bench", "Patrol bench")
    today = timezone.localdate(timezone=event.tzinfo)
    event.starts_on, event.ends_on = today, today + dt.timedelta(days=1)
    event.save()
    made = timezone.now() - dt.timedelta(hours=3)
    points = Point.objects.bulk_create(
        Point(event=event, serial=500_001 + n, name=f"P{n}", lat=21.02 + n * 1e-5, lon=105.84)
        for n in range(TOURS * 4)
    )
    tours = Tour.objects.bulk_create(
        Tour(event=event, name=f"T{n}", walk_minutes=30, grace_minutes=10) for n in range(TOURS)
    )
    Tour.objects.update(created=made)
    Stop.objects.bulk_create(
        Stop(tour=tour, point=points[4 * n + k], position=k)
        for n, tour in enumerate(tours)
        for k in range(4)
    )
    return timezone.now()


def main() -> None:
    now = _world()
    started = time.perf_counter()
    planned = plan_rounds(now)
    print(f"planning: {planned} rounds for {TOURS} tours in {time.perf_counter() - started:.2f} s")
    # The round that started last on the hour, for every tour at once.
    start = Round.objects.filter(starts_at__lte=now).order_by("-starts_at").first()
    assert start is not None
    # Only this hour's rounds are measured: the earlier ones of the last two hours go.
    Round.objects.filter(starts_at__lt=start.starts_at).delete()
    rounds = list(Round.objects.filter(starts_at=start.starts_at).select_related("tour"))
    visits = []
    for n, round_ in enumerate(rounds):
        walked = round_.order[:2] if n % MISSED_EVERY == 0 else round_.order
        visits += [
            Visit(
                event_id=round_.tour.event_id,
                client_id=uuid.uuid4(),
                point_id=point_id,
                round=round_,
                scanned_at=round_.starts_at + dt.timedelta(minutes=3 + 5 * k),
                received_at=round_.starts_at + dt.timedelta(minutes=3 + 5 * k),
            )
            for k, point_id in enumerate(walked)
        ]
    Visit.objects.bulk_create(visits, batch_size=2000)
    end = rounds[0].ends_at
    delays: list[float] = []
    durations: list[float] = []
    tick = end - dt.timedelta(seconds=CHECK_EVERY / 2)  # the checks fall anywhere around the end
    while len(delays) < len(rounds) // MISSED_EVERY and tick < end + dt.timedelta(minutes=5):
        before = Incident.objects.filter(source=Source.PATROL).count()
        began = time.perf_counter()
        check_rounds(tick)
        took = time.perf_counter() - began
        durations.append(took)
        raised = Incident.objects.filter(source=Source.PATROL).count() - before
        lag = max(0.0, (tick - end).total_seconds()) + took
        delays += [lag] * raised
        tick += dt.timedelta(seconds=CHECK_EVERY)
    print(
        f"check: {len(rounds)} rounds ending together, {len(delays)} incomplete; one check "
        f"p50 {percentile(durations, 50):.2f} s, max {max(durations):.2f} s"
    )
    print(
        f"alert delay after the grace period: p50 {percentile(delays, 50):.1f} s, "
        f"p99 {percentile(delays, 99):.1f} s, max {max(delays):.1f} s (target ≤ 60 s; checks every "
        f"{CHECK_EVERY:.0f} s; whatever the phase, at most {CHECK_EVERY + max(durations):.1f} s)"
    )


if __name__ == "__main__":
    main()

"""Drill figures: release lag of a long script at 60× with automated players, and the report.

A script of INJECTS injects, one every SPACING drill seconds, runs at SPEED× through the real
desk. Injects are released as a worker releases them: its schedule thread calls the drills' tick
once a second (garrison/core/worker.py ``TICK``), and the tick waits within its lookahead for
what falls due before the next one. Simulated players (``drills.players``) work every inject in
the main thread meanwhile, like a busy desk sharing the database. Prints the release lag (real
seconds from due to released) p50/p99/max, the time to build the after-action report, and its
intervals. Targets (issue 17): lag p99 ≤ 1 s, report ≤ 10 s.

Then the comparison of a series: COMPARE_DRILLS drills of COMPARE_INJECTS injects each, their
desk rows written directly (incidents, transitions, assignments), rated and with corrective
actions; the page "Drills compared" is requested as the commander, and the server time of each
request (the view, its queries and its template) is printed. Target: ≤ 300 ms.
BENCH_DRILLS picks the parts (default "release,compare").
"""

from __future__ import annotations

import os
import threading
import time

from _django import make_event, percentile, setup

INJECTS = int(os.environ.get("BENCH_INJECTS", "300"))
SPACING = float(os.environ.get("BENCH_SPACING", "6"))  # drill seconds between injects
SPEED = int(os.environ.get("BENCH_SPEED", "60"))
UNITS = int(os.environ.get("BENCH_UNITS", "40"))
WORKER_TICK = 1.0
COMPARE_DRILLS = int(os.environ.get("BENCH_COMPARE_DRILLS", "10"))
COMPARE_INJECTS = int(os.environ.get("BENCH_COMPARE_INJECTS", "40"))
PARTS = set(os.environ.get("BENCH_DRILLS", "release,compare").split(","))

setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from garrison.accounts.models import Membership, Role  # noqa: E402
from garrison.conftest import make_member  # noqa: E402
from garrison.drills.models import (  # noqa: E402
    DrillScript,
    Inject,
    InjectKind,
    Release,
    ReleaseState,
)
from garrison.drills.players import Players  # noqa: E402
from garrison.drills.report import INTERVALS, build_report  # noqa: E402
from garrison.drills.running import services  # noqa: E402
from garrison.drills.running.services import release  # noqa: E402
from garrison.events.models import Site, SiteKind  # noqa: E402
from garrison.forces.models import Unit  # noqa: E402


def build() -> tuple[Membership, DrillScript]:
    event = make_event("bench-drills", "Bench drills")
    make_member(event, Role.COMMANDER, "bench-commander")
    make_member(event, Role.DISPATCHER, "bench-dispatcher")
    site = Site.objects.create(
        event=event, name="Venue", kind=SiteKind.VENUE, lat=21.0228, lon=105.8443
    )
    for n in range(UNITS):
        unit = Unit.objects.create(
            event=event,
            name=f"Team {n}",
            code=f"T{n}",
            type="police",
            lat=21.0228 + n / 5000,
            lon=105.8443,
        )
        unit.path = f"/{unit.pk}/"
        unit.save(update_fields=["path"])
    script = DrillScript.objects.create(event=event, name="Bench", created_at=timezone.now())
    codes = ["medical", "crowd", "suspicious_object", "traffic", "fire"]
    Inject.objects.bulk_create(
        Inject(
            script=script,
            number=n + 1,
            offset_seconds=round(n * SPACING),
            kind=InjectKind.INCIDENT,
            incident_type=codes[n % len(codes)],
            site=site,
            severity=1 + n % 4,
            text=f"Bench inject {n + 1}",
            expected_action="Dispatch",
            target_seconds=180,
        )
        for n in range(INJECTS)
    )
    controller = Membership.objects.select_related("user", "event").get(
        event=event, role=Role.COMMANDER
    )
    return controller, script


def worker(stop: threading.Event) -> None:
    """A worker's schedule thread: the drills' tick once a second."""
    try:
        while not stop.is_set():
            started = time.monotonic()
            release.tick()
            stop.wait(max(0.0, WORKER_TICK - (time.monotonic() - started)))
    finally:
        connection.close()


def release_bench() -> None:
    controller, script = build()
    drill = services.start_drill(controller, services.create_drill(controller, script, speed=SPEED))
    players = Players(drill, seed=1)
    stop = threading.Event()
    thread = threading.Thread(target=worker, args=(stop,), daemon=True)
    thread.start()
    started = time.monotonic()
    expected = INJECTS * SPACING / SPEED
    print(f"{INJECTS} injects every {SPACING:g} drill s at {SPEED}×: ~{expected:.0f} s of releases")
    while Release.objects.filter(drill=drill, state=ReleaseState.PENDING).exists():
        players.step()
        time.sleep(0.05)
    settle = time.monotonic()
    while players.busy and time.monotonic() - settle < 30:
        players.step()
        time.sleep(0.05)
    stop.set()
    thread.join()
    drill.refresh_from_db()
    services.stop_drill(controller, drill)
    print(f"run: {time.monotonic() - started:.1f} s; player errors: {players.errors}")
    lags = [
        lag
        for lag in Release.objects.filter(drill=drill).values_list("lag_seconds", flat=True)
        if lag is not None
    ]
    print(
        f"release lag (s): n {len(lags)}  p50 {percentile(lags, 50):.3f}  "
        f"p99 {percentile(lags, 99):.3f}  max {max(lags):.3f}   (target p99 ≤ 1 s)"
    )
    begun = time.perf_counter()
    report = build_report(drill)
    figures = report.figures()
    print(f"after-action report: {time.perf_counter() - begun:.2f} s   (target ≤ 10 s)")
    print(f"released {report.released}, targets met {report.met}, missed {report.missed}")
    for key, *_rest in INTERVALS:
        row = figures[key]
        p50, p90 = row["p50"], row["p90"]
        print(f"  {key:<22} n {row['n']:>4.0f}  p50 {p50 or 0:>6.0f} s  p90 {p90 or 0:>6.0f} s")


def compare_bench() -> None:
    import datetime as dt
    import random

    from django.db.models import Max
    from django.test import Client

    from garrison.conftest import verified_client
    from garrison.drills.models import CorrectiveAction, ObjectiveRating
    from garrison.drills.series.compare import compare
    from garrison.drills.tests.factories import make_script, make_timed_drill
    from garrison.planning.tasks.models import Task

    event = make_event("bench-compare", "Bench compare")
    commander = make_member(event, Role.COMMANDER, "bench-compare-commander")
    unit = Unit.objects.create(event=event, name="Team", code="T", type="police")
    rng = random.Random(17)  # figures for a benchmark, not a secret
    now = timezone.now()
    for n in range(COMPARE_DRILLS):
        script = make_script(event, minutes=tuple(range(COMPARE_INJECTS)))
        # Each drill a little faster than the one before, as a series should be.
        pace = 1.0 - n * 0.05
        steps = [
            tuple(round(pace * rng.uniform(0.5, 1.5) * base) for base in (45, 60, 240, 400))
            for _ in range(COMPARE_INJECTS)
        ]
        started = now - dt.timedelta(days=3 * (COMPARE_DRILLS - n))
        drill = make_timed_drill(event, started, steps, unit=unit, script=script)  # type: ignore[arg-type]
        objective = script.objectives.get()
        ObjectiveRating.objects.create(
            drill=drill, objective=objective, rating="PSMU"[n % 4], rated_at=started
        )
        task = Task.objects.create(event=event, title=f"Fix {n}", status="done", done_at=now)
        CorrectiveAction.objects.create(drill=drill, task=task, created_at=started)
    incidents = Release.objects.filter(drill__event=event).aggregate(n=Max("incident_id"))
    print(
        f"comparison of {COMPARE_DRILLS} drills × {COMPARE_INJECTS} injects "
        f"(last incident id {incidents['n']})"
    )
    begun = time.perf_counter()
    comparison = compare(event)
    print(f"  figures (compare()): {(time.perf_counter() - begun) * 1000:.0f} ms")
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]  # the in-process client's host
    client: Client = verified_client(commander)
    url = f"/e/{event.slug}/drills/compared/"
    assert client.get(url).status_code == 200
    samples = []
    for _ in range(20):
        begun = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - begun) * 1000)
    print(
        f'  page "Drills compared" server time: p50 {percentile(samples, 50):.0f} ms  '
        f"p90 {percentile(samples, 90):.0f} ms  max {max(samples):.0f} ms   (target ≤ 300 ms)"
    )
    first, last = comparison.rows[0], comparison.rows[-1]
    for key, *_rest in INTERVALS:
        print(
            f"  {key:<22} p50 first {first.figures[key]['p50'] or 0:>5.0f} s  "
            f"last {last.figures[key]['p50'] or 0:>5.0f} s"
        )


if "release" in PARTS:
    release_bench()
if "compare" in PARTS:
    compare_bench()

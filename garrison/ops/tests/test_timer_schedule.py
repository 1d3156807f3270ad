"""The response timers on the workers' schedule: a missed target is noticed by whichever worker
takes the tick, once, and the timers stay in the server where the demo asks for it."""

from __future__ import annotations

import ast
import datetime as dt
import os
import subprocess
import sys

import pytest
from django.utils import timezone

from garrison.core.services import queue
from garrison.core.tests.workers import ROOT, until, worker_thread
from garrison.events.models import Event
from garrison.ops.models import Breach
from garrison.ops.tests.factories import make_incident
from garrison.ops.timers.services import check_all
from garrison.ops.timers.watcher import INTERVAL_SECONDS


def test_the_timers_are_a_schedule_of_the_workers() -> None:
    timers = {job.name: job for job in queue.scheduled()}["ops.timers"]
    assert timers.run is check_all
    assert timers.every == dt.timedelta(seconds=INTERVAL_SECONDS)


@pytest.mark.django_db(transaction=True)
def test_two_workers_notice_a_missed_target_once(
    event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    timers = {job.name: job for job in queue.scheduled()}["ops.timers"]
    monkeypatch.setattr(queue, "_schedules", {timers.name: timers})
    late = make_incident(event, received_at=timezone.now() - dt.timedelta(minutes=5))
    with worker_thread(), worker_thread():
        until(lambda: Breach.objects.filter(incident=late).exists(), 30, "the breach")
    assert Breach.objects.filter(incident=late).count() == 1


SCHEDULES = """
import django
django.setup()
from garrison.core.services import queue
print(sorted(job.name for job in queue.scheduled()))
"""


def test_where_the_server_runs_the_timers_the_workers_leave_them_alone() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "garrison.settings"}
    names = {}
    for in_server in ("1", "0"):
        result = subprocess.run(  # noqa: S603 - our interpreter, a fixed script
            [sys.executable, "-c", SCHEDULES],
            env={**env, "GARRISON_TIMERS_IN_SERVER": in_server},
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        names[in_server] = result.stdout.strip()
    # The jobs that keep watched pages current (queue.watch) leave the workers' schedule when the
    # server runs them; the sweep and the purge are the workers' own.
    assert names["1"] == "['core.sweep', 'events.purge']"
    assert {
        "core.sweep",
        "events.purge",
        "ops.timers",
        "patrols.rounds",
        "sensors.stale",
        "readiness.alerts",
    } <= set(ast.literal_eval(names["0"]))

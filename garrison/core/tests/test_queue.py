"""The task queue's platform part: tasks queued with their transaction, a queue that refuses
them, the workers' roll call, the queue rows of lost workers, and schedules that run once per
tick however many workers race for them."""

from __future__ import annotations

import datetime as dt
import itertools
import socket
import subprocess
import sys
import threading
from typing import Any

import pytest
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.models import DBTaskResult

from garrison.core.models import Schedule, Worker
from garrison.core.services import queue
from garrison.core.tests.workers import DATABASE_TASKS, until, worker_thread
from garrison.core.worker import Duties

pytestmark = pytest.mark.django_db

noted: list[int] = []


@task()
def note(value: int) -> None:
    """A task for these tests: it notes its argument."""
    noted.append(value)


@pytest.fixture
def database_queue(settings: Any) -> None:
    settings.TASKS = DATABASE_TASKS


def _refuse(*args: Any, **kwargs: Any) -> Any:
    raise OperationalError("could not connect to server: Connection refused")


@pytest.mark.usefixtures("database_queue")
def test_a_task_is_queued_with_its_transaction_or_not_at_all() -> None:
    with transaction.atomic():
        kept = queue.enqueue(note, 1)
    with pytest.raises(RuntimeError), transaction.atomic():
        queue.enqueue(note, 2)
        raise RuntimeError("the work failed after queueing its task")
    row = DBTaskResult.objects.get()
    assert (str(row.id), row.status) == (kept, TaskResultStatus.READY)
    assert row.args_kwargs == {"args": [1], "kwargs": {}}


@pytest.mark.usefixtures("database_queue")
def test_a_queue_that_refuses_the_task_undoes_the_work_with_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(DBTaskResult.objects, "create", _refuse)
    with pytest.raises(queue.QueueUnavailable) as refused, transaction.atomic():
        Worker.objects.create(
            id="work", host="h", pid=1, started=timezone.now(), seen=timezone.now()
        )
        queue.enqueue(note, 1)
    assert (refused.value.code, refused.value.status) == ("queue_unavailable", 503)
    assert "cannot be queued right now" in str(refused.value.message)
    assert not Worker.objects.exists()


def test_on_another_backend_the_task_goes_at_commit_and_a_refusal_is_reported(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    noted.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert queue.enqueue(note, 7) == ""
        assert noted == []  # not before the commit
    assert noted == [7]
    failures: list[str] = []
    monkeypatch.setattr(ImmediateBackend, "enqueue", _refuse)
    with django_capture_on_commit_callbacks(execute=True):
        queue.enqueue(note, 8, on_failure=lambda: failures.append("refused"))
    assert failures == ["refused"] and noted == [7]


def _dead_pid() -> int:
    """The id of a process of this machine that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_roll_call_knows_stopped_silent_and_vanished_workers() -> None:
    now = timezone.now()
    here = socket.gethostname()
    queue.worker_started("alive")
    queue.worker_started("stopped")
    queue.worker_stopped("stopped")
    silent = now - queue.LOST_AFTER - dt.timedelta(seconds=1)
    Worker.objects.create(id="silent", host="elsewhere", pid=1, started=silent, seen=silent)
    dead = _dead_pid()
    Worker.objects.create(id="vanished", host=here, pid=dead, started=now, seen=now)
    # Another machine's processes cannot be looked at: its workers are judged by their beats.
    Worker.objects.create(id="far", host="elsewhere", pid=dead, started=now, seen=now)
    ids = ["alive", "stopped", "silent", "vanished", "far", "never-heard-of", ""]
    assert queue.lost_workers(ids) == {"stopped", "silent", "vanished"}


@pytest.mark.usefixtures("database_queue")
def test_the_queue_row_a_lost_worker_left_running_is_failed_with_the_reason() -> None:
    lost, kept = queue.enqueue(note, 1), queue.enqueue(note, 2)
    queue.worker_started("gone")
    queue.worker_stopped("gone")
    queue.worker_started("alive")
    DBTaskResult.objects.get(id=lost).claim("gone")
    DBTaskResult.objects.get(id=kept).claim("alive")
    assert queue.release_lost_tasks() == 1
    row = DBTaskResult.objects.get(id=lost)
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "garrison.core.services.queue.WorkerLost"
    assert "worker gone stopped" in row.traceback
    assert DBTaskResult.objects.get(id=kept).status == TaskResultStatus.RUNNING
    assert queue.release_lost_tasks() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_queue")
def test_a_worker_answers_the_roll_call_sweeps_as_it_starts_and_says_when_it_stops(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    swept: list[str] = []

    def app_sweep() -> int:
        swept.append("swept")
        return 0

    monkeypatch.setattr(queue, "_sweeps", [app_sweep])
    with Duties("w1", schedules=False, beat=0.05):
        assert swept == ["swept"]
        row = Worker.objects.get(id="w1")
        assert row.stopped is None and row.host == socket.gethostname()
        first = row.seen
        until(lambda: Worker.objects.get(id="w1").seen > first, 10, "a beat")
    assert Worker.objects.get(id="w1").stopped is not None
    assert queue.lost_workers(["w1"]) == {"w1"}


@pytest.mark.django_db(transaction=True)
def test_of_two_workers_racing_for_a_tick_exactly_one_takes_it() -> None:
    job = queue.Scheduled("test.race", dt.timedelta(minutes=1), lambda: None)
    Schedule.objects.create(name=job.name, due=timezone.now())
    winners: list[tuple[int, str]] = []
    for tick in range(8):
        Schedule.objects.filter(name=job.name).update(due=timezone.now())
        start = threading.Barrier(2)

        def race(worker_id: str, tick: int = tick, start: threading.Barrier = start) -> None:
            try:
                start.wait(timeout=10)
                if queue.claim(job, worker_id):
                    winners.append((tick, worker_id))
            finally:
                connection.close()

        threads = [threading.Thread(target=race, args=(f"w{n}",)) for n in (1, 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert sorted(tick for tick, _ in winners) == list(range(8))


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_queue")
def test_two_running_workers_run_a_schedule_once_per_tick(monkeypatch: pytest.MonkeyPatch) -> None:
    # Three looks per period (worker_thread ticks every 0.05 s): the two workers race for each.
    every = dt.timedelta(seconds=0.15)
    runs: list[str] = []
    job = queue.Scheduled("test.tick", every, lambda: runs.append(threading.current_thread().name))
    monkeypatch.setattr(queue, "_schedules", {job.name: job})
    claims: list[tuple[dt.datetime, str, bool]] = []
    claim = queue.claim

    def noted_claim(job: queue.Scheduled, worker_id: str, now: dt.datetime | None = None) -> bool:
        won = claim(job, worker_id, now)
        claims.append((now or timezone.now(), worker_id, won))
        return won

    monkeypatch.setattr(queue, "claim", noted_claim)
    with worker_thread() as first, worker_thread() as second:
        # Until both have looked for ticks (under load a thread may start late), and four ran.
        until(
            lambda: len(runs) >= 4 and {worker for _, worker, _ in claims} == {first, second},
            60,
            "four ticks, both workers looking",
        )
    won = sorted((at, worker) for at, worker, ok in claims if ok)
    assert len(runs) == len(won)
    # Each tick was taken once: every win comes a whole period after the one before.
    assert all(b[0] - a[0] >= every for a, b in itertools.pairwise(won))


def test_a_scheduled_job_that_fails_is_logged_and_the_others_still_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ran: list[str] = []

    def broken() -> None:
        raise RuntimeError("broken")

    jobs = [
        queue.Scheduled("test.broken", dt.timedelta(seconds=5), broken),
        queue.Scheduled("test.fine", dt.timedelta(seconds=5), lambda: ran.append("fine")),
    ]
    monkeypatch.setattr(queue, "_schedules", {job.name: job for job in jobs})
    assert queue.run_due("w1") == ["test.broken", "test.fine"]
    assert ran == ["fine"]
    # Not again within the period, by this worker or another.
    assert queue.run_due("w2") == []
    assert Schedule.objects.get(name="test.fine").last_worker == "w1"

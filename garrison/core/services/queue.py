"""Background work on the task queue: enqueueing with the transaction, the workers' roll call,
the sweep of work whose worker died, and schedules that run once per tick across workers.

The queue is the Django Tasks API (``django_tasks``: Django 6's ``django.tasks``, backported) on
its database backend (``django_tasks_db``): a task is a row in Garrison's own database and a
worker is a ``garrison worker`` process (core/worker.py), so the embedded default needs no other
service, and on PostgreSQL as many workers as needed share the queue.

A long job keeps its own record as the progress users see (a BadgeJob, a RosterRun); its task
carries only the record's id, and the app's service does the work, claiming the record first so
that a second delivery finds it taken. A worker that dies mid-job leaves its record and its task
row "running": the roll call (``Worker`` rows) tells who is gone, and the sweep — run by every
worker as it starts and then on a schedule — has each app run such a job again or fail it with
the reason (``on_sweep``), and marks the queue's own row failed.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from garrison.core import metrics
from garrison.core.errors import DomainError
from garrison.core.lifespan import on_startup, repeat
from garrison.core.models import Schedule, Worker

log = logging.getLogger(__name__)

BEAT_EVERY = 5.0  # seconds between a worker's beats
LOST_AFTER = dt.timedelta(seconds=30)  # a worker silent this long is gone (six beats missed)
FORGET_AFTER = dt.timedelta(days=1)  # the roll call keeps stopped workers this long
KEEP_RESULTS = dt.timedelta(days=7)  # the queue keeps the rows of finished tasks this long
SWEEP_EVERY = 10.0  # seconds between sweeps (besides the one each worker makes as it starts)


class QueueUnavailable(DomainError):
    """The queue refused a task (its database unreachable, its table missing): nothing is saved."""

    def __init__(self) -> None:
        super().__init__(
            "queue_unavailable",
            _(
                "Background work cannot be queued right now. Try again in a moment; if it keeps "
                "failing, tell the administrator."
            ),
            status=503,
        )


class WorkerLost(Exception):  # the name is the reason written on the task's row
    """Written as the error of a task whose worker stopped while running it."""


# --- Enqueueing ------------------------------------------------------------------------------


def enqueue(task: Task[Any, Any], *ids: int, on_failure: Callable[[], object] | None = None) -> str:
    """Put ``task(*ids)`` on the queue with the caller's transaction; the task's id, or "" when
    the queue gets it only at commit.

    On the database backend the task's row is written inside the caller's transaction: a job's
    record and its task commit together or not at all (no record waits for a task that was never
    queued, no task runs for a record that was rolled back), and no worker sees the task before
    the commit. If the queue refuses it, ``QueueUnavailable`` rolls the caller's work back and
    says so. Any other backend is given the task after the commit, as Django advises; the
    immediate backend of the tests runs it there and then. If that backend refuses it, the
    caller's work is committed already: ``on_failure`` marks its record failed.
    """
    if isinstance(task.get_backend(), DatabaseBackend):
        try:
            with transaction.atomic():  # a savepoint: the caller's transaction stays usable
                return str(task.enqueue(*ids).id)
        except DatabaseError as error:
            log.exception("the task queue refused %s%s", task.module_path, ids)
            raise QueueUnavailable from error

    def at_commit() -> None:
        try:
            task.enqueue(*ids)
        except Exception:  # after the commit nobody else would hear it
            log.exception("the task queue refused %s%s", task.module_path, ids)
            if on_failure is not None:
                on_failure()

    transaction.on_commit(at_commit)
    return ""


def worker_of(context: Any) -> str:
    """The id of the worker running a task, from its ``TaskContext`` ("" if none is known)."""
    worker_ids: list[str] = context.task_result.worker_ids
    return worker_ids[-1] if worker_ids else ""


def finished_tasks(task_ids: Iterable[str]) -> set[str]:
    """Those of ``task_ids`` that the queue has finished (run, failed, or no longer has)."""
    wanted = {task_id for task_id in task_ids if task_id}
    if not wanted:
        return set()
    waiting = DBTaskResult.objects.filter(
        id__in=wanted, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    ).values_list("id", flat=True)
    return wanted - {str(task_id) for task_id in waiting}


# --- The roll call -----------------------------------------------------------------------------


def new_worker_id() -> str:
    # Readable in the task rows and the logs: which machine, which process.
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(8)}"


def worker_started(worker_id: str) -> None:
    now = timezone.now()
    Worker.objects.update_or_create(
        id=worker_id,
        defaults={
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "started": now,
            "seen": now,
            "stopped": None,
        },
    )


def worker_beat(worker_id: str) -> None:
    Worker.objects.filter(id=worker_id).update(seen=timezone.now())


def worker_stopped(worker_id: str) -> None:
    Worker.objects.filter(id=worker_id).update(stopped=timezone.now())


def lost_workers(worker_ids: Iterable[str]) -> set[str]:
    """Those of ``worker_ids`` known to be gone: stopped, silent for ``LOST_AFTER``, or a process
    of this machine that no longer exists (a worker restarted after a crash sees at once that its
    predecessor is gone). An id the roll call does not know (the immediate backend's, a worker of
    another kind) is not judged here: its job's own heartbeat is."""
    wanted = {worker_id for worker_id in worker_ids if worker_id}
    if not wanted:
        return set()
    silent_since = timezone.now() - LOST_AFTER
    host = socket.gethostname()
    return {
        worker.id
        for worker in Worker.objects.filter(id__in=wanted)
        if worker.stopped is not None
        or worker.seen < silent_since
        or (worker.host == host and not _process_exists(worker.pid))
    }


def enqueue_job(model: Any, task: Task[Any, Any], job_id: int) -> str:
    """Queue ``task(job_id)`` for a job row of ``model`` (the fields ``recover_jobs`` reads) and
    note the task's id on the row; the task's id, or "" until the commit.

    A backend that refuses the task after the commit fails the row "queue_unavailable", so the
    page that follows the job says so instead of waiting for ever.
    """

    def refused() -> None:  # only a backend other than the database's refuses after the commit
        model.objects.filter(pk=job_id, state=model.State.QUEUED).update(
            state=model.State.FAILED, error="queue_unavailable", finished=timezone.now()
        )

    task_id = enqueue(task, job_id, on_failure=refused)
    if task_id:
        model.objects.filter(pk=job_id).update(task_id=task_id)
    return task_id


def recover_jobs(
    model: Any,
    enqueue: Callable[[int], object],
    *,
    max_attempts: int,
    reset: dict[str, Any] | None = None,
) -> int:
    """One kind of job row's part of the sweep (``on_sweep``); how many it recovered.

    ``model`` keeps its own state beside the queue's task (``state`` QUEUED / BUILDING / FAILED,
    ``worker``, ``attempts``, ``heartbeat``, ``task_id``, ``error``, ``finished``), as badge
    batches and plan publishing do. A build whose worker is lost is queued again (``reset``
    clears its progress) or failed "interrupted" once ``max_attempts`` builds have died; a
    queued job whose task the queue finished without running it is failed "error". Each
    change is conditional on the row as read, so two sweeps on two workers recover it once.
    """
    now = timezone.now()
    state = model.State
    building = list(
        model.objects.filter(state=state.BUILDING)
        .exclude(worker="")
        .values_list("pk", "worker", "attempts")
    )
    lost = lost_workers(worker for _, worker, _ in building)
    recovered = 0
    for pk, worker, attempts in building:
        if worker not in lost:
            continue
        with transaction.atomic():
            rows = model.objects.filter(pk=pk, state=state.BUILDING, attempts=attempts)
            if attempts >= max_attempts:
                recovered += rows.update(state=state.FAILED, error="interrupted", finished=now)
            elif rows.update(state=state.QUEUED, worker="", heartbeat=now, **(reset or {})):
                log.warning("%s %s: worker %s lost; queued again", model.__name__, pk, worker)
                enqueue(pk)
                recovered += 1
    queued = dict(
        model.objects.filter(state=state.QUEUED).exclude(task_id="").values_list("task_id", "pk")
    )
    for task_id in finished_tasks(queued):
        recovered += model.objects.filter(
            pk=queued[task_id], state=state.QUEUED, task_id=task_id
        ).update(state=state.FAILED, error="error", finished=now)
    return recovered


def workers_alive() -> int:
    """How many workers answer the roll call: none means queued jobs wait (pages say so)."""
    since = timezone.now() - LOST_AFTER
    return Worker.objects.filter(stopped__isnull=True, seen__gte=since).count()


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True


# --- The sweep ---------------------------------------------------------------------------------

Sweep = Callable[[], int]
_sweeps: list[Sweep] = []


def on_sweep(sweep: Sweep) -> None:
    """Register an app's sweep (in its ``ready``): it finds the app's jobs whose worker is lost
    (``lost_workers``), runs each again or fails it with the reason, and says how many."""
    if sweep not in _sweeps:
        _sweeps.append(sweep)


def sweep() -> int:
    """Every app's sweep, then the queue's own rows left running by lost workers, and old rows of
    the roll call and the queue; how many jobs and tasks it recovered. One sweep that fails is
    logged and does not stop the others."""
    recovered = 0
    for app_sweep in list(_sweeps):
        try:
            recovered += app_sweep()
        except Exception:
            log.exception("sweep %s failed", getattr(app_sweep, "__qualname__", app_sweep))
    recovered += release_lost_tasks()
    now = timezone.now()
    Worker.objects.filter(seen__lt=now - FORGET_AFTER).delete()
    DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=now - KEEP_RESULTS,
    ).delete()
    return recovered


def release_lost_tasks() -> int:
    """Mark the queue's rows still running under a lost worker as failed, with the reason; the
    apps' sweeps decide whether their jobs run again (as new tasks)."""
    running: dict[str, list[Any]] = {}
    paths: dict[Any, str] = {}
    for task_id, worker_ids, path in DBTaskResult.objects.running().values_list(
        "id", "worker_ids", "task_path"
    ):
        if worker_ids:
            running.setdefault(worker_ids[-1], []).append(task_id)
            paths[task_id] = path
    released = 0
    for worker_id in lost_workers(running):
        tasks = running[worker_id]
        changed = DBTaskResult.objects.filter(id__in=tasks, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback=f"WorkerLost: worker {worker_id} stopped while running this task\n",
        )
        if changed:
            # Which of them changed is not said; a task another sweep took meanwhile is rare.
            metrics.count_lost(paths[task_id] for task_id in tasks[:changed])
        released += changed
    return released


# --- Schedules -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scheduled:
    name: str
    every: dt.timedelta
    run: Callable[[], object]


_schedules: dict[str, Scheduled] = {}


def every(seconds: float, name: str, run: Callable[[], object]) -> None:
    """Register a scheduled job (in an app's ``ready``): the workers run ``run()`` every
    ``seconds``, one worker per tick however many there are. It runs in the worker's schedule
    thread, never behind a long task: keep it short."""
    _schedules[name] = Scheduled(name, dt.timedelta(seconds=seconds), run)


def watch(seconds: float, name: str, run: Callable[[], object]) -> None:
    """Register a job that keeps what people watch current (response timers, late patrols,
    stale sensors): the workers run it every ``seconds`` like ``every``; with
    ``GARRISON_TIMERS_IN_SERVER`` each ASGI server process runs it instead. ``make demo`` runs one
    server on the in-memory channel layer, which a worker process cannot reach: a worker's alert
    would be recorded but never pushed to the open pages."""
    if settings.GARRISON_TIMERS_IN_SERVER:
        on_startup(partial(repeat, run, seconds))
    else:
        every(seconds, name, run)


def scheduled() -> list[Scheduled]:
    return list(_schedules.values())


def claim(job: Scheduled, worker_id: str, now: dt.datetime | None = None) -> bool:
    """Take this tick of ``job`` if it is due and no other worker has taken it.

    One conditional UPDATE moves the due time on, and of several workers racing for the tick
    exactly one changes the row: PostgreSQL makes the others wait for the winner's row lock and
    then finds the row no longer due; SQLite runs one writer at a time.
    """
    now = now or timezone.now()
    return bool(
        Schedule.objects.filter(name=job.name, due__lte=now).update(
            due=now + job.every, last_run=now, last_worker=worker_id
        )
    )


def run_due(worker_id: str) -> list[str]:
    """Run each scheduled job that is due and that this worker wins; their names.

    Reading first keeps the write lock out of the ticks when nothing is due (SQLite has one).
    """
    now = timezone.now()
    jobs = scheduled()
    known = dict(
        Schedule.objects.filter(name__in=[job.name for job in jobs]).values_list("name", "due")
    )
    missing = [Schedule(name=job.name, due=now) for job in jobs if job.name not in known]
    if missing:
        Schedule.objects.bulk_create(missing, ignore_conflicts=True)
    ran: list[str] = []
    for job in jobs:
        if known.get(job.name, now) > now or not claim(job, worker_id, now):
            continue
        try:
            job.run()
        except Exception:
            log.exception("scheduled job %s failed", job.name)
        ran.append(job.name)
    return ran

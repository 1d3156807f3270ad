"""The task queue under load: 1,000 short jobs through two ``garrison worker`` processes, one of
them killed with SIGKILL midway.

The database is ``DATABASE_URL`` (PostgreSQL, as production) or a temporary SQLite file (the
embedded default). Two workers start as the README's production section starts one
(``garrison worker``), with this folder on their path for the bench's job (bench/_queue_jobs.py:
claimed, worked for 10 ms, finished only by the attempt that claimed it, put back on the queue by
the workers' sweep when its worker is lost). This process queues JOBS jobs at RATE a second, as
the pages would. Midway it waits until a worker is inside a job and kills it with
SIGKILL, and starts it again at once as a supervisor would: the new worker's first sweep finds its
predecessor gone and gives that job back to the queue. At the end: the wait of every
task (queued → started, from the queue's own rows) p50/p99/max, and the proof that no job was
lost: every job's row is done and finished exactly once. Target (issue 19): p99 wait ≤ 1 s.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from _django import ROOT, percentile, setup

JOBS = int(os.environ.get("BENCH_JOBS", "1000"))
RATE = float(os.environ.get("BENCH_RATE", "20"))  # jobs queued a second
FINISH_SECONDS = 120  # after the last job is queued: the sweep runs every 10 s

setup()

from _queue_jobs import WORK_SECONDS, bench_job, create_table  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tasks import TaskResultStatus  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from garrison.core.services import queue  # noqa: E402

BENCH = Path(__file__).resolve().parent


def _worker() -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(BENCH)])}
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        env["DATABASE_URL"] = f"sqlite:///{settings.DATABASES['default']['NAME']}"
    env.pop("GARRISON_TIMERS_IN_SERVER", None)
    return subprocess.Popen(  # noqa: S603 - the README's command
        [str(Path(sys.executable).parent / "garrison"), "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _done() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM bench_queue_job WHERE state = 'done' AND n < %s", [JOBS]
        )
        return int(cursor.fetchone()[0])


def _running() -> list[tuple[int, str]]:
    """The jobs workers are inside right now, with the worker's id."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT n, worker FROM bench_queue_job WHERE state = 'running'")
        return [(int(n), str(worker)) for n, worker in cursor.fetchall()]


def _until_alive(count: int) -> None:
    deadline = time.monotonic() + 60
    while queue.workers_alive() < count:
        if time.monotonic() > deadline:
            raise SystemExit(f"{count} workers did not start within a minute")
        time.sleep(0.1)


def _warm_up(workers: list[subprocess.Popen[bytes]]) -> None:
    """Jobs outside the measure until each worker has run one: a worker's first task imports the
    job's module and opens its connections, once in its life."""
    pids = {f"-{worker.pid}-" for worker in workers}
    deadline = time.monotonic() + 60
    n = JOBS
    while pids:
        if time.monotonic() > deadline:
            raise SystemExit("the workers did not take the warm-up jobs within a minute")
        _insert([n])
        with transaction.atomic():
            queue.enqueue(bench_job, n)
        n += 1
        time.sleep(1 / RATE)
        for worker_ids in DBTaskResult.objects.filter(
            task_path=bench_job.module_path, status=TaskResultStatus.SUCCESSFUL
        ).values_list("worker_ids", flat=True):
            pids -= {pid for pid in pids if worker_ids and pid in worker_ids[-1]}


def _insert(numbers: list[int]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO bench_queue_job (n, state, worker, attempts, runs) "
            "VALUES (%s, 'queued', '', 0, 0)",
            [(n,) for n in numbers],
        )


def _kill_mid_job(workers: list[subprocess.Popen[bytes]]) -> tuple[int, int]:
    """Kill with SIGKILL whichever worker is first seen inside a job; its index and the job."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for job, worker_id in _running():
            for index, worker in enumerate(workers):
                if f"-{worker.pid}-" in worker_id:
                    worker.send_signal(signal.SIGKILL)
                    worker.wait()  # reaped: the sweep sees on this machine that it is gone
                    return index, job
        time.sleep(0.002)
    raise SystemExit("no worker took a job")


def main() -> None:
    create_table()
    _insert(list(range(JOBS)))
    DBTaskResult.objects.filter(task_path=bench_job.module_path).delete()
    print(
        f"task queue ({connection.vendor}): {JOBS} jobs of {1000 * WORK_SECONDS:.0f} ms at {RATE:.0f} a "
        "second, two `garrison worker` processes, one killed with SIGKILL midway and restarted"
    )
    workers = [_worker(), _worker()]
    killed: int | None = None
    killed_at = timezone.now()
    try:
        _until_alive(2)
        _warm_up(workers)
        measured_from = timezone.now()
        start = time.monotonic()
        for n in range(JOBS):
            with transaction.atomic():
                queue.enqueue(bench_job, n)
            if n == JOBS // 2:
                victim, killed = _kill_mid_job(workers)
                killed_at = timezone.now()
                print(f"  killed worker {workers[victim].pid} with SIGKILL inside job {killed}")
                # Started again at once, as a supervisor (systemd's Restart=) would: as it starts
                # it sweeps, finds its predecessor gone and puts that job back on the queue.
                workers[victim] = _worker()
            pause = start + (n + 1) / RATE - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        deadline = time.monotonic() + FINISH_SECONDS
        while _done() < JOBS and time.monotonic() < deadline:
            time.sleep(0.2)
        elapsed = time.monotonic() - start
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait()
    rows = DBTaskResult.objects.filter(
        task_path=bench_job.module_path, enqueued_at__gte=measured_from
    )
    waits = [
        (started - enqueued).total_seconds() * 1000
        for enqueued, started in rows.values_list("enqueued_at", "started_at")
        if started is not None
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT runs, count(*) FROM bench_queue_job WHERE n < %s GROUP BY runs", [JOBS]
        )
        runs = dict(cursor.fetchall())
        cursor.execute("SELECT attempts FROM bench_queue_job WHERE n = %s", [killed])
        (attempts,) = cursor.fetchone()
    lost = rows.filter(exception_class_path__endswith="WorkerLost").count()
    again = rows.filter(enqueued_at__gt=killed_at, args_kwargs__args=[killed]).first()
    back = "never"
    if again is not None and again.enqueued_at is not None:
        back = f"{(again.enqueued_at - killed_at).total_seconds():.1f} s"
    print(
        f"  {len(waits)} tasks in {elapsed:.1f} s: wait p50 {percentile(waits, 50):.0f} ms, "
        f"p99 {percentile(waits, 99):.0f} ms, max {max(waits):.0f} ms"
    )
    print(
        f"  jobs finished once: {runs.get(1, 0)}, never: {runs.get(0, 0)}, more than once: "
        f"{sum(n for count, n in runs.items() if count > 1)}; the killed job took {attempts} "
        f"attempts, {lost} task(s) marked lost by the sweep, back on the queue {back} after the kill"
    )
    print("  target: p99 wait <= 1 s, every job finished exactly once")
    if runs.get(1, 0) != JOBS:
        raise SystemExit("a job was lost or ran twice")


if __name__ == "__main__":
    main()

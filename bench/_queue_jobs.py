"""The short job of bench/task_queue.py, importable by the ``garrison worker`` processes (the
bench puts this folder on their path) and recovered by their sweep like the apps' jobs.

Each job has a row in ``bench_queue_job``, its record as a BadgeJob is a badge batch's: the task
claims it (queued → running, with the worker's id and one more attempt), works, and finishes it
(running → done, ``runs`` + 1) only if the attempt is still its own. A job whose worker died is
put back on the queue by the sweep; ``runs`` counts how often a job finished: exactly once each.
"""

from __future__ import annotations

import sys
import time
from typing import Any

if __name__ == "__main__":  # `make bench` runs every file here; this one serves task_queue.py
    sys.exit(0)

from django.db import connection, transaction
from django_tasks import task

from garrison.core.services import queue

WORK_SECONDS = 0.01


def create_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_queue_job")
        cursor.execute(
            "CREATE TABLE bench_queue_job (n INTEGER PRIMARY KEY, state VARCHAR(10) NOT NULL, "
            "worker VARCHAR(100) NOT NULL, attempts INTEGER NOT NULL, runs INTEGER NOT NULL)"
        )


@task(takes_context=True)
def bench_job(context: Any, n: int) -> None:
    worker = queue.worker_of(context)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE bench_queue_job SET state = 'running', worker = %s, attempts = attempts + 1 "
            "WHERE n = %s AND state = 'queued'",
            [worker, n],
        )
        if cursor.rowcount != 1:
            return  # taken, or done: a second delivery does nothing
        cursor.execute("SELECT attempts FROM bench_queue_job WHERE n = %s", [n])
        (attempt,) = cursor.fetchone()
    time.sleep(WORK_SECONDS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE bench_queue_job SET state = 'done', runs = runs + 1 "
            "WHERE n = %s AND state = 'running' AND attempts = %s",
            [n, attempt],
        )


def recover_lost() -> int:
    """The sweep: a job whose worker is lost goes back on the queue as a new task."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT n, worker, attempts FROM bench_queue_job WHERE state = 'running'")
        running = cursor.fetchall()
    lost = queue.lost_workers(worker for _n, worker, _attempts in running)
    recovered = 0
    for n, worker, attempts in running:
        if worker not in lost:
            continue
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE bench_queue_job SET state = 'queued', worker = '' "
                "WHERE n = %s AND state = 'running' AND attempts = %s",
                [n, attempts],
            )
            if cursor.rowcount == 1:
                queue.enqueue(bench_job, n)
                recovered += 1
    return recovered


queue.on_sweep(recover_lost)

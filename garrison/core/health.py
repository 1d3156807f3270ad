"""What ``/healthz`` checks, and the queue's state for ``/metrics``.

A check says whether this process can do its work: the database answers, Redis answers when it
is configured, the task queue's table answers. Any of them failing makes the answer 503 with its
name. Beside them, facts an operator watches but that do not make *this* process unfit: how many
jobs wait and for how long, which workers answer the roll call. None workers alive is not a 503:
a load balancer would take every web server out of service because a worker is down.

Everything here is counts, ages and process ids: no names, no hosts, no settings, no secrets.
Each look is one cheap query with a short timeout, so a probe every few seconds costs nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count, Min, Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from garrison.core.models import Worker
from garrison.core.services import queue

TIMEOUT_SECONDS = 2.0  # a probe that waits longer than this has its answer already
MAX_WORKERS_LISTED = 50


class CheckFailed(Exception):
    """A check's failure, as the answer names it (never the driver's message: it may name hosts)."""


def database() -> BaseDatabaseWrapper:
    return connections[DEFAULT_DB_ALIAS]


def check_database() -> dict[str, Any]:
    db = database()
    try:
        if db.vendor == "postgresql":
            with transaction.atomic(using=db.alias), db.cursor() as cursor:
                # Local to this transaction: the connection goes back to the pool unchanged.
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true)",
                    [str(int(TIMEOUT_SECONDS * 1000))],
                )
                cursor.execute("SELECT 1")
        else:
            # No transaction on SQLite: Garrison's begin takes the write lock (IMMEDIATE), and a
            # probe must not queue behind writers. A read in WAL mode never waits.
            with db.cursor() as cursor:
                cursor.execute("SELECT 1")
    except DatabaseError as error:
        raise CheckFailed("unreachable") from error
    return {}


_redis: dict[str, redis.Redis] = {}


def check_redis() -> dict[str, Any]:
    url: str = settings.REDIS_URL
    if not url:
        return {"status": "not configured"}
    client = _redis.get(url)
    if client is None:
        client = _redis[url] = redis.Redis.from_url(
            url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
        )
    try:
        client.ping()
    except redis.RedisError as error:
        raise CheckFailed("unreachable") from error
    return {}


@dataclass(frozen=True)
class Backlog:
    waiting: int  # due to run, not yet taken by a worker
    running: int
    oldest_waiting_seconds: float  # 0 when nothing waits


def backlog() -> Backlog:
    """The queue's depth in one query (the rows due to run, by status and age)."""
    now = timezone.now()
    waiting = Q(status=TaskResultStatus.READY) & (
        Q(run_after=get_date_max()) | Q(run_after__lte=now)
    )
    row = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    ).aggregate(
        waiting=Count("id", filter=waiting),
        running=Count("id", filter=Q(status=TaskResultStatus.RUNNING)),
        oldest=Min("enqueued_at", filter=waiting),
    )
    oldest = row["oldest"]
    return Backlog(
        waiting=row["waiting"],
        running=row["running"],
        oldest_waiting_seconds=max(0.0, (now - oldest).total_seconds()) if oldest else 0.0,
    )


def check_queue() -> dict[str, Any]:
    try:
        state = backlog()
    except DatabaseError as error:
        raise CheckFailed("unreachable") from error
    return {
        "waiting": state.waiting,
        "running": state.running,
        "oldest_waiting_seconds": round(state.oldest_waiting_seconds, 1),
    }


def roll_call() -> list[tuple[int, dt.datetime, bool]]:
    """The workers that have not said they stopped, latest beat first: (process id, last beat,
    alive). Alive as the sweep judges it (``queue.lost_workers``): a worker killed on this
    machine is gone at once, one elsewhere after ``LOST_AFTER`` without a beat."""
    # A handful of rows: the sweep forgets workers a day after their last beat.
    rows = list(
        Worker.objects.filter(stopped__isnull=True)
        .order_by("-seen")
        .values_list("id", "pid", "seen")
    )
    lost = queue.lost_workers(worker_id for worker_id, _pid, _seen in rows)
    return [(pid, seen, worker_id not in lost) for worker_id, pid, seen in rows]


def workers() -> dict[str, Any]:
    """The roll call: the workers answering it (process id, seconds since their last beat), and
    how many went silent without saying they stopped (killed, or their machine gone)."""
    now = timezone.now()
    try:
        rows = roll_call()
    except DatabaseError:
        return {"status": "unknown"}
    alive = [(pid, seen) for pid, seen, answering in rows if answering]
    return {
        "alive": len(alive),
        "silent": len(rows) - len(alive),
        "seen": [
            {"pid": pid, "seconds_since_beat": round((now - seen).total_seconds(), 1)}
            for pid, seen in alive[:MAX_WORKERS_LISTED]
        ],
    }


CHECKS: dict[str, Callable[[], dict[str, Any]]] = {
    "database": check_database,
    "redis": check_redis,
    "queue": check_queue,
}


def report(role: str) -> tuple[bool, dict[str, Any]]:
    """Whether every check passed, and the answer: each check's result and time, the workers,
    and which process answered."""
    checks: dict[str, Any] = {}
    failing: list[str] = []
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            result = {"ok": True, **check()}
        except CheckFailed as failure:
            result = {"ok": False, "error": str(failure)}
            failing.append(name)
        result["ms"] = round((time.perf_counter() - started) * 1000, 1)
        checks[name] = result
    body = {
        "status": "failing" if failing else "ok",
        "failing": failing,
        "process": {"pid": os.getpid(), "role": role},
        "checks": checks,
        "workers": workers() if "database" not in failing else {"status": "unknown"},
    }
    return not failing, body


class QueueCollector(Collector):
    """The queue's depth and the roll call as gauges, read from the database at each scrape
    (the same in every process: they are rows, not counts)."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            state = backlog()
            alive = sum(1 for _pid, _seen, answering in roll_call() if answering)
        except DatabaseError:
            return  # /metrics still serves the counters; /healthz names the failure
        yield GaugeMetricFamily(
            "garrison_queue_waiting_jobs",
            "Jobs due to run that no worker has taken yet.",
            state.waiting,
        )
        yield GaugeMetricFamily(
            "garrison_queue_running_jobs", "Jobs a worker is running.", state.running
        )
        yield GaugeMetricFamily(
            "garrison_queue_oldest_waiting_seconds",
            "How long the oldest waiting job has waited (0 when none waits).",
            state.oldest_waiting_seconds,
        )
        yield GaugeMetricFamily("garrison_workers_alive", "Workers answering the roll call.", alive)

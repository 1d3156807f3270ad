"""Metrics in the Prometheus text format, served at ``/metrics`` (core/views.py).

The metric objects live here, in the platform, and the layers above count into them: the request
middleware (core/middleware.py), the live feed's sockets (core/consumers.py), the task queue
(the ``django_tasks`` signals below, and the sweep in core/services/queue.py) and check-in's
scans (``count_scans``), so core names no app.

Labels stay few and bounded, and carry nothing about anyone: a URL's *name*, never its path (a
path carries event slugs and object ids); a scan's result code; a task's import path. No event,
user, device or person appears in a label.

Several processes (gunicorn's workers, uvicorn, ``garrison worker``) each count on their own.
With ``PROMETHEUS_MULTIPROC_DIR`` set in their environment before they start, prometheus_client
keeps every process's values in files there, and any web process sums them all when scraped
(README, Production). Without it, a process serves its own values only: fine for one process,
and for the tests.
"""

from __future__ import annotations

import os
import time
from collections import Counter as Tally
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.dispatch import receiver
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished, task_started
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)
from prometheus_client.registry import Collector

# The same series with or without the multiprocess directory, which has no "_created" samples.
disable_created_metrics()  # type: ignore[no-untyped-call]
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

HTTP_REQUESTS = Counter(
    "garrison_http_requests",
    "HTTP requests answered, by method, URL name and status class.",
    ["method", "route", "status"],
)
HTTP_SECONDS = Histogram(
    "garrison_http_request_duration_seconds",
    "Time to answer an HTTP request, by method and URL name.",
    ["method", "route"],
    # A scan answers in milliseconds, a PDF page in seconds.
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
SCAN_DECISIONS = Counter(
    "garrison_scan_decisions",
    "Scans recorded, by the server's result code and whether the scan was made online or "
    "uploaded after being made offline.",
    ["result", "mode"],
)
LIVE_SOCKETS = Gauge(
    "garrison_live_sockets",
    "Live-feed WebSockets open.",
    # The sum over the processes that are alive: a killed server's sockets died with it.
    multiprocess_mode="livesum",
)
JOBS = Counter(
    "garrison_jobs",
    "Background jobs finished, by task and outcome (successful, failed, lost with its worker).",
    ["task", "outcome"],
)
JOB_SECONDS = Histogram(
    "garrison_job_duration_seconds",
    "Time a background job ran, by task.",
    ["task"],
    buckets=(0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600),
)

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def method_label(method: str | None) -> str:
    # Anything else a client invents would be a new series each time.
    return method if method in METHODS else "other"


def status_label(status: int) -> str:
    return f"{status // 100}xx"


def count_scans(decisions: Iterable[tuple[str, bool]]) -> None:
    """Count committed scans: (result code, made offline) for each."""
    for (result, offline), n in Tally(decisions).items():
        SCAN_DECISIONS.labels(result, "offline" if offline else "online").inc(n)


# --- Jobs: the queue's own signals, sent in the process that runs the task ----------------------

# When each task this process runs began, by task id (monotonic: the tests' clock is frozen).
_started: dict[str, float] = {}


@receiver(task_started, dispatch_uid="garrison.core.metrics.task_started")
def _job_started(sender: Any, task_result: Any, **kwargs: Any) -> None:
    _started[str(task_result.id)] = time.perf_counter()


@receiver(task_finished, dispatch_uid="garrison.core.metrics.task_finished")
def _job_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    began = _started.pop(str(task_result.id), None)
    try:
        task = str(task_result.task.module_path)
    except Exception:  # its code is gone (a task renamed since it was queued)
        task = "unknown"
    ok = task_result.status == TaskResultStatus.SUCCESSFUL
    JOBS.labels(task, "successful" if ok else "failed").inc()
    if began is not None:
        JOB_SECONDS.labels(task).observe(time.perf_counter() - began)


def count_lost(tasks: Iterable[str]) -> None:
    """Jobs whose worker died while running them (the sweep marks them failed): their task paths."""
    for task, n in Tally(tasks).items():
        JOBS.labels(task or "unknown", "lost").inc(n)


# --- The exposition --------------------------------------------------------------------------


def multiprocess_dir() -> str:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


def exposition(*collectors: Collector) -> bytes:
    """Every process's metrics in the text format (this process's alone without the multiprocess
    directory), then those ``collectors`` read now (the queue's state, from the database)."""
    directory = multiprocess_dir()
    if directory:
        forget_dead_processes(directory)
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=directory)  # type: ignore[no-untyped-call]
    else:
        registry = REGISTRY
    text = generate_latest(registry)
    if collectors:
        now = CollectorRegistry(auto_describe=False)
        for collector in collectors:
            now.register(collector)
        text += generate_latest(now)
    return text


def forget_dead_processes(directory: str) -> None:
    """Drop the live gauges of processes gone from this machine (the directory is per machine).

    gunicorn could say when its worker dies, but uvicorn and a killed worker cannot: without
    this, a server killed with its sockets open would count them for ever.
    """
    for path in Path(directory).glob("gauge_live*_*.db"):
        pid = path.stem.rsplit("_", 1)[-1]
        if pid.isdigit() and not _process_exists(int(pid)):
            multiprocess.mark_process_dead(int(pid), directory)  # type: ignore[no-untyped-call]


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True

"""/healthz (each check, 200 or 503 naming the failure) and /metrics (the Prometheus text format,
bounded labels, who may read it, the counts of jobs, and the sum over several processes)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from asgiref.sync import async_to_sync
from channels.routing import URLRouter
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.urls import path
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from garrison.core import consumers, health, metrics
from garrison.core.models import Worker
from garrison.core.services import queue
from garrison.core.tests.sockets import Socket
from garrison.core.tests.test_proxy_readme import client_behind_readme_proxy
from garrison.core.tests.workers import DATABASE_TASKS, ROOT
from garrison.events.models import Event

pytestmark = pytest.mark.django_db


@task()
def fine() -> None:
    """A job that succeeds."""


@task()
def broken() -> None:
    """A job that fails."""
    raise RuntimeError("this job fails")


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def scrape(client: Client | None = None) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = (client or Client()).get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(response.content.decode())
        for s in family.samples
    }


# --- /healthz --------------------------------------------------------------------------------


def test_health_answers_200_with_each_check_the_queue_and_the_workers(
    settings: Any, clock: time_machine.Traveller
) -> None:
    settings.TASKS = DATABASE_TASKS
    with transaction.atomic():
        queue.enqueue(fine)
    clock.shift(45)
    queue.worker_started("alive-worker")
    Worker.objects.create(
        id="killed", host="h", pid=99999, started=timezone.now(), seen=timezone.now()
    )
    Worker.objects.filter(id="killed").update(seen=timezone.now() - queue.LOST_AFTER * 2)
    ended = subprocess.Popen([sys.executable, "-c", ""])
    ended.wait()
    Worker.objects.create(  # beat a moment ago, but its process on this machine is gone
        id="crashed",
        host=socket.gethostname(),
        pid=ended.pid,
        started=timezone.now(),
        seen=timezone.now(),
    )

    response = Client().get("/healthz")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert (body["status"], body["failing"]) == ("ok", [])
    assert body["process"] == {"pid": os.getpid(), "role": "wsgi"}
    checks = body["checks"]
    assert checks["database"]["ok"] is True
    assert checks["redis"]["ok"] is True and checks["redis"]["status"] == "not configured"
    assert checks["queue"]["ok"] is True
    assert (checks["queue"]["waiting"], checks["queue"]["running"]) == (1, 0)
    assert 45 <= checks["queue"]["oldest_waiting_seconds"] < 60
    assert body["workers"]["alive"] == 1 and body["workers"]["silent"] == 2
    assert body["workers"]["seen"][0]["pid"] == os.getpid()
    # Counts, ages and process ids only: no host names, no worker ids, no settings.
    assert "alive-worker" not in response.content.decode()
    assert "killed" not in response.content.decode()
    assert socket.gethostname() not in response.content.decode()


def _unreachable(db: BaseDatabaseWrapper, tmp_path: Path) -> BaseDatabaseWrapper:
    """A connection like ``db`` to a database that is not there: a file in a missing folder, or a
    port nobody listens on."""
    broken = dict(db.settings_dict)
    if db.vendor == "sqlite":
        broken["NAME"] = str(tmp_path / "missing" / "garrison.sqlite3")
    else:
        broken.update(HOST="127.0.0.1", PORT="1")
    wrapper: BaseDatabaseWrapper = type(db)(broken, DEFAULT_DB_ALIAS)
    return wrapper


@pytest.fixture
def database_down(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    broken = _unreachable(connections[DEFAULT_DB_ALIAS], tmp_path)
    monkeypatch.setattr(health, "database", lambda: broken)
    yield
    broken.close()


@pytest.mark.usefixtures("database_down")
def test_health_answers_503_naming_the_database_when_it_cannot_be_reached() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["failing"]) == ("failing", ["database"])
    assert body["checks"]["database"]["ok"] is False
    assert body["checks"]["database"]["error"] == "unreachable"  # not the driver's message
    assert body["workers"] == {"status": "unknown"}


def test_health_answers_503_naming_redis_when_it_is_configured_and_down(settings: Any) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nobody listens there
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["redis"]
    assert "127.0.0.1" not in response.content.decode()


# --- /metrics ------------------------------------------------------------------------------------


def test_metrics_parse_and_count_a_request_under_its_url_name(event: Event) -> None:
    def requests(route: str, status: str) -> tuple[str, tuple[tuple[str, str], ...]]:
        labels = (("method", "GET"), ("route", route), ("status", status))
        return ("garrison_http_requests_total", labels)

    health, dashboard = requests("healthz", "2xx"), requests("events:dashboard", "3xx")
    timed = (
        "garrison_http_request_duration_seconds_count",
        (("method", "GET"), ("route", "healthz")),
    )
    before = scrape()
    Client().get("/healthz")
    # A path with the event's slug, answered by the login redirect: counted under its name.
    assert Client().get(f"/e/{event.slug}/").status_code == 302
    after = scrape()
    assert after[health] == before.get(health, 0.0) + 1
    assert after[timed] == before.get(timed, 0.0) + 1
    assert after[dashboard] == before.get(dashboard, 0.0) + 1
    assert not any(event.slug in str(labels) for _name, labels in after)
    assert after[("garrison_queue_waiting_jobs", ())] == 0


def test_metrics_are_refused_to_other_addresses_and_to_requests_relayed_by_the_proxy(
    settings: Any,
) -> None:
    outside = Client(REMOTE_ADDR="203.0.113.9")
    assert outside.get("/metrics").status_code == 403
    relayed = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert relayed.get("/metrics").status_code == 403
    assert Client(REMOTE_ADDR="::ffff:127.0.0.1").get("/metrics").status_code == 200

    settings.GARRISON_METRICS_ALLOW = ["203.0.113.0/24"]
    assert outside.get("/metrics").status_code == 200
    assert Client().get("/metrics").status_code == 403  # loopback is no longer listed

    settings.GARRISON_METRICS_TOKEN = "a-long-random-metrics-token"
    token = Client(
        REMOTE_ADDR="198.51.100.7", HTTP_AUTHORIZATION="Bearer a-long-random-metrics-token"
    )
    assert token.get("/metrics").status_code == 200
    wrong = Client(REMOTE_ADDR="198.51.100.7", HTTP_AUTHORIZATION="Bearer guessed")
    assert wrong.get("/metrics").status_code == 403


def test_behind_the_readme_proxy_the_public_gets_no_metrics_and_a_probe_its_health() -> None:
    browser, proxy = client_behind_readme_proxy("203.0.113.50")
    assert browser.get("/metrics").status_code == 403
    assert browser.get("/healthz").status_code == 200
    assert proxy.seen == ["203.0.113.50", "203.0.113.50"]


def test_the_live_sockets_gauge_counts_the_sockets_open_and_not_the_refused(
    event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    def access(user: Any, session: Any, slug: str) -> consumers.Listening | None:
        return consumers.Listening(event.pk, None) if slug == event.slug else None

    monkeypatch.setattr(consumers, "_access", access)
    app = URLRouter([path("ws/events/<slug:event>/live/", consumers.LiveConsumer.as_asgi())])

    async def scenario() -> tuple[float, float]:
        listening, refused = (
            Socket(app, f"/ws/events/{event.slug}/live/"),
            Socket(app, "/ws/events/another/live/"),
        )
        assert (await listening.connect())[0]
        assert not (await refused.connect())[0]
        during = sample("garrison_live_sockets")
        await listening.disconnect()
        await refused.disconnect()
        return during, sample("garrison_live_sockets")

    before = sample("garrison_live_sockets")
    assert async_to_sync(scenario)() == (before + 1, before)


def test_jobs_are_counted_by_task_and_outcome_with_their_duration(
    django_capture_on_commit_callbacks: Any,
) -> None:
    name = fine.module_path
    done, timed = (
        sample("garrison_jobs_total", task=name, outcome="successful"),
        sample("garrison_job_duration_seconds_count", task=name),
    )
    failed = sample("garrison_jobs_total", task=broken.module_path, outcome="failed")
    with django_capture_on_commit_callbacks(execute=True):
        queue.enqueue(fine)
        queue.enqueue(broken)
    assert sample("garrison_jobs_total", task=name, outcome="successful") == done + 1
    assert sample("garrison_job_duration_seconds_count", task=name) == timed + 1
    assert sample("garrison_jobs_total", task=broken.module_path, outcome="failed") == failed + 1


def test_a_job_lost_with_its_worker_is_counted_as_lost(settings: Any) -> None:
    settings.TASKS = DATABASE_TASKS
    with transaction.atomic():
        task_id = queue.enqueue(fine)
    now = timezone.now()
    Worker.objects.create(id="gone", host="h", pid=1, started=now, seen=now, stopped=now)
    DBTaskResult.objects.filter(id=task_id).update(status="RUNNING", worker_ids=["gone"])
    lost = sample("garrison_jobs_total", task=fine.module_path, outcome="lost")
    assert queue.release_lost_tasks() == 1
    assert sample("garrison_jobs_total", task=fine.module_path, outcome="lost") == lost + 1


# What one process counts: a scan, and an open socket until it is told to stop.
COUNTING = textwrap.dedent(
    """
    import sys
    from garrison.core import metrics
    metrics.SCAN_DECISIONS.labels("ok", "online").inc()
    metrics.LIVE_SOCKETS.inc()
    print("counted", flush=True)
    sys.stdin.readline()
    """
)


def test_with_the_multiprocess_directory_every_process_is_summed_and_the_dead_forgotten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    processes = [
        subprocess.Popen(  # noqa: S603 - our interpreter, a fixed script
            [sys.executable, "-c", COUNTING],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        for process in processes:
            assert process.stdout is not None and process.stdout.readline().strip() == "counted"
        monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))

        def values() -> dict[str, float]:
            text = metrics.exposition().decode()
            return {
                s.name + str(sorted(s.labels.items())): s.value
                for family in text_string_to_metric_families(text)
                for s in family.samples
            }

        scans = "garrison_scan_decisions_total[('mode', 'online'), ('result', 'ok')]"
        assert values()[scans] == 2
        assert values()["garrison_live_sockets[]"] == 2
        processes[0].communicate("\n", timeout=30)
        assert values()[scans] == 2  # a count outlives its process
        assert values()["garrison_live_sockets[]"] == 1  # its sockets do not
    finally:
        for process in processes:
            if process.poll() is None:
                process.communicate("\n", timeout=30)

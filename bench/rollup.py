"""The national roll-up: a national event over SUBEVENTS provinces, and its commander's page.

Data (smaller than the issue's by default; raise with the environment): SUBEVENTS sub-events,
INCIDENTS incidents, TASKS tasks, SCANS scans and PRESENCE people inside, spread over them. The
national commander reads ``command:rollup`` (one aggregate query per figure) and, from the same
login, a sub-event's dashboard (read down the tree); the sub-event's own commander reads its
dashboard too. Server time through the full stack with Django's test client: p50 and p95.
Targets (issue 19, PostgreSQL, full data): roll-up p95 ≤ 300 ms, a sub-event's dashboard ≤ 150 ms.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
import uuid
from collections.abc import Sequence

from _django import percentile, setup

SUBEVENTS = int(os.environ.get("BENCH_SUBEVENTS", "63"))
INCIDENTS = int(os.environ.get("BENCH_INCIDENTS", "10000"))
TASKS = int(os.environ.get("BENCH_TASKS", "20000"))
SCANS = int(os.environ.get("BENCH_SCANS", "200000"))
PRESENCE = int(os.environ.get("BENCH_PRESENCE", "30000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "100"))
BATCH = 5000

setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from garrison.accounts.models import Role  # noqa: E402
from garrison.checkin.models import Checkpoint, Presence, Scan  # noqa: E402
from garrison.conftest import make_member, verified_client  # noqa: E402
from garrison.events.models import Event, Phase, Site, Zone  # noqa: E402
from garrison.ops.models import Incident, IncidentType  # noqa: E402
from garrison.planning.tasks.models import Task, TaskStatus  # noqa: E402


def _batched(model: type, rows: Sequence[object]) -> None:
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[start : start + BATCH])  # type: ignore[attr-defined]


def build() -> tuple[Event, list[Event]]:
    now = timezone.now()
    today = now.date()
    rng = random.Random(19)
    with transaction.atomic():
        national = Event.objects.create(
            slug="national", name="National", starts_on=today, ends_on=today + dt.timedelta(2)
        )
        children = [
            Event.objects.create(
                slug=f"province-{n:02d}",
                name=f"Province {n:02d}",
                starts_on=today,
                ends_on=today + dt.timedelta(2),
                parent=national,
            )
            for n in range(SUBEVENTS)
        ]
        zones, kinds, gates = {}, {}, {}
        for child in children:
            Phase.objects.create(
                event=child,
                kind="during",
                name="Congress days",
                starts_at=now - dt.timedelta(hours=2),
                ends_at=now + dt.timedelta(days=2),
            )
            site = Site.objects.create(event=child, name="Venue", kind="venue", lat=21, lon=105.8)
            zones[child.pk] = Zone.objects.create(
                event=child, site=site, code="A", name="Hall", polygon={}, access_level="open"
            )
            kinds[child.pk] = IncidentType.objects.create(event=child, name="Fire")
            gates[child.pk] = [
                Checkpoint.objects.create(event=child, zone=zones[child.pk], name=f"Gate {g}")
                for g in range(4)
            ]
        statuses = ["new", "triaged", "dispatched", "on_scene", "closed", "closed", "resolved"]
        _batched(
            Incident,
            [
                Incident(
                    event=(child := rng.choice(children)),
                    reference=f"B{n:09d}",
                    type=kinds[child.pk],
                    severity=rng.randint(1, 4),
                    status=rng.choice(statuses),
                    source="staff",
                    description="bench",
                    received_at=now - dt.timedelta(minutes=rng.randint(0, 5000)),
                )
                for n in range(INCIDENTS)
            ],
        )
        _batched(
            Task,
            [
                Task(
                    event=rng.choice(children),
                    title=f"Task {n}",
                    status=rng.choice([TaskStatus.OPEN, TaskStatus.IN_PROGRESS, TaskStatus.DONE]),
                    deadline=now + dt.timedelta(hours=rng.randint(-48, 48)),
                )
                for n in range(TASKS)
            ],
        )
        scans = []
        for _ in range(SCANS):
            child = rng.choice(children)
            scans.append(
                Scan(
                    event=child,
                    client_id=uuid.uuid4(),
                    zone=zones[child.pk],
                    checkpoint=rng.choice(gates[child.pk]),
                    direction="in",
                    result="ok",
                    scanned_at=now - dt.timedelta(minutes=rng.randint(0, 3 * 24 * 60)),
                )
            )
        _batched(Scan, scans)
        _batched(
            Presence,
            [
                Presence(
                    event=(child := children[n % SUBEVENTS]),
                    zone=zones[child.pk],
                    serial=n,
                    inside=n % 3 != 0,
                )
                for n in range(PRESENCE)
            ],
        )
    return national, children


def sample(client: Client, url: str) -> tuple[float, float, int]:
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return percentile(samples, 50) * 1000, percentile(samples, 95) * 1000, len(queries)


def main() -> None:
    settings.ALLOWED_HOSTS = ["testserver"]
    start = time.perf_counter()
    national, children = build()
    print(
        f"data: {SUBEVENTS} sub-events, {INCIDENTS} incidents, {TASKS} tasks, {SCANS} scans, "
        f"{PRESENCE} presences ({connection.vendor}), built in {time.perf_counter() - start:.0f} s"
    )
    chief = verified_client(make_member(national, Role.COMMANDER, "chief"))
    province = children[0]
    local = verified_client(make_member(province, Role.COMMANDER, "local-chief"))
    pages = {
        "national roll-up": (chief, reverse("command:rollup", kwargs={"event": national.slug})),
        "sub-event dashboard, read down": (
            chief,
            reverse("events:dashboard", kwargs={"event": province.slug}),
        ),
        "sub-event dashboard, own": (
            local,
            reverse("events:dashboard", kwargs={"event": province.slug}),
        ),
    }
    print(f"{'page':<32} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}  ({ROUNDS} requests each)")
    for name, (client, url) in pages.items():
        p50, p95, queries = sample(client, url)
        print(f"{name:<32} {p50:>8.1f} {p95:>8.1f} {queries:>8}")
    print("targets: roll-up p95 <= 300 ms, a sub-event's dashboard p95 <= 150 ms")


if __name__ == "__main__":
    main()

"""The national roll-up at the issue's scale: a national event over SUBEVENTS provinces, and its
commander's pages.

On PostgreSQL (``DATABASE_URL``, a database of its own: the bench fills it) the data is issue
19's: 63 sub-events, 300,000 accredited people, 1,000,000 scans, 10,000 incidents and 2,000 units
(and 20,000 tasks), the large tables written with COPY in a few minutes. Run again on the same
database, the bench measures the data already there. On SQLite it runs on smaller data (raise it
with the BENCH_* variables): the figures then show the shape, not the issue's targets.

The national commander reads ``command:rollup`` (one aggregate query per figure) and, from the
same login, a sub-event's dashboard (read down the tree); the sub-event's own commander reads its
dashboard too. Server time through the full stack with Django's test client: p50 and p95.
Targets (issue 19, PostgreSQL, full data): roll-up p95 ≤ 300 ms, a sub-event's dashboard ≤ 150 ms.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
import uuid
from collections.abc import Iterable, Sequence

from _django import percentile, setup

POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def _size(name: str, full: int, small: int) -> int:
    return int(os.environ.get(f"BENCH_{name}", str(full if POSTGRES else small)))


SUBEVENTS = _size("SUBEVENTS", 63, 63)
PEOPLE = _size("PEOPLE", 300_000, 30_000)
SCANS = _size("SCANS", 1_000_000, 200_000)
INCIDENTS = _size("INCIDENTS", 10_000, 10_000)
UNITS = _size("UNITS", 2_000, 2_000)
TASKS = _size("TASKS", 20_000, 20_000)
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "100"))
BATCH = 5000
# Two in five accredited people are inside a zone of their province right now.
INSIDE_SHARE = 0.4

setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Model  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from garrison.accounts.models import Membership, Role, User  # noqa: E402
from garrison.accreditation.models import Category, Person  # noqa: E402
from garrison.checkin.models import Checkpoint, Presence, Scan  # noqa: E402
from garrison.conftest import make_member, verified_client  # noqa: E402
from garrison.events.models import Event, Phase, Site, Zone  # noqa: E402
from garrison.forces.models import Unit  # noqa: E402
from garrison.ops.models import Incident, IncidentType  # noqa: E402
from garrison.planning.tasks.models import Task, TaskStatus  # noqa: E402

NATIONAL = "bench-national"


def store(model: type[Model], columns: Sequence[str], rows: Iterable[tuple[object, ...]]) -> None:
    """Write ``rows`` (values for ``columns``: the fields' attnames, which are their columns in
    these tables) fast: COPY on PostgreSQL, bulk inserts in batches elsewhere."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        sql = f"COPY {table} ({names}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
        return
    batch: list[Model] = []
    for row in rows:
        batch.append(model(**dict(zip(columns, row, strict=True))))
        if len(batch) == BATCH:
            model._default_manager.bulk_create(batch)
            batch = []
    model._default_manager.bulk_create(batch)


def _units(children: list[Event]) -> None:
    """UNITS units: one command per province and the rest spread under them, paths kept."""
    roots = Unit.objects.bulk_create(
        Unit(event=child, name=f"{child.name} command", code="CMD", type="police")
        for child in children
    )
    for root in roots:
        root.path = f"/{root.pk}/"
    Unit.objects.bulk_update(roots, ["path"])
    rest = [
        Unit(
            event_id=(root := roots[n % len(roots)]).event_id,
            parent=root,
            name=f"Unit {n}",
            code=f"U{n}",
            type="police",
        )
        for n in range(max(UNITS - len(roots), 0))
    ]
    Unit.objects.bulk_create(rest, batch_size=BATCH)
    for unit in rest:
        unit.path = f"{unit.parent.path}{unit.pk}/"  # type: ignore[union-attr]
    Unit.objects.bulk_update(rest, ["path"], batch_size=BATCH)


def build() -> tuple[Event, list[Event]]:
    now = timezone.now()
    today = now.date()
    rng = random.Random(19)
    with transaction.atomic():
        national = Event.objects.create(
            slug=NATIONAL, name="National", starts_on=today, ends_on=today + dt.timedelta(2)
        )
        children = [
            Event.objects.create(
                slug=f"bench-province-{n:02d}",
                name=f"Province {n:02d}",
                starts_on=today,
                ends_on=today + dt.timedelta(2),
                parent=national,
            )
            for n in range(SUBEVENTS)
        ]
        zones: dict[int, list[Zone]] = {}
        kinds, gates, categories = {}, {}, {}
        for child in children:
            Phase.objects.create(
                event=child,
                kind="during",
                name="Congress days",
                starts_at=now - dt.timedelta(hours=2),
                ends_at=now + dt.timedelta(days=2),
            )
            site = Site.objects.create(event=child, name="Venue", kind="venue", lat=21, lon=105.8)
            zones[child.pk] = [
                Zone.objects.create(
                    event=child,
                    site=site,
                    code=code,
                    name=f"Zone {code}",
                    polygon={},
                    access_level="open",
                    capacity=PEOPLE // SUBEVENTS,
                )
                for code in "ABCD"
            ]
            kinds[child.pk] = IncidentType.objects.create(event=child, name="Fire")
            categories[child.pk] = Category.objects.create(event=child, code="D", name="Delegate")
            gates[child.pk] = [
                Checkpoint.objects.create(event=child, zone=zone, name=f"Gate {zone.code}")
                for zone in zones[child.pk]
            ]
        _units(children)
        statuses = ["new", "triaged", "dispatched", "on_scene", "closed", "closed", "resolved"]
        Incident.objects.bulk_create(
            (
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
            ),
            batch_size=BATCH,
        )
        Task.objects.bulk_create(
            (
                Task(
                    event=rng.choice(children),
                    title=f"Task {n}",
                    status=rng.choice([TaskStatus.OPEN, TaskStatus.IN_PROGRESS, TaskStatus.DONE]),
                    deadline=now + dt.timedelta(hours=rng.randint(-48, 48)),
                )
                for n in range(TASKS)
            ),
            batch_size=BATCH,
        )
        # People: one in each province's turn, each with a presence in one of its zones.
        homes = [children[n % SUBEVENTS] for n in range(PEOPLE)]
        store(
            Person,
            (
                *("event_id", "category_id", "full_name", "organisation", "position", "ref"),
                *("photo_sha256", "dedupe_key", "search_name", "created"),
            ),
            (
                (home.pk, categories[home.pk].pk, f"Person {n}", "", "", "", "", f"p{n}", "", now)
                for n, home in enumerate(homes)
            ),
        )
        store(
            Presence,
            ("event_id", "zone_id", "serial", "inside", "updated"),
            (
                (home.pk, zones[home.pk][n % 4].pk, n + 1, rng.random() < INSIDE_SHARE, now)
                for n, home in enumerate(homes)
            ),
        )
        # Scans over the last three days, a third of them today.
        span = 3 * 24 * 60 * 60

        store(
            Scan,
            (
                *("event_id", "client_id", "checkpoint_id", "zone_id", "direction", "serial"),
                *("version", "result", "scanned_at", "received_at", "offline", "flagged"),
            ),
            (
                (
                    (child := children[rng.randrange(SUBEVENTS)]).pk,
                    uuid.uuid4(),
                    (gate := gates[child.pk][n % 4]).pk,
                    gate.zone_id,
                    "in",
                    n % 9000 + 1,
                    1,
                    "ok",
                    (at := now - dt.timedelta(seconds=rng.randrange(span))),
                    at,
                    False,
                    False,
                )
                for n in range(SCANS)
            ),
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return national, children


def existing() -> tuple[Event, list[Event]] | None:
    national = Event.objects.filter(slug=NATIONAL).first()
    if national is None:
        return None
    return national, list(Event.objects.filter(parent=national).order_by("slug"))


def sample(client: Client, url: str) -> tuple[float, float, float, int]:
    # The first request pays for the templates, the connection and, for the roll-up, the day's
    # first count of the scans (command/scan_counts.py): shown apart, then p50/p95 of the rest.
    start = time.perf_counter()
    client.get(url)
    first = time.perf_counter() - start
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    p50, p95 = percentile(samples, 50), percentile(samples, 95)
    return first * 1000, p50 * 1000, p95 * 1000, len(queries)


def member(event: Event, username: str) -> Client:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = make_member(event, Role.COMMANDER, username)
    elif not Membership.objects.filter(user=user, event=event).exists():
        raise SystemExit(f"{username} exists but does not command {event.slug}")
    return verified_client(user)


def main() -> None:
    settings.ALLOWED_HOSTS = ["testserver"]
    if not POSTGRES:
        print("PostgreSQL not configured (DATABASE_URL): smaller data on SQLite, not the targets")
    start = time.perf_counter()
    found = existing()
    national, children = found if found is not None else build()
    verb = "found" if found is not None else f"built in {time.perf_counter() - start:.0f} s"
    counts = {
        "people": Person.objects.filter(event__parent=national).count(),
        "scans": Scan.objects.count(),
        "incidents": Incident.objects.filter(event__parent=national).count(),
        "units": Unit.objects.filter(event__parent=national).count(),
        "tasks": Task.objects.filter(event__parent=national).count(),
    }
    figures = ", ".join(f"{n:,} {name}" for name, n in counts.items())
    print(f"data ({connection.vendor}): {len(children)} sub-events, {figures}; {verb}")
    chief = member(national, "bench-chief")
    province = children[0]
    local = member(province, "bench-local-chief")
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
    print(
        f"{'page':<32} {'first ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}"
        f"  ({ROUNDS} requests each after the first)"
    )
    for name, (client, url) in pages.items():
        first, p50, p95, queries = sample(client, url)
        print(f"{name:<32} {first:>8.1f} {p50:>8.1f} {p95:>8.1f} {queries:>8}")
    print("targets: roll-up p95 <= 300 ms, a sub-event's dashboard p95 <= 150 ms")


if __name__ == "__main__":
    main()

"""Server time of the plan's heaviest reads at scale: 10,000 tasks across 1,000 units.

The "overdue" task list and the progress page (per unit and per phase), through the full stack
with Django's test client, as the commander: p50 and p95 over repeated calls. Target ≤ 150 ms.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from _django import percentile, setup

setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from garrison.accounts.models import User  # noqa: E402
from garrison.demo import events as demo_events  # noqa: E402
from garrison.forces.models import Unit  # noqa: E402
from garrison.planning.models import Task, TaskStatus  # noqa: E402

TASKS, UNITS, ROUNDS = 10_000, 1_000, 50


def populate(event_id: int, owner_id: int, phase_ids: list[int]) -> None:
    rng = random.Random(7)
    root = Unit.objects.create(event_id=event_id, name="Bench command", code="BENCH", type="police")
    root.path = f"/{root.pk}/"
    root.save(update_fields=["path"])
    units = Unit.objects.bulk_create(
        Unit(event_id=event_id, parent=root, name=f"Unit {n:04d}", code=f"U{n:04d}", type="police")
        for n in range(UNITS - 1)
    )
    for unit in units:
        unit.path = f"/{root.pk}/{unit.pk}/"
    Unit.objects.bulk_update(units, ["path"])
    unit_ids = [root.pk, *(u.pk for u in units)]
    now = timezone.now()
    statuses = [s for s in TaskStatus.values if s != TaskStatus.DRAFT]
    Task.objects.bulk_create(
        (
            Task(
                event_id=event_id,
                title=f"Bench task {n}",
                deliverable="Report",
                owner_id=owner_id,
                unit_id=rng.choice(unit_ids),
                phase_id=rng.choice(phase_ids),
                deadline=now + dt.timedelta(hours=rng.randint(-24 * 20, 24 * 20)),
                status=rng.choice(statuses),
            )
            for n in range(TASKS)
        ),
        batch_size=2000,
    )


def main() -> None:
    settings.ALLOWED_HOSTS = ["testserver"]
    event = demo_events.load().event
    user = User.objects.get(username="commander")
    populate(event.pk, user.pk, list(event.phases.values_list("pk", flat=True)))
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    slug = {"event": event.slug}
    pages = {
        "overdue": reverse("planning:tasks", kwargs=slug) + "?view=overdue",
        "progress": reverse("planning:progress", kwargs=slug),
        "digest": reverse("planning:digest", kwargs=slug),
    }
    print(f"{Task.objects.count()} tasks, {Unit.objects.count()} units; target ≤ 150 ms")
    print(f"{'page':<10} {'p50 ms':>8} {'p95 ms':>8}  ({ROUNDS} requests each)")
    for name, url in pages.items():
        samples = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - start)
            if response.status_code != 200:
                raise SystemExit(f"{name}: {url} answered {response.status_code}")
        p50, p95 = percentile(samples, 50) * 1000, percentile(samples, 95) * 1000
        print(f"{name:<10} {p50:8.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()

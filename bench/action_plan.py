"""Action plan packet figures: the PDF for an event of 60 units, 150 posts, 2,000 resources.

Builds the period's packet (ICS 202–208) in Vietnamese from the live data and publishes it
(hash, signature, audit), printing pages and seconds for each. The event has 450 members on
three shifts a post (450 ICS 204 lines), 20 radio channels, 5 hospitals and 8 hotels; without a
road network the medical plan's travel times are left out (the routing is timed by traffic's
own bench). The packet does not list delegates, so the 1,600 of the target do not change it.
"""

from __future__ import annotations

import datetime as dt
import os
import time

from _django import make_event, setup

UNITS = int(os.environ.get("BENCH_UNITS", "60"))
POSTS = int(os.environ.get("BENCH_POSTS", "150"))
RESOURCES = int(os.environ.get("BENCH_RESOURCES", "2000"))

setup()

from django.utils import timezone  # noqa: E402

from garrison.accounts.models import Membership, Role  # noqa: E402
from garrison.conftest import make_member  # noqa: E402
from garrison.events.models import Site  # noqa: E402
from garrison.forces.models import Assignment, ForceMember, Post, Unit  # noqa: E402
from garrison.readiness.catalogue.services import install_standard_catalogue  # noqa: E402
from garrison.readiness.models import Channel, Resource, ResourceType, SafetyMessage  # noqa: E402
from garrison.reports import services  # noqa: E402
from garrison.reports.packet import build_packet  # noqa: E402
from garrison.reports.publishing import services as publishing  # noqa: E402


def main() -> None:
    event = make_event()
    commander = make_member(event, Role.COMMANDER)
    membership = Membership.objects.select_related("user", "event").get(user=commander, event=event)
    install_standard_catalogue(membership)
    plan = services.plan_for(event)
    venue = Site.objects.create(event=event, name="Venue", kind="venue", lat=21.02, lon=105.84)
    for n in range(8):
        Site.objects.create(event=event, name=f"Hotel {n}", kind="hotel", lat=21.03, lon=105.85)
    for n in range(5):
        Site.objects.create(event=event, name=f"Hospital {n}", kind="hospital", lat=21.0, lon=105.8)
    top = Unit.objects.create(event=event, name="Command", code="CMD", type="police", path="0/")
    units = Unit.objects.bulk_create(
        Unit(
            event=event,
            name=f"Unit {n}",
            code=f"U{n:02d}",
            type="police",
            parent=top,
            path=f"0/{n}/",
        )
        for n in range(1, UNITS)
    )
    posts = Post.objects.bulk_create(
        Post(event=event, name=f"Post {n}", code=f"P{n:03d}", site=venue) for n in range(POSTS)
    )
    members = ForceMember.objects.bulk_create(
        ForceMember(
            event=event, unit=units[n % len(units)], full_name=f"Nguyễn Văn {n}", rank="Thượng úy"
        )
        for n in range(POSTS * 3)
    )
    shifts = []
    for n, member in enumerate(members):
        starts = plan.period_starts + dt.timedelta(hours=8 * (n % 3))
        shifts.append(Assignment(event=event, post=posts[n // 3], member=member, starts_at=starts,
                                 ends_at=starts + dt.timedelta(hours=8)))  # fmt: skip
    Assignment.objects.bulk_create(shifts)
    types = list(ResourceType.objects.filter(event=event))
    Resource.objects.bulk_create(
        Resource(
            event=event,
            type=types[n % len(types)],
            identifier=f"R-{n:05d}",
            owner_unit=units[n % len(units)],
            post=posts[n % len(posts)],
        )
        for n in range(RESOURCES)
    )
    Channel.objects.bulk_create(
        Channel(event=event, number=n, name=f"Kênh {n}", function="tactical", talk_group=3000 + n)
        for n in range(1, 21)
    )
    SafetyMessage.objects.create(event=event, period_starts=plan.period_starts,
                                 period_ends=plan.period_ends, message="An toàn là trên hết.\n" * 20,
                                 prepared_by=commander)  # fmt: skip
    services.save_objectives(membership, plan, "Bảo đảm tuyệt đối an toàn.\n" * 10)
    print(f"event: {UNITS} units, {POSTS} posts, {len(members)} members on shifts, "
          f"{RESOURCES} resources")  # fmt: skip
    for language in ("vi", "en"):
        start = time.perf_counter()
        packet = build_packet(plan, language, 1, timezone.now())
        seconds = time.perf_counter() - start
        print(f"packet ({language}): {packet.pages} pages, {len(packet.pdf) / 1024:.0f} KB, "
              f"{seconds:.2f} s (target ≤ 30 s)")  # fmt: skip
    start = time.perf_counter()
    published = publishing.publish_plan(membership, plan, "vi")
    print(f"publish (build, hash, sign, store, audit): {published.pages} pages, "
          f"{time.perf_counter() - start:.2f} s")  # fmt: skip
    start = time.perf_counter()
    assert services.verify_bytes(event, bytes(published.pdf)).ok
    print(f"verify: {(time.perf_counter() - start) * 1000:.1f} ms")


if __name__ == "__main__":
    main()

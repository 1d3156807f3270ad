"""Readiness figures: the readiness page and its JSON for an event of 60 units, 150 posts and
2,000 resources (target: 150 ms of server time for the page).

The event is built directly (bulk inserts, not the audited services: the bench measures the
read). Each post needs two or three types; about a third of the posts lack something, some
items expire soon, some are out of service. Server time is the time Django takes to answer the
request in process (Django's test client: middleware, view, queries, template), the best of
several runs after one warm-up.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from typing import Any

from _django import make_event, setup, timed

UNITS = int(os.environ.get("BENCH_UNITS", "60"))
POSTS = int(os.environ.get("BENCH_POSTS", "150"))
RESOURCES = int(os.environ.get("BENCH_RESOURCES", "2000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))

setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from garrison.accounts.models import Membership, Role  # noqa: E402
from garrison.conftest import make_member  # noqa: E402
from garrison.events.models import Site, Zone  # noqa: E402
from garrison.forces.models import Post, Unit  # noqa: E402
from garrison.readiness.catalogue.services import install_standard_catalogue  # noqa: E402
from garrison.readiness.models import (  # noqa: E402
    Requirement,
    Resource,
    ResourceStatus,
    ResourceType,
)


def build() -> tuple[str, Client]:
    rng = random.Random(16)
    event = make_event("readinessbench", "Readiness bench")
    planner = Membership.objects.select_related("user", "event").get(
        user=make_member(event, Role.PLANNER, username="bench-planner")
    )
    install_standard_catalogue(planner)
    types = list(ResourceType.objects.filter(event=event))
    sites = [
        Site.objects.create(event=event, name=f"Site {n}", kind="hotel", lat=21.0, lon=105.8)
        for n in range(10)
    ]
    zones = [
        Zone.objects.create(
            event=event, site=sites[0], code=f"Z{n}", name=f"Zone {n}", polygon={},
            access_level="controlled",
        )
        for n in range(20)
    ]  # fmt: skip
    units = [
        Unit.objects.create(event=event, name=f"Unit {n}", code=f"U{n}", type="police")
        for n in range(UNITS)
    ]
    posts = Post.objects.bulk_create(
        Post(event=event, name=f"Post {n}", code=f"P{n}", site=sites[n % len(sites)])
        for n in range(POSTS)
    )
    levels: list[Requirement] = []
    for post in posts:
        for resource_type in rng.sample(types, 3):
            levels.append(
                Requirement(event=event, type=resource_type, quantity=rng.randint(1, 4), post=post)
            )
    for site in sites:
        levels.append(Requirement(event=event, type=types[0], quantity=2, site=site))
    for zone in zones:
        levels.append(Requirement(event=event, type=types[3], quantity=6, zone=zone))
    Requirement.objects.bulk_create(levels)
    today = timezone.localdate(timezone.now(), event.tzinfo)
    items: list[Resource] = []
    for n in range(RESOURCES):
        level = levels[n % len(levels)]
        status = ResourceStatus.OUT_OF_SERVICE if n % 37 == 0 else ResourceStatus.IN_SERVICE
        expires = today + dt.timedelta(days=rng.choice([5, 30, 400, 800])) if n % 3 else None
        items.append(
            Resource(
                event=event,
                type=level.type,
                identifier="" if level.type.consumable else f"B-{n}",
                quantity=rng.randint(1, 4) if level.type.consumable else 1,
                owner_unit=units[n % len(units)],
                site=level.site,
                zone=level.zone,
                post=level.post if n % 5 else None,  # a fifth are in store
                status=status,
                expires_on=expires,
            )
        )
    Resource.objects.bulk_create(items, batch_size=500)
    viewer = make_member(event, Role.VIEWER, username="bench-viewer")
    settings.ALLOWED_HOSTS = ["testserver"]  # the in-process client's host
    client = Client()
    client.force_login(viewer)
    return event.slug, client


def count_queries(client: Client, url: str) -> int:
    """The statements one request runs (the debug log is reset at each request's start)."""
    statements: list[str] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        client.get(url)
    return len(statements)


def main() -> None:
    slug, client = build()
    print(
        f"readiness: {UNITS} units, {POSTS} posts, {RESOURCES} resources, "
        f"{Requirement.objects.filter(event__slug=slug).count()} minimum levels "
        f"({connection.vendor})"
    )

    for name, label in (("readiness:board", "page"), ("api:readiness_places", "JSON")):
        url = reverse(name, kwargs={"event": slug})
        response = client.get(url)  # warm: the session, templates, the catalogue of messages
        assert response.status_code == 200, (url, response.status_code)
        queries = count_queries(client, url)
        seconds = timed(lambda url=url: client.get(url), repeat=REPEAT)  # type: ignore[misc]
        print(
            f"  {label:<5} {seconds * 1000:6.1f} ms server time (best of {REPEAT}), "
            f"{queries} queries, {len(response.content) // 1024} KiB"
        )
    print("  target: the page ≤ 150 ms")


if __name__ == "__main__":
    main()

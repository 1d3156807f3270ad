"""Fixtures for the events screens: shapes, a site with an outline, a zone, logged-in clients."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from garrison.accounts.models import Membership, User
from garrison.events import services
from garrison.events.models import Event, Phase, Site, Zone


def ring(*corners: tuple[float, float]) -> dict[str, Any]:
    """A GeoJSON Polygon from (lon, lat) corners, closed by repeating the first."""
    points = [list(c) for c in corners]
    return {"type": "Polygon", "coordinates": [[*points, points[0]]]}


SQUARE = ring((105.84, 21.02), (105.85, 21.02), (105.85, 21.03), (105.84, 21.03))
INNER = ring((105.842, 21.022), (105.845, 21.022), (105.845, 21.025), (105.842, 21.025))
OUTSIDE = ring((105.86, 21.02), (105.87, 21.02), (105.87, 21.03), (105.86, 21.03))
# Two triangles meeting in a point: the classic self-intersecting "bowtie".
BOWTIE = ring((105.84, 21.02), (105.85, 21.03), (105.85, 21.02), (105.84, 21.03))

ClientFor = Callable[[User], Client]
MembershipOf = Callable[[User, Event], Membership]


@pytest.fixture
def planner_client(planner: User, client_for: ClientFor) -> Client:
    return client_for(planner)


@pytest.fixture
def viewer_client(viewer: User, client_for: ClientFor) -> Client:
    return client_for(viewer)


@pytest.fixture
def venue(event: Event, planner: User, membership_of: MembershipOf) -> Site:
    return services.create_site(
        membership_of(planner, event),
        services.SiteData(
            name="Conference centre",
            kind="venue",
            lat=21.025,
            lon=105.845,
            address="1 Congress Road",
            polygon=SQUARE,
        ),
    )


@pytest.fixture
def hall(event: Event, venue: Site, planner: User, membership_of: MembershipOf) -> Zone:
    return services.create_zone(
        membership_of(planner, event),
        services.ZoneData(
            site_id=venue.pk,
            code="A1",
            name="Main hall",
            polygon=INNER,
            access_level="restricted",
            capacity=1200,
        ),
    )


@pytest.fixture
def opening(event: Event, planner: User, membership_of: MembershipOf) -> Phase:
    """The opening session: 08:00–12:00 on the first day, in the event's zone (UTC+7)."""
    start = dt.datetime(2026, 12, 1, 8, 0, tzinfo=event.tzinfo)
    return services.create_phase(
        membership_of(planner, event),
        services.PhaseData(
            kind="during", name="Opening session", starts_at=start, ends_at=start.replace(hour=12)
        ),
    )


@pytest.fixture
def foreign_site(other_event: Event) -> Site:
    """A site of another event: its id must answer 404 in ours."""
    return Site.objects.create(
        event=other_event, name="Elsewhere", kind="hotel", lat=10.8, lon=106.7, polygon=SQUARE
    )


@pytest.fixture
def foreign_zone(other_event: Event, foreign_site: Site) -> Zone:
    return Zone.objects.create(
        event=other_event,
        site=foreign_site,
        code="Z9",
        name="Elsewhere hall",
        polygon=INNER,
        access_level="open",
    )


@pytest.fixture
def foreign_phase(other_event: Event) -> Phase:
    start = dt.datetime(2026, 12, 1, 8, tzinfo=other_event.tzinfo)
    return Phase.objects.create(
        event=other_event,
        kind="before",
        name="Elsewhere",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )

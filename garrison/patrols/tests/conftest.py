"""A patrol world: three points along the venue's front, one ordered tour every hour walked in
30 minutes with 10 minutes' grace, and the clock on the event's first morning."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import time_machine

from garrison.accounts.models import Membership, User
from garrison.events.models import Event
from garrison.patrols import services
from garrison.patrols.models import Point, Tour

MembershipOf = Callable[[User, Event], Membership]


@dataclass
class World:
    event: Event
    planner: Membership
    walker: Membership
    points: list[Point]
    tour: Tour
    morning: dt.datetime  # 08:00 on the first day, when the first round starts


@pytest.fixture
def world(
    event: Event,
    members: dict[str, User],
    membership_of: MembershipOf,
    clock: time_machine.Traveller,
) -> World:
    morning = dt.datetime.combine(event.starts_on, dt.time(8), tzinfo=event.tzinfo)
    clock.move_to(morning - dt.timedelta(minutes=30))  # the tour is made before its first round
    planner = membership_of(members["planner"], event)
    walker = membership_of(members["field_officer"], event)
    # About 150 m apart along one street: a minute or two on foot.
    spots = [(21.02450, 105.84120), (21.02450, 105.84265), (21.02450, 105.84410)]
    points = [
        services.create_point(
            planner, services.PointData(f"Gate {n}", lat, lon, radius_m=30, risk=n)
        )
        for n, (lat, lon) in enumerate(spots, start=1)
    ]
    tour = services.create_tour(
        planner,
        services.TourData(
            "Venue front",
            [p.pk for p in points],
            every_minutes=60,
            walk_minutes=30,
            grace_minutes=10,
            day_start=dt.time(8),
            day_end=dt.time(20),
        ),
    )
    clock.move_to(morning + dt.timedelta(hours=1))  # the first round is over; scans are past
    return World(event, planner, walker, points, tour, morning)

"""Matrix rows for patrols: planners lay out points and tours; walkers scan; readers read."""

from __future__ import annotations

import itertools
from typing import Any

from garrison.core.testing import ALL_ROLES, JSON, JsonBody, Route
from garrison.events.models import Event
from garrison.patrols.models import Point, Stop, Tour
from garrison.patrols.roles import PLANNERS as PLANNER_ROLES
from garrison.patrols.roles import READERS as READER_ROLES
from garrison.patrols.roles import WALKERS as WALKER_ROLES

PLANNERS: frozenset[str] = frozenset(PLANNER_ROLES)
WALKERS: frozenset[str] = frozenset(WALKER_ROLES)
READERS: frozenset[str] = frozenset(READER_ROLES)
_serial = itertools.count(700_001)


def make_point(event: Event) -> Point:
    serial = next(_serial)
    return Point.objects.create(
        event=event, serial=serial, name=f"Point {serial}", lat=21.0245, lon=105.8412
    )


def make_tour(event: Event) -> Tour:
    tour = Tour.objects.create(event=event, name=f"Tour {next(_serial)}")
    Stop.objects.create(tour=tour, point=make_point(event), position=0)
    return tour


def point_kwargs(event: Event) -> dict[str, Any]:
    return {"pk": make_point(event).pk}


def tour_kwargs(event: Event) -> dict[str, Any]:
    return {"pk": make_tour(event).pk}


def _api(name: str, roles: frozenset[str], **extra: Any) -> Route:
    return Route(f"api:{name}", roles=roles, anonymous="401", **extra)


ROUTES: list[Route] = [
    Route("patrols:tours", roles=READERS),
    Route("patrols:tour", roles=READERS, kwargs=tour_kwargs),
    Route("patrols:tour_create", roles=PLANNERS),
    Route("patrols:tour_edit", roles=PLANNERS, kwargs=tour_kwargs),
    Route("patrols:points", roles=PLANNERS),
    Route("patrols:point_create", roles=PLANNERS),
    Route("patrols:point_edit", roles=PLANNERS, kwargs=point_kwargs),
    Route("patrols:plaques", roles=PLANNERS),
    Route("patrols:walk", roles=WALKERS),
    # The live picture's layer: every member, as every member reads the live picture.
    Route("patrols:layer", roles=ALL_ROLES),
    _api("patrols_walk", WALKERS),
    _api(
        "patrols_visits",
        WALKERS,
        method="POST",
        data=JsonBody(items=[]),
        content_type=JSON,
    ),
]

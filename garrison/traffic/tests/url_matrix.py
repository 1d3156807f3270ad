"""Matrix rows for the traffic screens: movements for every member, planning for planners."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from garrison.core.testing import ALL_ROLES, PLANNERS, Route
from garrison.events.models import Event, Site, SiteKind
from garrison.traffic.models import Movement

_serial = itertools.count(1)


def movement_kwargs(event: Event) -> dict[str, Any]:
    n = next(_serial)
    a = Site.objects.create(
        event=event, name=f"Matrix A{n}", kind=SiteKind.HOTEL, lat=21.02, lon=105.84
    )
    b = Site.objects.create(
        event=event, name=f"Matrix B{n}", kind=SiteKind.VENUE, lat=21.022, lon=105.842
    )
    movement = Movement.objects.create(
        event=event,
        name=f"Matrix movement {n}",
        origin=a,
        destination=b,
        departs_at=dt.datetime(2026, 12, 1, 7, 15, tzinfo=event.tzinfo),
    )
    return {"pk": movement.pk}


ROUTES: list[Route] = [
    Route("traffic:movements", roles=ALL_ROLES),
    Route("traffic:movement_create", roles=PLANNERS),
    Route("traffic:movement", roles=ALL_ROLES, kwargs=movement_kwargs),
]

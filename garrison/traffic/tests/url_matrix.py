"""Matrix rows for the traffic screens: movements for every member, planning for planners."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from garrison.core.testing import ALL_ROLES, JSON, JsonBody, Route
from garrison.events.models import Event, Site, SiteKind
from garrison.traffic.models import Closure, ClosureSource, Movement, Notice, RoadNetwork
from garrison.traffic.roles import PLANNERS

PLANNER_ROLES = frozenset(PLANNERS)

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


def closure_kwargs(event: Event) -> dict[str, Any]:
    network = RoadNetwork.objects.create(
        event=event,
        name=f"matrix-{next(_serial)}",
        source="matrix.osm",
        imported_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        min_lat=21.0,
        min_lon=105.8,
        max_lat=21.1,
        max_lon=105.9,
    )
    closure = Closure.objects.create(
        event=event,
        network=network,
        source=ClosureSource.HAND,
        street="Matrix street",
        starts_at=dt.datetime(2026, 12, 1, 7, 0, tzinfo=event.tzinfo),
        ends_at=dt.datetime(2026, 12, 1, 7, 30, tzinfo=event.tzinfo),
    )
    return {"pk": closure.pk}


def notice_kwargs(event: Event) -> dict[str, Any]:
    notice = Notice.objects.create(event=event, title=f"Matrix notice {next(_serial)}")
    return {"pk": notice.pk}


ROUTES: list[Route] = [
    Route("traffic:movements", roles=ALL_ROLES),
    Route("traffic:roads", roles=ALL_ROLES),
    Route("traffic:layers", roles=ALL_ROLES),
    Route("traffic:movement_create", roles=PLANNER_ROLES),
    Route("traffic:movement", roles=ALL_ROLES, kwargs=movement_kwargs),
    Route("traffic:movement_close", roles=PLANNER_ROLES, kwargs=movement_kwargs, method="POST"),
    Route("traffic:movement_compare", roles=PLANNER_ROLES, kwargs=movement_kwargs),
    Route("traffic:closures", roles=ALL_ROLES),
    Route("traffic:closure_draw", roles=PLANNER_ROLES, method="POST"),
    Route("traffic:closure_delete", roles=PLANNER_ROLES, kwargs=closure_kwargs),
    Route("traffic:disruption", roles=PLANNER_ROLES),
    Route("traffic:notices", roles=ALL_ROLES),
    Route("traffic:notice_create", roles=PLANNER_ROLES, method="POST"),
    Route("traffic:notice_publish", roles=PLANNER_ROLES, kwargs=notice_kwargs, method="POST"),
    Route("traffic:notice_withdraw", roles=PLANNER_ROLES, kwargs=notice_kwargs, method="POST"),
    # Public: no login. An event that has published nothing answers 404 to everyone (nothing
    # about it leaks), which is also what a member of another event gets here.
    Route("notices:public", roles=None, anonymous="public"),
    Route("notices:feed_json", roles=None, anonymous="public"),
    Route("notices:feed_atom", roles=None, anonymous="public"),
    Route("notices:pdf", roles=None, anonymous="public", kwargs=notice_kwargs),
    Route("notices:roads", roles=None, anonymous="public"),
    Route(
        "notices:tiles", roles=None, anonymous="public", kwargs=lambda e: {"z": 1, "x": 1, "y": 0}
    ),
    Route("notices:index", roles=None, anonymous="public", event_scoped=False),
    # The site ids are unknown when the rows are built: planners get 400 (no such site).
    Route(
        "api:traffic_movement_create",
        roles=PLANNER_ROLES,
        anonymous="401",
        method="POST",
        data=JsonBody(
            name="API matrix",
            origin_site_id=999999,
            destination_site_id=999998,
            departs_at="2026-12-01T07:15:00+07:00",
        ),
        content_type=JSON,
    ),
]

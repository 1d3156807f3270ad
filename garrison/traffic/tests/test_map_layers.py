"""The traffic plan as layers of the live picture's map: closures not yet reopened, and the
routes of movements around now."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from garrison.accounts.models import Role
from garrison.conftest import make_member, verified_client
from garrison.events.models import Event
from garrison.traffic.models import Closure, Movement, RoadNetwork

LINE = [[21.024, 105.852], [21.025, 105.856]]


def test_the_layers_hold_closures_not_yet_reopened_and_routes_around_now(event: Event) -> None:
    now = timezone.now()
    network = RoadNetwork.objects.create(
        event=event, name="hanoi", source="x.osm", imported_at=now,
        min_lat=21.0, min_lon=105.8, max_lat=21.1, max_lon=105.9,
    )  # fmt: skip

    def closure(street: str, starts: dt.timedelta, ends: dt.timedelta) -> None:
        Closure.objects.create(
            event=event, network=network, source="hand", street=street, line=LINE,
            starts_at=now + starts, ends_at=now + ends,
        )  # fmt: skip

    closure("Phố Tràng Tiền", -dt.timedelta(hours=1), dt.timedelta(hours=1))
    closure("Phố Hai Bà Trưng", dt.timedelta(hours=2), dt.timedelta(hours=3))
    closure("Phố Lý Thái Tổ", -dt.timedelta(hours=3), -dt.timedelta(hours=2))
    route = {"routes": [{"line": [[*point, 0] for point in LINE]}]}
    Movement.objects.create(
        event=event, name="Đoàn 1", departs_at=now + dt.timedelta(hours=2), route=route
    )
    Movement.objects.create(
        event=event, name="Đoàn 9", departs_at=now + dt.timedelta(days=3), route=route
    )
    client = verified_client(make_member(event, Role.FIELD_OFFICER))

    plan = client.get(reverse("traffic:layers", kwargs={"event": event.slug})).json()

    assert [(c["street"], c["active"]) for c in plan["closures"]] == [
        ("Phố Tràng Tiền", True),
        ("Phố Hai Bà Trưng", False),
    ]
    assert [(r["name"], r["line"]) for r in plan["routes"]] == [("Đoàn 1", LINE)]


def test_the_live_picture_offers_its_layers_by_name(event: Event) -> None:
    client = verified_client(make_member(event, Role.DUTY_OFFICER))
    page = client.get(reverse("ops:live", kwargs={"event": event.slug})).content.decode()
    assert "events/layers.js" in page
    assert reverse("traffic:layers", kwargs={"event": event.slug}) in page
    for label in ("Road closures", "Convoy routes", "Incidents: %(severity)s", "Units: %(state)s"):
        assert label in page

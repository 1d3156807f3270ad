"""The demo congress's traffic plan: the Hanoi road network and the delegates' movements.

Called by ``garrison load_demo`` (one line). Idempotent: the network is imported only when the
event has none, and a movement is planned only when its name is not there yet.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from garrison.accounts.models import Membership
from garrison.events import demo_data
from garrison.events.models import Event, Site
from garrison.traffic.models import Movement
from garrison.traffic.movements import MovementData, plan_movement
from garrison.traffic.services import import_network

HANOI = Path(__file__).resolve().parent / "data" / "hanoi-central.osm.pbf"

# (name, from, to, departure on the first day)
MOVEMENTS = (
    (
        "Đoàn 1 sáng: Hilton → Hội trường",
        "Khách sạn Hilton Hà Nội Opera",
        demo_data.VENUE_NAME,
        dt.time(7, 15),
    ),
    (
        "Đoàn 2 sáng: Daewoo → Hội trường",
        "Khách sạn Daewoo Hà Nội",
        demo_data.VENUE_NAME,
        dt.time(7, 15),
    ),
    (
        "Đoàn 1 chiều: Hội trường → Hilton",
        demo_data.VENUE_NAME,
        "Khách sạn Hilton Hà Nội Opera",
        dt.time(17, 30),
    ),
    (
        "Đoàn 2 chiều: Hội trường → Daewoo",
        demo_data.VENUE_NAME,
        "Khách sạn Daewoo Hà Nội",
        dt.time(17, 30),
    ),
)


def load(event: Event) -> dict[str, int]:
    """Import the network and plan the movements that are missing; counts of what was created."""
    created = {"road networks": 0, "movements": 0}
    if not event.road_networks.exists():
        import_network(event, HANOI)
        created["road networks"] += 1
    actor = Membership.objects.select_related("user", "event").get(
        event=event, user__username=demo_data.USERS[0].username
    )
    sites = {site.name: site for site in Site.objects.filter(event=event)}
    for name, origin, destination, at in MOVEMENTS:
        if Movement.objects.filter(event=event, name=name).exists():
            continue
        if origin not in sites or destination not in sites:
            continue
        departs = dt.datetime.combine(event.starts_on, at, tzinfo=event.tzinfo)
        plan_movement(
            actor,
            MovementData(
                name=name,
                origin_id=sites[origin].pk,
                destination_id=sites[destination].pk,
                departs_at=departs,
                vehicles=6,
                escort="CSGT dẫn đường: 2 xe mô tô, 1 xe ô tô",
            ),
        )
        created["movements"] += 1
    return created

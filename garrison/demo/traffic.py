"""The demo congress's traffic plan: the Hanoi road network, the delegates' movements, the
closures along the 07:15 and 17:30 routes and a published public notice for each.

Called by ``garrison load_demo`` (one line). Idempotent: the network is imported only when the
event has none, a movement is planned only when its name is not there yet, closures are made only
for a movement that has none, and each notice only when no notice has its title yet.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from garrison.accounts.models import Membership
from garrison.demo import accounts
from garrison.demo.events import VENUE_NAME
from garrison.events import basemap
from garrison.events.models import Event, Site
from garrison.traffic.closures.services import close_along_route
from garrison.traffic.models import Closure, Movement, Notice
from garrison.traffic.movements.services import MovementData, plan_movement
from garrison.traffic.notices.services import draft_notice, publish_notice
from garrison.traffic.routing.services import import_network

# The road data ships with the traffic app (its tests use it too).
HANOI = Path(__file__).resolve().parents[1] / "traffic" / "data" / "hanoi-central.osm.pbf"

# (name, from, to, departure on the first day)
MOVEMENTS = (
    (
        "Đoàn 1 sáng: Hilton → Hội trường",
        "Khách sạn Hilton Hà Nội Opera",
        VENUE_NAME,
        dt.time(7, 15),
    ),
    (
        "Đoàn 2 sáng: Daewoo → Hội trường",
        "Khách sạn Daewoo Hà Nội",
        VENUE_NAME,
        dt.time(7, 15),
    ),
    (
        "Đoàn 1 chiều: Hội trường → Hilton",
        VENUE_NAME,
        "Khách sạn Hilton Hà Nội Opera",
        dt.time(17, 30),
    ),
    (
        "Đoàn 2 chiều: Hội trường → Daewoo",
        VENUE_NAME,
        "Khách sạn Daewoo Hà Nội",
        dt.time(17, 30),
    ),
)


def build_basemap(event: Event) -> basemap.BuildReport | None:
    """The offline base map from the demo's OSM file, when the event has none yet
    (``load_demo --basemap``, which ``make demo`` runs; the tests leave it out)."""
    if basemap.is_built(event):
        return None
    return basemap.build(event, HANOI)


def load(event: Event) -> dict[str, int]:
    """Import the network and plan the movements that are missing; counts of what was created."""
    created = {"road networks": 0, "movements": 0, "closures": 0, "notices": 0}
    if not event.road_networks.exists():
        import_network(event, HANOI)
        created["road networks"] += 1
    actor = Membership.objects.select_related("user", "event").get(
        event=event, user__username=accounts.USERS[0].username
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
    for notice_text, movements in ((NOTICE, MOVEMENTS[:2]), (EVENING_NOTICE, MOVEMENTS[2:])):
        planned = Movement.objects.filter(event=event, name__in=[m[0] for m in movements])
        for movement in planned.select_related("event", "origin"):
            if not movement.closures.exists():
                made = close_along_route(
                    actor, movement, lead_minutes=5, clear_minutes=2, reason=NOTICE_REASON
                )
                created["closures"] += len(made)
        closures = list(
            Closure.objects.filter(event=event, movement__in=planned).values_list("pk", flat=True)
        )
        if closures and not Notice.objects.filter(event=event, title=notice_text["title"]).exists():
            notice = draft_notice(actor, closure_ids=closures, **notice_text)
            publish_notice(actor, notice)
            created["notices"] += 1
    return created


NOTICE_REASON = "Bảo đảm an toàn đoàn đại biểu dự Đại hội"
NOTICE = {
    "title": "Phân luồng giao thông sáng ngày khai mạc Đại hội",
    "title_en": "Road closures on the morning of the congress opening",
    "body": (
        "Để bảo đảm an toàn cho các đoàn đại biểu, lực lượng Cảnh sát giao thông tạm dừng các "
        "phương tiện trên các tuyến phố dưới đây trong khoảng thời gian ghi kèm, khoảng 5 phút "
        "trước khi đoàn xe đi qua và 2 phút sau khi đoàn xe đi qua. Đề nghị người dân đi theo "
        "hướng dẫn phân luồng và sự chỉ dẫn của lực lượng làm nhiệm vụ."
    ),
    "body_en": (
        "To keep the delegations safe, traffic police will hold traffic on the streets below "
        "during the times shown, from about 5 minutes before the convoy passes until 2 minutes "
        "after. Please follow the signed detours and the officers on duty."
    ),
}
EVENING_NOTICE = {
    "title": "Phân luồng giao thông chiều ngày khai mạc Đại hội",
    "title_en": "Road closures on the evening of the congress opening",
    "body": (
        "Khi các đoàn đại biểu trở về khách sạn sau phiên khai mạc, lực lượng Cảnh sát giao "
        "thông tạm dừng các phương tiện trên các tuyến phố dưới đây trong khoảng thời gian ghi "
        "kèm. Đề nghị người dân đi theo hướng dẫn phân luồng và sự chỉ dẫn của lực lượng làm "
        "nhiệm vụ."
    ),
    "body_en": (
        "As the delegations return to their hotels after the opening session, traffic police "
        "will hold traffic on the streets below during the times shown. Please follow the "
        "signed detours and the officers on duty."
    ),
}

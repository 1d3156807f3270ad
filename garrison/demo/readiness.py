"""The demo congress's inventory: fire engines, extinguishers, ambulances, first-aid posts,
radios, barriers, generators and metal detectors, held by the demo's units at its sites, zones
and posts, with the minimum levels each place needs; and its radio plan (ICS 205).

Not everything is ready, on purpose: a batch of extinguishers in the main hall and the first-aid
post's defibrillator fall due within days (amber), the lobby's walk-through detector is out of
service (red), and the perimeter is short of barriers. Idempotent: an event that has items
already keeps them. Written through the services, audited as the demo commander; dates are
relative to the congress's today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from garrison.accounts.models import Membership, Role
from garrison.demo.events import VENUE_NAME
from garrison.demo.forces_posts import HILTON, METROPOLE
from garrison.demo.report import LoadReport
from garrison.events.models import Site, Zone
from garrison.forces.models import Post, Unit
from garrison.readiness.catalogue.services import install_standard_catalogue
from garrison.readiness.comms import services as comms
from garrison.readiness.comms.models import Channel
from garrison.readiness.models import Resource, ResourceStatus, ResourceType
from garrison.readiness.places import services as levels
from garrison.readiness.resources import services
from garrison.readiness.resources.services import ResourceData

HOSPITAL = "Bệnh viện Hữu nghị Việt Đức"
FIRE_STATION = "Đội Cảnh sát PCCC và CNCH quận Hoàn Kiếm (vị trí giả định)"


@dataclass(frozen=True)
class DemoItem:
    type: str
    unit: str
    place: str  # "site:<name>", "zone:<code>", "post:<code>", "" in store
    identifier: str = ""
    quantity: int = 1
    expires_in: int | None = None  # days from today
    inspection_in: int | None = None
    status: str = ResourceStatus.IN_SERVICE
    notes: str = ""


VENUE = f"site:{VENUE_NAME}"

ITEMS: tuple[DemoItem, ...] = (
    # Fire and rescue: two engines and a ladder stand by at the venue, one engine at the station.
    DemoItem("ENGINE", "PCCC", VENUE, "29A-114.01", inspection_in=60),
    DemoItem("ENGINE", "PCCC", VENUE, "29A-114.02", inspection_in=60),
    DemoItem("LADDER", "PCCC", VENUE, "29A-114.07", inspection_in=90),
    DemoItem("ENGINE", "PCCC", f"site:{FIRE_STATION}", "29A-114.03", inspection_in=45),
    DemoItem("RESCUE", "PCCC", f"site:{FIRE_STATION}", "29A-114.09", inspection_in=45),
    DemoItem("EXT-CO2-5", "PCCC", "post:PCCC", quantity=10, expires_in=300, inspection_in=120),
    DemoItem("EXT-POW-8", "PCCC", "post:PCCC", quantity=6, expires_in=500, inspection_in=120),
    DemoItem("EXT-CO2-5", "PCCC", "zone:HALL", quantity=8, expires_in=6, inspection_in=6,
             notes="Lô bình 2021, hết hạn kiểm định"),
    DemoItem("EXT-CO2-5", "PCCC", "zone:VIP", quantity=2, expires_in=420),
    DemoItem("EXT-POW-8", "PCCC", "zone:PRESS", quantity=2, expires_in=420),
    DemoItem("EXT-CO2-5", "BV-KS", f"site:{HILTON}", quantity=4, expires_in=240),
    DemoItem("EXT-CO2-5", "BV-KS", f"site:{METROPOLE}", quantity=4, expires_in=240),
    DemoItem("EXT-CO2-5", "PCCC", "", quantity=12, expires_in=700, notes="Dự phòng tại kho"),
    # Medical: an ALS ambulance at the venue, a BLS one at the hospital, the first-aid post.
    DemoItem("AMB-ALS", "YT", VENUE, "29B-115.01", inspection_in=30),
    DemoItem("AMB-BLS", "YT", f"site:{HOSPITAL}", "29B-115.02", inspection_in=30),
    DemoItem("AID-POST", "YT", "post:Y-TE", "YT-DIEM-01"),
    DemoItem("AED", "YT", "post:Y-TE", "AED-0412", expires_in=200, inspection_in=4,
             notes="Pin thay 2024"),
    DemoItem("AED", "YT", "", "AED-0413", expires_in=-20, notes="Điện cực hết hạn"),
    # Communications: the duty desk's base station and handhelds at the doors and the desk.
    DemoItem("RADIO-BASE", "TRUC", "post:TRUC", "BD-TRAM-01", inspection_in=90),
    *(DemoItem("RADIO-HH", "TRUC", "post:TRUC", f"BD-{n:03d}") for n in range(1, 5)),
    *(DemoItem("RADIO-HH", "BV-CUA", "post:CUA-HT", f"BD-{n:03d}") for n in range(5, 9)),
    *(DemoItem("RADIO-HH", "BV-CUA", "post:CUA-SANH", f"BD-{n:03d}") for n in range(9, 12)),
    *(DemoItem("RADIO-HH", "CSTT-1", "post:VANH-DAI", f"BD-{n:03d}") for n in range(12, 16)),
    *(DemoItem("RADIO-HH", "TRUC", "", f"BD-{n:03d}") for n in range(16, 21)),
    # Logistics: barriers around the palace and in the car park, generators at the venue.
    DemoItem("BARRIER", "CSGT-PL", "post:VANH-DAI", quantity=30),
    DemoItem("BARRIER", "CSGT-PL", "zone:PARK", quantity=20),
    DemoItem("GEN-20", "BV", VENUE, "MPD-20-01", inspection_in=30),
    DemoItem("GEN-20", "BV", "", "MPD-20-02", inspection_in=30),
    DemoItem("LIGHT", "BV", "zone:PARK", "DCS-01"),
    # Screening: detectors at the doors; the lobby's walk-through detector breaks (below).
    DemoItem("WTMD", "BV-CUA", "post:CUA-HT", "CT-01", inspection_in=25),
    DemoItem("WTMD", "BV-CUA", "post:CUA-HT", "CT-02", inspection_in=25),
    DemoItem("WTMD", "BV-CUA", "post:CUA-SANH", "CT-03", inspection_in=25),
    *(DemoItem("HHMD", "BV-CUA", "post:CUA-HT", f"MD-{n:02d}") for n in range(1, 5)),
    *(DemoItem("HHMD", "BV-CUA", "post:CUA-SANH", f"MD-{n:02d}") for n in range(5, 7)),
    DemoItem("XRAY", "BV-CUA", "post:CUA-SANH", "SOI-01", inspection_in=40),
    DemoItem("HHMD", "BV-KS", f"site:{HILTON}", "MD-07"),
)  # fmt: skip

# The item that breaks after it is placed, and why.
BROKEN = ("CT-03", "Cổng từ báo lỗi cảm biến, chờ hãng sửa")

# (place, type, minimum)
LEVELS: tuple[tuple[str, str, int], ...] = (
    (VENUE, "ENGINE", 2),
    (VENUE, "LADDER", 1),
    (VENUE, "AMB-ALS", 1),
    (VENUE, "GEN-20", 1),
    ("post:PCCC", "EXT-CO2-5", 10),
    ("post:PCCC", "EXT-POW-8", 4),
    ("zone:HALL", "EXT-CO2-5", 8),
    ("zone:VIP", "EXT-CO2-5", 2),
    ("zone:PRESS", "EXT-POW-8", 2),
    ("zone:PARK", "BARRIER", 20),
    ("post:Y-TE", "AID-POST", 1),
    ("post:Y-TE", "AED", 1),
    ("post:TRUC", "RADIO-BASE", 1),
    ("post:TRUC", "RADIO-HH", 4),
    ("post:CUA-HT", "WTMD", 2),
    ("post:CUA-HT", "HHMD", 4),
    ("post:CUA-HT", "RADIO-HH", 4),
    ("post:CUA-SANH", "WTMD", 1),
    ("post:CUA-SANH", "XRAY", 1),
    ("post:CUA-SANH", "HHMD", 2),
    ("post:CUA-SANH", "RADIO-HH", 2),
    ("post:VANH-DAI", "BARRIER", 40),
    ("post:VANH-DAI", "RADIO-HH", 4),
    (f"site:{HILTON}", "EXT-CO2-5", 4),
    (f"site:{METROPOLE}", "EXT-CO2-5", 4),
    (f"site:{HOSPITAL}", "AMB-BLS", 1),
)


# The radio plan (ICS 205): (number, name, function, zone/group, rx, tx, tone, talk group, mode,
# units, remarks). Frequencies are invented for the demo, in the bands such plans use.
CHANNELS: tuple[tuple[int, str, str, str, str, str, str, str, str, tuple[str, ...], str], ...] = (
    (1, "Chỉ huy 1", "command", "BCH", "150.2500", "155.7500", "88.5", "", "A",
     ("BCH", "TRUC", "CSTT", "CSGT", "PCCC", "YT", "BV", "QS"), "Kênh chỉ huy chung, qua trạm lặp"),
    (2, "Trực ban", "command", "BCH", "150.3125", "", "88.5", "", "A", ("TRUC", "BV"),
     "Trực ban 24/24 gọi các vị trí"),
    (3, "Cửa – kiểm soát", "tactical", "Cung", "451.1250", "", "", "3101", "D",
     ("BV-CUA", "BV"), "Các cửa và sảnh"),
    (4, "Tuần tra", "tactical", "Vành đai", "451.2500", "", "", "3102", "D",
     ("CSTT-1", "CSTT-2", "CSTT-3", "CD"), ""),
    (5, "Dẫn đoàn", "traffic", "CSGT", "451.3750", "", "", "3201", "D", ("CSGT-DD", "CSGT-PL"),
     "Dẫn đoàn, phân luồng"),
    (6, "PCCC – CNCH", "fire", "PCCC", "152.5000", "157.5000", "103.5", "", "A", ("PCCC",), ""),
    (7, "Y tế", "medical", "YT", "152.6250", "", "114.8", "", "A", ("YT",),
     "Liên lạc xe cứu thương với Bệnh viện Việt Đức"),
    (8, "Khách sạn", "support", "BV-KS", "451.5000", "", "", "3301", "D", ("BV-KS",), ""),
)  # fmt: skip


def _channels(actor: Membership, report: LoadReport) -> None:
    event = actor.event
    if Channel.objects.filter(event=event).exists():
        report.kept["radio channel"] += Channel.objects.filter(event=event).count()
        return
    units = dict(Unit.objects.filter(event=event).values_list("code", "pk"))
    for number, name, function, group, rx, tx, tone, talk_group, mode, codes, remarks in CHANNELS:
        data = comms.ChannelData(
            number=number, name=name, function=function, zone_group=group, rx_mhz=rx,
            tx_mhz=tx, rx_tone=tone, talk_group=talk_group, mode=mode, remarks=remarks,
            unit_ids=[units[code] for code in codes if code in units],
        )  # fmt: skip
        comms.create_channel(actor, data)
        report.created["radio channel"] += 1


def _places(event_id: int) -> dict[str, str]:
    """The demo's place names ("post:TRUC") as the services' keys ("post:12")."""
    found: dict[str, str] = {}
    for pk, name in Site.objects.filter(event_id=event_id).values_list("pk", "name"):
        found[f"site:{name}"] = f"site:{pk}"
    for pk, code in Zone.objects.filter(event_id=event_id).values_list("pk", "code"):
        found[f"zone:{code}"] = f"zone:{pk}"
    for pk, code in Post.objects.filter(event_id=event_id).values_list("pk", "code"):
        found[f"post:{code}"] = f"post:{pk}"
    return found


def load(report: LoadReport) -> None:
    event = report.event
    actor = Membership.objects.select_related("user", "event").get(
        event=event, role=Role.COMMANDER, user__username=Role.COMMANDER.value
    )
    _channels(actor, report)
    if Resource.objects.filter(event=event).exists():
        report.kept["resource"] += Resource.objects.filter(event=event).count()
        return
    install_standard_catalogue(actor)
    types = dict(ResourceType.objects.filter(event=event).values_list("code", "pk"))
    units = dict(Unit.objects.filter(event=event).values_list("code", "pk"))
    places = _places(event.pk)
    today = services.today_of(event)

    def days(n: int | None) -> dt.date | None:
        return None if n is None else today + dt.timedelta(days=n)

    made: dict[str, Resource] = {}
    for demo in ITEMS:
        if demo.unit not in units or (demo.place and demo.place not in places):
            continue  # a part of the demo not loaded (``--only``)
        data = ResourceData(
            type_id=types[demo.type],
            owner_unit_id=units[demo.unit],
            identifier=demo.identifier,
            quantity=demo.quantity,
            place=places.get(demo.place, ""),
            status=demo.status,
            inspection_due=days(demo.inspection_in),
            expires_on=days(demo.expires_in),
            purchased_on=today - dt.timedelta(days=900),
            notes=demo.notes,
        )
        resource = services.create_resource(actor, data)
        made[demo.identifier or str(resource.pk)] = resource
        report.created["resource"] += 1
    identifier, note = BROKEN
    if identifier in made:
        services.repair_resource(actor, made[identifier], ResourceStatus.OUT_OF_SERVICE, note)
    for place, type_code, quantity in LEVELS:
        if place in places:
            levels.set_requirement(actor, types[type_code], places[place], quantity)
            report.created["minimum level"] += 1

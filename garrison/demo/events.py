"""The demo congress that ``make demo`` loads, and the idempotent loader behind ``load_demo``.

A provincial party congress (invented: ~400 delegates, three days) placed on real streets of
central Hanoi, so routes, closures and maps work on the road data the project ships
(lat 21.008–21.085, lon 105.775–105.880). Places and their coordinates are real unless marked
"giả định" (assumed); every person's name is invented.

The congress has no fixed dates: ``load`` places its first day on the day it is given (by default
today in the event's time zone, so the congress is under way) and every other date in the demo,
in every part, is counted from the event's first day. A demo stored for another first day is
removed and loaded afresh (``placement``); for the same day a second run changes nothing and
writes no audit entry.

Everything is written through the services (audited as the demo commander) except the rows that
have no service yet — the event itself, users, memberships and TOTP devices — which are audited
here as the system.
"""

from __future__ import annotations

import datetime as dt
import math
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from garrison.accounts.models import Membership
from garrison.audit.services import SYSTEM, record
from garrison.demo import placement
from garrison.demo.accounts import DEFAULT_PASSWORD, USERS, ensure_user
from garrison.demo.report import LoadReport
from garrison.events import services
from garrison.events.models import AccessLevel, Event, Phase, PhaseKind, Site, SiteKind, Zone

# --- The event -----------------------------------------------------------------------------------

EVENT_SLUG = "dai-hoi-2026"
TIME_ZONE = "Asia/Ho_Chi_Minh"
TZ = zoneinfo.ZoneInfo(TIME_ZONE)
DAYS = 3  # the congress's length: its last day is the first day + 2
NAME = "Đại hội đại biểu Đảng bộ thành phố lần thứ XVIII (diễn tập)"
DESCRIPTION = (
    "Diễn tập bảo vệ Đại hội: khoảng 400 đại biểu (399 đại biểu chính thức) cùng cán bộ phục "
    "vụ, phóng viên và khách mời; ba ngày họp tại Cung Văn hóa Hữu nghị Việt Xô, Hà Nội. "
    "Đại hội, đơn vị và tên người đều là giả định.\n\n"
    "Exercise: securing a provincial-level party congress — about 400 delegates (399 voting "
    "delegates) plus staff, press and guests; three days at the Friendship Cultural Palace, "
    "Hanoi. The congress, its units and all names of people are invented."
)


def first_day_in(days: int = 0) -> dt.date:
    """The first day of a congress that opens ``days`` days from today (0: today), local time."""
    return timezone.now().astimezone(TZ).date() + dt.timedelta(days=days)


def event_data(first_day: dt.date) -> services.EventData:
    return services.EventData(
        name=NAME,
        starts_on=first_day,
        ends_on=first_day + dt.timedelta(days=DAYS - 1),
        time_zone=TIME_ZONE,
        description=DESCRIPTION,
    )


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


@dataclass(frozen=True)
class DemoPhase:
    kind: str
    name: str
    starts_at: dt.datetime
    ends_at: dt.datetime


def phases(first_day: dt.date) -> tuple[DemoPhase, ...]:
    """Contiguous, so at any moment from preparation to wrap-up exactly one phase is current."""
    last_day = first_day + dt.timedelta(days=DAYS - 1)
    return (
        DemoPhase(
            PhaseKind.BEFORE,
            "Chuẩn bị (preparation)",
            _at(first_day - dt.timedelta(days=10), 7),
            _at(first_day, 6),
        ),
        DemoPhase(
            PhaseKind.DURING, "Đại hội (congress days)", _at(first_day, 6), _at(last_day, 20)
        ),
        DemoPhase(
            PhaseKind.AFTER,
            "Tổng kết, rút kinh nghiệm (wrap-up)",
            _at(last_day, 20),
            _at(last_day + dt.timedelta(days=2), 20),
        ),
    )


# --- Sites ---------------------------------------------------------------------------------------

VENUE_NAME = "Cung Văn hóa Hữu nghị Việt Xô"
VENUE_LAT, VENUE_LON = 21.0228, 105.8443
_METRES_PER_DEGREE = 111_195.0  # one degree of latitude on a sphere of radius 6,371 km


def outline(
    origin: tuple[float, float], corners: list[tuple[float, float]], holes: Any = ()
) -> dict[str, Any]:
    """A GeoJSON Polygon from (east, north) offsets in metres around ``origin`` (lat, lon).

    Metres keep the venue's layout readable; at this scale (≈100 m) the flat approximation is off
    by millimetres.
    """
    lat0, lon0 = origin
    per_lon = _METRES_PER_DEGREE * math.cos(math.radians(lat0))

    def ring(points: list[tuple[float, float]]) -> list[list[float]]:
        coords = [
            [round(lon0 + east / per_lon, 7), round(lat0 + north / _METRES_PER_DEGREE, 7)]
            for east, north in points
        ]
        return [*coords, coords[0]]

    return {"type": "Polygon", "coordinates": [ring(corners), *(ring(h) for h in holes)]}


def _rect(west: float, south: float, east: float, north: float) -> list[tuple[float, float]]:
    return [(west, south), (east, south), (east, north), (west, north)]


def venue_outline(corners: list[tuple[float, float]], holes: Any = ()) -> dict[str, Any]:
    return outline((VENUE_LAT, VENUE_LON), corners, holes)


# The premises, 120 m × 90 m around the palace (building, forecourt, car park). Invented layout
# (x east, y north, metres from the venue point): the building spans x -40..40, y -28..32; the car
# park is the east strip x 44..60; the perimeter is the rest of the grounds around the building.
_PREMISES = _rect(-60, -45, 60, 45)
_BUILDING = _rect(-40, -28, 40, 32)


@dataclass(frozen=True)
class DemoSite:
    name: str
    kind: str
    lat: float
    lon: float
    address: str
    polygon: dict[str, Any] | None = None


SITES = (
    DemoSite(
        VENUE_NAME,
        SiteKind.VENUE,
        VENUE_LAT,
        VENUE_LON,
        "91 Trần Hưng Đạo, Hoàn Kiếm, Hà Nội",
        venue_outline(_PREMISES),
    ),
    DemoSite(
        "Khách sạn Hilton Hà Nội Opera",
        SiteKind.HOTEL,
        21.0241,
        105.8577,
        "1 Lê Thánh Tông, Hoàn Kiếm, Hà Nội",
    ),
    DemoSite(
        "Khách sạn Sofitel Legend Metropole Hà Nội",
        SiteKind.HOTEL,
        21.0257,
        105.8560,
        "15 Ngô Quyền, Hoàn Kiếm, Hà Nội",
    ),
    DemoSite(
        "Khách sạn Daewoo Hà Nội", SiteKind.HOTEL, 21.0306, 105.8176, "360 Kim Mã, Ba Đình, Hà Nội"
    ),
    DemoSite(
        "Khách sạn Hà Nội (Hanoi Hotel)",
        SiteKind.HOTEL,
        21.0270,
        105.8230,
        "D8 Giảng Võ, Ba Đình, Hà Nội",
    ),
    DemoSite(
        "Bệnh viện Hữu nghị Việt Đức",
        SiteKind.HOSPITAL,
        21.0287,
        105.8469,
        "40 Tràng Thi, Hoàn Kiếm, Hà Nội",
    ),
    DemoSite(
        "Đội Cảnh sát PCCC và CNCH quận Hoàn Kiếm (vị trí giả định)",
        SiteKind.FIRE_STATION,
        21.0250,
        105.8475,
        "Khu vực Lý Thường Kiệt – Trần Hưng Đạo, Hoàn Kiếm (assumed position)",
    ),
    DemoSite(
        "Điểm tập kết lực lượng – Vườn hoa Lý Thái Tổ",
        SiteKind.ASSEMBLY_POINT,
        21.0263,
        105.8537,
        "Đinh Tiên Hoàng, Hoàn Kiếm, Hà Nội (forces' assembly point)",
    ),
    DemoSite(
        "Điểm sơ tán – Công viên Thống Nhất (cổng Trần Nhân Tông)",
        SiteKind.ASSEMBLY_POINT,
        21.0179,
        105.8441,
        "Trần Nhân Tông, Hai Bà Trưng, Hà Nội (evacuation assembly point)",
    ),
    DemoSite(
        "Trạm biến áp cấp điện Cung Văn hóa Hữu nghị (giả định)",
        SiteKind.KEY_TARGET,
        21.0222,
        105.8452,
        "Phía đông nam Cung Văn hóa Hữu nghị, Hoàn Kiếm (invented: the venue's power substation)",
    ),
)

# --- Zones inside the venue ----------------------------------------------------------------------


@dataclass(frozen=True)
class DemoZone:
    code: str
    name: str
    access_level: str
    capacity: int | None
    polygon: dict[str, Any]


ZONES = (
    DemoZone(
        "PERIM",
        "Vành đai bảo vệ quanh Cung (perimeter)",
        AccessLevel.CONTROLLED,
        1500,
        venue_outline(_rect(-60, -45, 44, 45), holes=[_BUILDING]),
    ),
    DemoZone(
        "PARK",
        "Bãi đỗ xe đại biểu (parking, 80 vehicles)",
        AccessLevel.RESTRICTED,
        80,
        venue_outline(_rect(44, -45, 60, 45)),
    ),
    DemoZone(
        "LOBBY",
        "Sảnh đón đại biểu (delegate lobby)",
        AccessLevel.CONTROLLED,
        300,
        venue_outline(_rect(-25, -28, 25, 0)),
    ),
    DemoZone(
        "HALL",
        "Hội trường chính (main hall)",
        AccessLevel.RESTRICTED,
        600,
        venue_outline(_rect(-25, 0, 25, 32)),
    ),
    DemoZone(
        "PRESS",
        "Khu vực báo chí (press area)",
        AccessLevel.CONTROLLED,
        60,
        venue_outline(_rect(25, -28, 40, 0)),
    ),
    DemoZone(
        "VIP",
        "Phòng khánh tiết (VIP room)",
        AccessLevel.SECURE,
        30,
        venue_outline(_rect(25, 10, 40, 32)),
    ),
)

# --- Loader --------------------------------------------------------------------------------------


def load(password: str = DEFAULT_PASSWORD, first_day: dt.date | None = None) -> LoadReport:
    """Create whatever part of the demo is missing; leave what exists alone. One transaction.

    ``first_day``: the congress's first day, by default today (``first_day_in``). A demo stored
    for another first day is removed first, so every date of the demo moves to the new one.
    """
    first_day = first_day or first_day_in(0)
    with transaction.atomic():
        replaced = _remove_if_placed_elsewhere(first_day)
        event, created = _ensure_event(first_day)
        report = LoadReport(event=event, replaced=replaced, password=password)
        (report.created if created else report.kept)["event"] += 1
        for demo_user in USERS:  # the commander first: the services below act as them
            report.logins.append(ensure_user(event, demo_user, password, report))
        actor = Membership.objects.select_related("user", "event").get(
            event=event, user__username=USERS[0].username
        )
        _ensure_event_details(actor, report)
        _ensure_phases(actor, report)
        _ensure_sites(actor, report)
        _ensure_zones(actor, report)
    return report


def _remove_if_placed_elsewhere(first_day: dt.date) -> dt.date | None:
    """The first day of a stored demo placed for another day, which is removed; else None."""
    event = Event.objects.filter(slug=EVENT_SLUG).first()
    if event is None or event.starts_on == first_day:
        return None
    placement.remove_event(event, reason=f"placed again for {first_day.isoformat()}")
    return event.starts_on


def _ensure_event(first_day: dt.date) -> tuple[Event, bool]:
    event = Event.objects.filter(slug=EVENT_SLUG).first()
    if event is not None:
        return event, False
    event = Event.objects.create(slug=EVENT_SLUG, **event_data(first_day).__dict__)
    record(
        SYSTEM,
        "events.event.created",
        event,
        event_id=event.pk,
        after={"slug": event.slug, **services.event_summary(event)},
    )
    return event, True


def _ensure_event_details(actor: Membership, report: LoadReport) -> None:
    """Put back the demo's name and description if someone changed them (audited)."""
    wanted = event_data(actor.event.starts_on)
    if services.event_summary(actor.event) != wanted.__dict__:
        services.update_event(actor, wanted)
        report.created["event update"] += 1


def _ensure_phases(actor: Membership, report: LoadReport) -> None:
    for phase in phases(actor.event.starts_on):
        if Phase.objects.filter(event=actor.event, kind=phase.kind, name=phase.name).exists():
            report.kept["phase"] += 1
            continue
        services.create_phase(
            actor, services.PhaseData(phase.kind, phase.name, phase.starts_at, phase.ends_at)
        )
        report.created["phase"] += 1


def _ensure_sites(actor: Membership, report: LoadReport) -> None:
    for site in SITES:
        if Site.objects.filter(event=actor.event, name=site.name).exists():
            report.kept["site"] += 1
            continue
        services.create_site(
            actor,
            services.SiteData(
                name=site.name,
                kind=site.kind,
                lat=site.lat,
                lon=site.lon,
                address=site.address,
                polygon=site.polygon,
            ),
        )
        report.created["site"] += 1


def _ensure_zones(actor: Membership, report: LoadReport) -> None:
    venue = Site.objects.get(event=actor.event, name=VENUE_NAME)
    for zone in ZONES:
        if Zone.objects.filter(event=actor.event, code=zone.code).exists():
            report.kept["zone"] += 1
            continue
        services.create_zone(
            actor,
            services.ZoneData(
                site_id=venue.pk,
                code=zone.code,
                name=zone.name,
                polygon=zone.polygon,
                access_level=zone.access_level,
                capacity=zone.capacity,
            ),
        )
        report.created["zone"] += 1

"""The demo congress that ``make demo`` loads, and the idempotent loader behind ``load_demo``.

A provincial party congress (invented: ~400 delegates, three days) placed on real streets of
central Hanoi, so routes, closures and maps work on the road data the project ships
(lat 21.008–21.085, lon 105.775–105.880). Places and their coordinates are real unless marked
"giả định" (assumed); every person's name is invented.

Everything is written through the services (audited as the demo commander) except the rows that
have no service yet — the event itself, users, memberships and TOTP devices — which are audited
here as the system. A second run changes nothing and writes no audit entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from garrison.accounts.models import MFA_ROLES, Membership, Role, User
from garrison.audit.services import SYSTEM, record
from garrison.events import services
from garrison.events.models import AccessLevel, Event, Phase, PhaseKind, Site, SiteKind, Zone

# --- The event -----------------------------------------------------------------------------------

EVENT_SLUG = "dai-hoi-2026"
TIME_ZONE = "Asia/Ho_Chi_Minh"
TZ = zoneinfo.ZoneInfo(TIME_ZONE)
FIRST_DAY = dt.date(2026, 12, 15)
LAST_DAY = dt.date(2026, 12, 17)

EVENT = services.EventData(
    name="Đại hội đại biểu Đảng bộ thành phố lần thứ XVIII (diễn tập)",
    starts_on=FIRST_DAY,
    ends_on=LAST_DAY,
    time_zone=TIME_ZONE,
    description=(
        "Diễn tập bảo vệ Đại hội: khoảng 400 đại biểu (399 đại biểu chính thức) cùng cán bộ phục "
        "vụ, phóng viên và khách mời; ba ngày họp tại Cung Văn hóa Hữu nghị Việt Xô, Hà Nội. "
        "Đại hội, đơn vị và tên người đều là giả định.\n\n"
        "Exercise: securing a provincial-level party congress — about 400 delegates (399 voting "
        "delegates) plus staff, press and guests; three days at the Friendship Cultural Palace, "
        "Hanoi. The congress, its units and all names of people are invented."
    ),
)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


@dataclass(frozen=True)
class DemoPhase:
    kind: str
    name: str
    starts_at: dt.datetime
    ends_at: dt.datetime


# Contiguous, so at any moment from preparation to wrap-up exactly one phase is current.
PHASES = (
    DemoPhase(
        PhaseKind.BEFORE,
        "Chuẩn bị (preparation)",
        _at(FIRST_DAY - dt.timedelta(days=10), 7),
        _at(FIRST_DAY, 6),
    ),
    DemoPhase(PhaseKind.DURING, "Đại hội (congress days)", _at(FIRST_DAY, 6), _at(LAST_DAY, 20)),
    DemoPhase(
        PhaseKind.AFTER,
        "Tổng kết, rút kinh nghiệm (wrap-up)",
        _at(LAST_DAY, 20),
        _at(LAST_DAY + dt.timedelta(days=2), 20),
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

# --- People (invented) ---------------------------------------------------------------------------

DEFAULT_PASSWORD = "garrison-demo-2026"  # noqa: S105 - the demo's published password, by design
TOTP_DEVICE_NAME = "Demo authenticator"


@dataclass(frozen=True)
class DemoUser:
    role: str
    full_name: str

    @property
    def username(self) -> str:
        return str(self.role)


USERS = (
    DemoUser(Role.COMMANDER, "Nguyễn Quốc Hưng"),
    DemoUser(Role.PLANNER, "Trần Thị Thu Hà"),
    DemoUser(Role.UNIT_COMMANDER, "Lê Minh Tuấn"),
    DemoUser(Role.DUTY_OFFICER, "Phạm Thị Lan Anh"),
    DemoUser(Role.DISPATCHER, "Hoàng Văn Đức"),
    DemoUser(Role.ACCREDITATION_OFFICER, "Vũ Thị Ngọc Mai"),
    DemoUser(Role.FIELD_OFFICER, "Đặng Quang Huy"),
    DemoUser(Role.VIEWER, "Bùi Thanh Tùng"),
)


def demo_totp_key(username: str) -> str:
    """A fixed 20-byte secret per demo user (hex), so reruns keep printed QR codes valid.

    Anyone can derive it from this file: acceptable only because these are demo accounts, which
    the command refuses to create in production.
    """
    return hashlib.sha256(f"garrison-demo:{username}".encode()).hexdigest()[:40]


# --- Loader --------------------------------------------------------------------------------------


@dataclass
class DemoLogin:
    user: User
    role: str
    device: Any = None  # the confirmed TOTPDevice for roles that need a second factor


@dataclass
class LoadReport:
    event: Event
    logins: list[DemoLogin] = field(default_factory=list)
    created: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)


def load(password: str = DEFAULT_PASSWORD) -> LoadReport:
    """Create whatever part of the demo is missing; leave what exists alone. One transaction."""
    with transaction.atomic():
        event, created = _ensure_event()
        report = LoadReport(event=event)
        (report.created if created else report.kept)["event"] += 1
        for demo_user in USERS:  # the commander first: the services below act as them
            report.logins.append(_ensure_user(event, demo_user, password, report))
        actor = Membership.objects.select_related("user", "event").get(
            event=event, user__username=USERS[0].username
        )
        _ensure_event_details(actor, report)
        _ensure_phases(actor, report)
        _ensure_sites(actor, report)
        _ensure_zones(actor, report)
    return report


def _ensure_event() -> tuple[Event, bool]:
    event = Event.objects.filter(slug=EVENT_SLUG).first()
    if event is not None:
        return event, False
    event = Event.objects.create(slug=EVENT_SLUG, **EVENT.__dict__)
    record(
        SYSTEM,
        "events.event.created",
        event,
        event_id=event.pk,
        after={"slug": event.slug, **services.event_summary(event)},
    )
    return event, True


def _ensure_event_details(actor: Membership, report: LoadReport) -> None:
    """Put back the demo's name, dates and description if someone changed them (audited)."""
    if services.event_summary(actor.event) != EVENT.__dict__:
        services.update_event(actor, EVENT)
        report.created["event update"] += 1


def _ensure_user(event: Event, demo: DemoUser, password: str, report: LoadReport) -> DemoLogin:
    # Audit summaries carry ids only, as in accounts.services: the audit log outlives the
    # personal data, which is purged after the event.
    user = User.objects.filter(username__iexact=demo.username).first()
    if user is None:
        user = User(username=demo.username, full_name=demo.full_name)
        user.set_password(password)
        user.save()
        record(SYSTEM, "accounts.user.created", user, event_id=event.pk, object_repr=_repr(user))
        report.created["user"] += 1
    elif (
        user.full_name != demo.full_name or not user.is_active or not user.check_password(password)
    ):
        # The printed login table must work: restore the demo name, activity and password.
        user.full_name, user.is_active = demo.full_name, True
        user.set_password(password)
        user.save()
        record(
            SYSTEM,
            "accounts.user.reset",
            user,
            event_id=event.pk,
            object_repr=_repr(user),
            after={"user_id": user.pk, "password_reset": True, "is_active": True},
        )
        report.created["user reset to the demo password"] += 1
    else:
        report.kept["user"] += 1

    membership = Membership.objects.filter(user=user, event=event).first()
    if membership is None:
        membership = Membership.objects.create(user=user, event=event, role=demo.role)
        record(
            SYSTEM,
            "accounts.membership.created",
            membership,
            event_id=event.pk,
            after=_membership_summary(membership),
        )
        report.created["membership"] += 1
    elif membership.role != demo.role:
        before = _membership_summary(membership)
        membership.role = demo.role
        membership.save(update_fields=["role"])
        record(
            SYSTEM,
            "accounts.membership.changed",
            membership,
            event_id=event.pk,
            before=before,
            after=_membership_summary(membership),
        )
        report.created["membership role restored"] += 1
    else:
        report.kept["membership"] += 1

    device = _ensure_totp(user, event, report) if demo.role in MFA_ROLES else None
    return DemoLogin(user=user, role=demo.role, device=device)


def _repr(user: User) -> str:
    return f"user {user.pk}"


def _membership_summary(membership: Membership) -> dict[str, Any]:
    return {"user_id": membership.user_id, "role": membership.role, "unit_id": membership.unit_id}


def _ensure_totp(user: User, event: Event, report: LoadReport) -> Any:
    key = demo_totp_key(user.username)
    device = TOTPDevice.objects.filter(user=user, name=TOTP_DEVICE_NAME).first()
    if device is not None and device.key == key and device.confirmed:
        report.kept["TOTP device"] += 1
        return device
    if device is None:
        device = TOTPDevice(user=user, name=TOTP_DEVICE_NAME)
        report.created["TOTP device"] += 1
    else:
        report.created["TOTP device reset"] += 1
    device.key, device.confirmed = key, True
    device.save()
    record(
        SYSTEM,
        "accounts.otp.enrolled",
        device,
        event_id=event.pk,
        object_repr=f"TOTP device {device.pk}",
        after={"user_id": user.pk},
    )
    return device


def _ensure_phases(actor: Membership, report: LoadReport) -> None:
    for phase in PHASES:
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

"""The demo congress's accreditation: categories, their zone rights, and ~500 invented people.

399 voting delegates plus staff, security, press, guests and service crews; every name is made
up from common Vietnamese family, middle and given names (deterministic, so reruns match), and
every person gets a generated placeholder photo (initials on the category colour, no face:
``accreditation_photos``), stored through the upload's photo rules. The delegate hotels get zones and
rights (``accreditation_hotels``): each delegation's badges open its own hotel.
Rows are written with bulk_create (one audit entry says so) to keep ``load_demo`` fast; a rerun
finds everything in place and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from garrison.accreditation.credentials.keys import unseal
from garrison.accreditation.credentials.rights import effective_rights, validity_span
from garrison.accreditation.credentials.services import current_key
from garrison.accreditation.credentials.signing import Payload, sign
from garrison.accreditation.models import (
    Category,
    CategoryGrant,
    Credential,
    Person,
    PersonGrant,
)
from garrison.accreditation.people.names import search_name
from garrison.accreditation.people.services import dedupe_key
from garrison.audit.services import SYSTEM, record
from garrison.demo import accreditation_hotels
from garrison.demo.accreditation_photos import photo_for
from garrison.events.models import Event, Zone

# code, name, colour, vehicle, {zone: (daily start, daily end) or None for all day}
CATEGORIES: tuple[tuple[str, str, str, bool, dict[str, tuple[int, int] | None]], ...] = (
    (
        "DEL",
        "Đại biểu (delegate)",
        "#b91c1c",
        False,
        {"PERIM": (6, 20), "LOBBY": (6, 20), "HALL": (7, 18)},
    ),
    (
        "STAFF",
        "Cán bộ phục vụ (staff)",
        "#1d4ed8",
        False,
        {"PERIM": None, "LOBBY": None, "HALL": (6, 20), "PRESS": (6, 20)},
    ),
    (
        "SEC",
        "Lực lượng bảo vệ (security)",
        "#111827",
        False,
        {"PERIM": None, "PARK": None, "LOBBY": None, "HALL": None, "PRESS": None, "VIP": None},
    ),
    (
        "PRESS",
        "Phóng viên (press)",
        "#15803d",
        False,
        {"PERIM": (7, 18), "LOBBY": (7, 18), "PRESS": (7, 18)},
    ),
    (
        "GUEST",
        "Khách mời (guest)",
        "#7c3aed",
        False,
        {"PERIM": (7, 18), "LOBBY": (7, 18), "VIP": (8, 12)},
    ),
    ("SERV", "Dịch vụ, hậu cần (service)", "#a16207", False, {"PERIM": (5, 22), "PARK": (5, 22)}),
    ("VEH", "Phương tiện (vehicle pass)", "#0e7490", True, {"PARK": None}),
)

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương")
MIDDLE = ("Văn", "Thị", "Minh", "Quang", "Thanh", "Hữu", "Đức", "Ngọc", "Thu", "Xuân")
GIVEN = (
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hòa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phong",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Trang",
    "Tuấn",
    "Vân",
    "Việt",
    "Yến",
)
ORGANISATIONS = (
    "Đảng bộ quận Ba Đình",
    "Đảng bộ quận Hoàn Kiếm",
    "Đảng bộ quận Đống Đa",
    "Đảng bộ quận Hai Bà Trưng",
    "Đảng bộ quận Cầu Giấy",
    "Đảng bộ quận Tây Hồ",
    "Đảng bộ huyện Gia Lâm",
    "Đảng bộ huyện Đông Anh",
    "Đảng bộ Khối các cơ quan thành phố",
    "Đảng bộ Khối doanh nghiệp thành phố",
    "Đảng bộ Công an thành phố",
    "Đảng bộ Quân sự thành phố",
)
PEOPLE: tuple[tuple[str, int, str, str], ...] = (
    # category, how many, organisation (empty: rotate ORGANISATIONS), position
    ("DEL", 399, "", "Đại biểu chính thức"),
    ("STAFF", 40, "Văn phòng Thành ủy", "Cán bộ phục vụ"),
    ("SEC", 30, "Công an thành phố", "Cán bộ bảo vệ"),
    ("PRESS", 25, "Báo Hà Nội Mới", "Phóng viên"),
    ("GUEST", 15, "Khách mời Trung ương", "Khách mời"),
    ("SERV", 12, "Công ty dịch vụ hội nghị", "Nhân viên"),
)


def invented_name(n: int) -> str:
    """The n-th invented name: walks the three lists with co-prime strides so few repeat."""
    return (
        f"{FAMILY[n % len(FAMILY)]} {MIDDLE[(n * 7) % len(MIDDLE)]} {GIVEN[(n * 11) % len(GIVEN)]}"
    )


@transaction.atomic
def load(report: Any) -> None:
    """Add the demo's categories, rights and people to ``report.event`` where missing."""
    event: Event = report.event
    hotels = accreditation_hotels.ensure_hotel_zones(event, report)
    zones = {zone.code: zone for zone in Zone.objects.filter(event=event)}
    categories = _ensure_categories(event, zones, hotels, report)
    if Person.objects.filter(event=event).exists():
        report.kept["accredited person"] += Person.objects.filter(event=event).count()
        return
    people: list[Person] = []
    seen: set[str] = set()
    serial = 0
    for code, count, organisation, position in PEOPLE:
        for i in range(count):
            serial += 1
            name = invented_name(serial)
            org = organisation or ORGANISATIONS[i % len(ORGANISATIONS)]
            # Same invented name twice in one organisation would be a duplicate: add a number.
            if dedupe_key(name, org) in seen:
                name = f"{name} ({serial})"
            seen.add(dedupe_key(name, org))
            category = categories[code]
            photo, digest = photo_for(name, category.color)
            people.append(
                Person(
                    event=event,
                    category=category,
                    full_name=name,
                    organisation=org,
                    position=position,
                    ref=f"{code}-{i + 1:03d}",
                    dedupe_key=dedupe_key(name, org),
                    search_name=search_name(name, org),
                    photo=photo,
                    photo_sha256=digest,
                )
            )
    Person.objects.bulk_create(people, batch_size=500)
    extras = accreditation_hotels.delegate_grants(event, people, ORGANISATIONS, hotels)
    PersonGrant.objects.bulk_create(extras, batch_size=500)
    _issue_badges(event, people, extras)
    record(
        SYSTEM,
        "accreditation.demo.loaded",
        None,
        event_id=event.pk,
        object_type="accreditation.person",
        object_repr="demo",
        after={
            "people": len(people),
            "badges": len(people),
            "photos": len(people),
            "hotel grants": len(extras),
        },
    )
    report.created["accredited person"] += len(people)


def _ensure_categories(
    event: Event, zones: dict[str, Zone], hotels: list[Zone], report: Any
) -> dict[str, Category]:
    existing = {c.code: c for c in Category.objects.filter(event=event)}
    grants: list[CategoryGrant] = []
    made: list[Category] = []
    for order, (code, name, color, vehicle, rights) in enumerate(CATEGORIES):
        if code in existing:
            report.kept["category"] += 1
            continue
        category = Category.objects.create(
            event=event, code=code, name=name, color=color, is_vehicle=vehicle, order=order
        )
        existing[code] = category
        made.append(category)
        report.created["category"] += 1
        for zone_code, hours in rights.items():
            if zone_code not in zones:
                continue
            grants.append(
                CategoryGrant(
                    category=category,
                    zone=zones[zone_code],
                    first_day=event.starts_on - dt.timedelta(days=1),  # rehearsal day
                    last_day=event.ends_on,
                    daily_start=dt.time(hours[0]) if hours else None,
                    daily_end=dt.time(hours[1]) if hours else None,
                )
            )
    grants += accreditation_hotels.category_grants(event, made, hotels)
    CategoryGrant.objects.bulk_create(grants)
    return existing


def _issue_badges(event: Event, people: list[Person], extras: list[PersonGrant]) -> None:
    """Version 1 of every demo badge, signed and written in bulk (extras: the hotel grants)."""
    key = current_key(event)
    seed = unseal(key)
    rights_of = {
        category_id: effective_rights(CategoryGrant.objects.filter(category_id=category_id), [])
        for category_id in {p.category_id for p in people}
    }
    own: dict[int, list[PersonGrant]] = {}
    for grant in extras:
        own.setdefault(grant.person.pk, []).append(grant)
    badges: list[Credential] = []
    for number, person in enumerate(people, start=1):
        rights = rights_of[person.category_id]
        if person.pk in own:
            rights = {**rights, **effective_rights([], own[person.pk])}
        span = validity_span(rights, event.tzinfo)
        if span is None:
            continue
        zones = sorted(rights)
        serial = 100_000 + number  # demo serials are predictable; real ones are random
        payload = Payload(
            key.key_id, serial, 1, int(span[0].timestamp()), int(span[1].timestamp()), tuple(zones)
        )
        badges.append(
            Credential(
                event=event,
                person=person,
                serial=serial,
                version=1,
                key=key,
                zones=zones,
                windows={str(z): rights[z].as_json() for z in zones},
                valid_from=span[0],
                valid_until=span[1],
                code=sign(payload, seed),
            )
        )
    Credential.objects.bulk_create(badges, batch_size=500)

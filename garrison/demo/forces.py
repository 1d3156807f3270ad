"""The demo congress's forces: the command tree, qualifications and about 300 members.

Idempotent: units are found by code, qualifications by code, members by unit and name; a second
run creates nothing. Written through the services, audited as the demo commander. Every name is
invented (generated from common Vietnamese family, middle and given names).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from garrison.accounts.models import Membership, Role
from garrison.accounts.services import change_membership
from garrison.demo.events import VENUE_NAME
from garrison.demo.report import LoadReport
from garrison.events.models import Site
from garrison.forces.members import services as member_services
from garrison.forces.models import ForceMember, Qualification, Unit
from garrison.forces.units import services as unit_services


@dataclass(frozen=True)
class DemoUnit:
    code: str
    name: str
    type: str
    parent: str | None
    members: int = 0
    rank: str = ""
    skills: tuple[str, ...] = ()
    base_venue: bool = False


QUALIFICATIONS = (
    ("access", "Kiểm soát ra vào"),
    ("search", "Kiểm tra an ninh, soi chiếu"),
    ("first_aid", "Sơ cấp cứu"),
    ("driver", "Lái xe dẫn đoàn"),
    ("fire", "Chữa cháy, cứu nạn"),
    ("k9", "Chó nghiệp vụ"),
    ("radio", "Thông tin liên lạc"),
    ("traffic", "Điều khiển giao thông"),
)

UNITS = (
    DemoUnit("BCH", "Ban Chỉ huy bảo vệ Đại hội", "police", None, 6, "Đại tá", ("radio",), True),
    DemoUnit("TRUC", "Tổ trực ban 24/24", "police", "BCH", 8, "Thiếu tá", ("radio",), True),
    DemoUnit("CSTT", "Trung đoàn Cảnh sát cơ động (tuần tra)", "police", "BCH", 4, "Trung tá"),
    DemoUnit("CSTT-1", "Tổ tuần tra số 1", "police", "CSTT", 24, "Thượng úy", ("access",)),
    DemoUnit("CSTT-2", "Tổ tuần tra số 2", "police", "CSTT", 24, "Thượng úy", ("search",)),
    DemoUnit("CSTT-3", "Tổ tuần tra số 3", "police", "CSTT", 24, "Trung úy", ("k9",)),
    DemoUnit("CSGT", "Phòng Cảnh sát giao thông", "traffic_police", "BCH", 4, "Trung tá"),
    DemoUnit("CSGT-DD", "Đội dẫn đoàn", "traffic_police", "CSGT", 20, "Thượng úy", ("driver",)),
    DemoUnit("CSGT-PL", "Đội phân luồng", "traffic_police", "CSGT", 30, "Trung úy", ("traffic",)),
    DemoUnit("PCCC", "Đội Cảnh sát PCCC và CNCH", "fire", "BCH", 30, "Thượng úy", ("fire",)),
    DemoUnit("YT", "Tổ y tế thường trực", "medical", "BCH", 16, "", ("first_aid",), True),
    DemoUnit("CD", "Tổ phản ứng nhanh", "police", "BCH", 20, "Đại úy", ("first_aid", "k9")),
    DemoUnit("BV", "Lực lượng bảo vệ nơi tổ chức", "guard", "BCH", 6, "Đại úy", (), True),
    DemoUnit("BV-CUA", "Tổ kiểm soát cửa", "guard", "BV", 40, "Trung úy", ("access", "search")),
    DemoUnit("BV-KS", "Tổ bảo vệ khách sạn", "guard", "BV", 30, "Trung úy", ("access",)),
    DemoUnit("QS", "Lực lượng quân sự phối hợp", "military", "BCH", 10, "Thiếu tá"),
    DemoUnit("DQ", "Dân phòng phường", "civil", "BCH", 10, ""),
)

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương")
MIDDLE = ("Văn", "Thị", "Minh", "Quang", "Đức", "Hữu", "Thanh", "Ngọc", "Xuân", "Công")
GIVEN = (
    "An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Hùng", "Khánh", "Long", "Mạnh",
    "Nam", "Phong", "Quân", "Sơn", "Thắng", "Toàn", "Trung", "Tuấn", "Việt", "Vinh",
)  # fmt: skip


def _names() -> itertools.cycle[str]:
    # A fixed walk through the name parts: the same names on every run, in the same units.
    combos = [f"{f} {m} {g}" for g, m, f in itertools.product(GIVEN, MIDDLE, FAMILY)]
    step = 37  # co-prime with len(combos), so the walk visits every combination before repeating
    return itertools.cycle(combos[(i * step) % len(combos)] for i in range(len(combos)))


def load(report: LoadReport) -> None:
    actor = _commander(report)
    qualifications = _ensure_qualifications(actor, report)
    units = _ensure_units(actor, report)
    _ensure_members(actor, units, qualifications, report)
    _attach_demo_logins(actor, units)


def load_units(report: LoadReport) -> None:
    """The command tree and the demo logins' units only, without the members (``--only units``:
    what the plan, the desk and the national command need; the roll is most of the forces'
    cost). ``load`` does this too."""
    actor = _commander(report)
    _attach_demo_logins(actor, _ensure_units(actor, report))


def _commander(report: LoadReport) -> Membership:
    return Membership.objects.select_related("user", "event").get(
        event=report.event, role=Role.COMMANDER, user__username=Role.COMMANDER.value
    )


# The demo's unit commander leads the patrol regiment and its field officer walks with team 1, so
# logging in as either shows the unit scope at work (they see their subtree only); the traffic
# police officer (a planner) belongs to the diversion team. Keyed by username.
DEMO_UNIT_OF_LOGIN = {
    Role.UNIT_COMMANDER.value: "CSTT",
    Role.FIELD_OFFICER.value: "CSTT-1",
    "traffic_police": "CSGT-PL",
}


def _attach_demo_logins(actor: Membership, units: dict[str, Unit]) -> None:
    for username, code in DEMO_UNIT_OF_LOGIN.items():
        target = Membership.objects.filter(event=actor.event, user__username=username).first()
        if target is not None:
            change_membership(actor, target, target.role, units[code].pk)


def _ensure_qualifications(actor: Membership, report: LoadReport) -> dict[str, Qualification]:
    found = {q.code: q for q in Qualification.objects.filter(event=actor.event)}
    for code, name in QUALIFICATIONS:
        if code in found:
            report.kept["qualification"] += 1
            continue
        found[code] = member_services.create_qualification(
            actor, member_services.QualificationData(code, name)
        )
        report.created["qualification"] += 1
    return found


def _ensure_units(actor: Membership, report: LoadReport) -> dict[str, Unit]:
    found = {u.code: u for u in Unit.objects.filter(event=actor.event)}
    venue = Site.objects.filter(event=actor.event, name=VENUE_NAME).first()
    for demo in UNITS:
        if demo.code in found:
            report.kept["unit"] += 1
            continue
        parent = found[demo.parent].pk if demo.parent else None
        base = venue.pk if venue is not None and demo.base_venue else None
        data = unit_services.UnitData(demo.name, demo.code, demo.type, parent, base)
        found[demo.code] = unit_services.create_unit(actor, data)
        report.created["unit"] += 1
    return found


def _ensure_members(
    actor: Membership,
    units: dict[str, Unit],
    qualifications: dict[str, Qualification],
    report: LoadReport,
) -> None:
    names = _names()
    phone = itertools.count(1)
    rows: list[member_services.MemberData] = []
    for demo in UNITS:
        unit = units[demo.code]
        existing = set(ForceMember.objects.filter(unit=unit).values_list("full_name", flat=True))
        for i in range(demo.members):
            name = next(names)
            number = next(phone)
            if name in existing:
                report.kept["force member"] += 1
                continue
            # Every third member also gives first aid; the unit's own skills for everyone.
            skills = set(demo.skills) | ({"first_aid"} if i % 3 == 0 else set())
            rank = demo.rank if i else (demo.rank and f"{demo.rank} (chỉ huy)")
            rows.append(
                member_services.MemberData(
                    full_name=name,
                    unit_id=unit.pk,
                    rank=rank,
                    contact=f"0900 {number:06d}",
                    qualification_ids=[qualifications[s].pk for s in sorted(skills)],
                )
            )
    if rows:
        # One batch: the checks' lookups are shared by the whole roll.
        member_services.create_members(actor, rows)
        report.created["force member"] += len(rows)

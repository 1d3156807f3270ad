"""The demo congress's risk register, two subcommittee meetings and a hotel inspection.

Idempotent: risks are found by threat, meetings by title, the inspection by title. Written
through the services as the demo commander, after the plan (``demo.planning``) is loaded.
"""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from garrison.accounts.models import Membership, Role
from garrison.demo.report import LoadReport
from garrison.events.models import Event, Site, SiteKind
from garrison.forces.models import Unit
from garrison.planning.inspections import services as inspections
from garrison.planning.meetings import services as meetings
from garrison.planning.models import ChecklistTemplate, Inspection, Meeting, Risk, Task
from garrison.planning.risks import services as risks
from garrison.planning.tasks import services

# (threat, site kind or None for the whole event, L, I, residual L, I, titles of mitigating tasks)
RISKS = (
    ("Đột nhập qua cửa phụ hội trường", SiteKind.VENUE, 3, 5, 1, 4, ("Phân công lực lượng bảo vệ cửa ra vào", "Lắp đặt cổng soi chiếu")),
    ("Cài đặt vật nổ trong hội trường", SiteKind.VENUE, 2, 5, 1, 5, ("Rà soát, kiểm tra chống cài đặt vật nổ", "Niêm phong khu vực hội trường")),
    ("Cháy nổ tại hội trường", SiteKind.VENUE, 2, 5, 1, 3, ("Kiểm tra hệ thống PCCC tại nơi tổ chức", "Diễn tập phương án chữa cháy")),
    ("Flycam xâm nhập không phận hội trường", SiteKind.VENUE, 3, 4, 2, 3, ()),
    ("Tập trung đông người trước cổng", SiteKind.VENUE, 3, 3, 2, 2, ("Phương án tuần tra vòng ngoài",)),
    ("Người lạ lên tầng lưu trú của đại biểu", SiteKind.HOTEL, 3, 4, 1, 3, ("Khảo sát an ninh các khách sạn lưu trú",)),
    ("Ngộ độc thực phẩm", SiteKind.HOTEL, 2, 4, 1, 3, ("Kiểm tra an ninh khu bếp khách sạn",)),
    ("Cháy tại khách sạn lưu trú", SiteKind.HOTEL, 2, 5, 1, 4, ("Kiểm tra hệ thống PCCC tại khách sạn",)),
    ("Ùn tắc trên tuyến dẫn đoàn", None, 4, 3, 2, 2, ("Xây dựng phương án phân luồng giao thông", "Diễn tập dẫn đoàn")),
    ("Mất liên lạc giữa các lực lượng", None, 2, 4, 1, 2, ("Thiết lập mạng thông tin liên lạc",)),
    ("Sự cố y tế với đại biểu", None, 3, 3, 2, 2, ()),
)  # fmt: skip

MEETING_1 = "Họp Tiểu ban An ninh lần 1"
MEETING_2 = "Họp Tiểu ban An ninh lần 2"
# (decision, task title, unit code, owner username, days before the first day)
DECISIONS = (
    ("Bổ sung 2 cổng soi chiếu tại cửa phụ phía Đông", "Bổ sung cổng soi chiếu cửa phụ phía Đông", "BV-CUA", Role.UNIT_COMMANDER, 10),
    ("Lập phương án chống flycam khu vực hội trường", "Phương án chống flycam khu vực hội trường", "CD", Role.PLANNER, 12),
)  # fmt: skip
INSPECTION = "Khảo sát an ninh khách sạn — demo"


def _at(event: Event, days: int, hour: int) -> dt.datetime:
    """``hour`` o'clock, ``days`` days before the congress's first day, in the event's time."""
    day = event.starts_on - dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=event.tzinfo)


def load(report: LoadReport) -> None:
    event = report.event
    actor = Membership.objects.select_related("user", "event").get(
        event=event, role=Role.COMMANDER, user__username=Role.COMMANDER.value
    )
    users = {m.user.username: m.user_id for m in event.memberships.select_related("user")}
    units = {u.code: u.pk for u in Unit.objects.filter(event=event)}
    tasks = {t.title: t.pk for t in Task.objects.filter(event=event)}
    sites = list(Site.objects.filter(event=event).order_by("name"))
    _risks(report, actor, users, tasks, sites)
    _meetings(report, actor, users, units)
    _inspection(report, actor, users, units, sites)


def _risks(
    report: LoadReport,
    actor: Membership,
    users: dict[str, int],
    tasks: dict[str, int],
    sites: list[Site],
) -> None:
    have = set(Risk.objects.filter(event=report.event).values_list("threat", flat=True))
    for threat, kind, lk, im, rlk, rim, mitigations in RISKS:
        targets = [s for s in sites if s.kind == kind] if kind else [None]
        for site in targets:
            name = f"{threat} — {site.name}" if site and len(targets) > 1 else threat
            if name in have:
                report.kept["risk"] += 1
                continue
            risks.create_risk(
                actor,
                risks.RiskData(
                    threat=name[:200],
                    likelihood=lk,
                    impact=im,
                    residual_likelihood=rlk,
                    residual_impact=rim,
                    site_id=site.pk if site else None,
                    owner_id=users.get(Role.PLANNER),
                    mitigation_ids=[tasks[t] for t in mitigations if t in tasks],
                ),
            )
            report.created["risk"] += 1


def _meetings(
    report: LoadReport, actor: Membership, users: dict[str, int], units: dict[str, int]
) -> None:
    have = set(Meeting.objects.filter(event=report.event).values_list("title", flat=True))
    attendees = [
        users[r] for r in (Role.COMMANDER, Role.PLANNER, Role.UNIT_COMMANDER) if r in users
    ]
    for title, days, agenda in (
        (MEETING_1, 30, "1. Rà soát phương án tổng thể\n2. Phân công lực lượng\n3. Các rủi ro mới"),
        (MEETING_2, 7, "1. Kiểm điểm tiến độ từ lần họp trước\n2. Kết quả khảo sát khách sạn"),
    ):
        if title in have:
            report.kept["meeting"] += 1
            continue
        meeting = meetings.create_meeting(
            actor,
            meetings.MeetingData(
                title=title,
                held_at=_at(report.event, days, 14),
                location="Phòng họp Ban Chỉ huy",
                agenda=agenda,
                minutes="Ban Chỉ huy thống nhất các nội dung; giao nhiệm vụ như phần kết luận."
                if title == MEETING_1
                else "",
                other_attendees="Đại diện Ban Tổ chức Đại hội",
                attendee_ids=attendees,
            ),
        )
        report.created["meeting"] += 1
        if title != MEETING_1:
            continue
        for text, task_title, unit, owner, due in DECISIONS:
            data = services.TaskData(
                title=task_title,
                deliverable="Báo cáo kết quả, có chữ ký chỉ huy đơn vị",
                owner_id=users.get(owner),
                unit_id=units.get(unit),
                deadline=_at(report.event, due, 17),
                priority="high",
            )
            meetings.record_decision(actor, meeting, text, data)


def _inspection(
    report: LoadReport,
    actor: Membership,
    users: dict[str, int],
    units: dict[str, int],
    sites: list[Site],
) -> None:
    if Inspection.objects.filter(event=report.event, title=INSPECTION).exists():
        report.kept["inspection"] += 1
        return
    hotel = next((s for s in sites if s.kind == SiteKind.HOTEL), None)
    if hotel is None:
        return
    # The checklists read in the language the demo is for.
    with translation.override("vi"):
        inspections.install_standard_templates(actor)
    template = ChecklistTemplate.objects.get(event=report.event, kind="hotel_survey")
    inspection = inspections.create_inspection(
        actor,
        inspections.InspectionData(
            site_id=hotel.pk,
            template_id=template.pk,
            inspected_at=_at(report.event, 20, 9),
            title=INSPECTION,
            inspector_id=users.get(Role.PLANNER),
            unit_id=units.get("BV-KS"),
        ),
    )
    items = list(inspection.items.all())
    results = {item.pk: ("pass", "") for item in items}
    results[items[1].pk] = ("fail", "Camera hành lang tầng 5 không hoạt động")
    inspections.record_results(actor, inspection, results)
    inspections.task_for_item(actor, inspection, items[1].pk)
    report.created["inspection"] += 1

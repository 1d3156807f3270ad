"""The demo congress's plan: ~45 tasks across phases and units, some overdue, a few blocked.

Deadlines are counted in days from the congress's first day, so they move with the demo. Each
task's status is given as the plan stood about three weeks before the congress; open work whose
deadline has passed by the day of the load counts as done, while work still in progress or
blocked stays so. The demo then shows what a real plan shows on any day it is loaded: finished
work behind, some of it late, the rest coming up. Idempotent: tasks are found by title. Written through the services as the demo commander
(statuses are moved the way a user would, each move audited).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from garrison.accounts.models import Membership, Role
from garrison.demo.report import LoadReport
from garrison.events.models import Event, Phase, PhaseKind, Site
from garrison.forces.models import Unit
from garrison.planning.models import Task, TaskStatus
from garrison.planning.tasks import services

# The path a task takes from open to each status, through the allowed moves.
PATH = {
    TaskStatus.DRAFT: [],
    TaskStatus.OPEN: [],
    TaskStatus.IN_PROGRESS: [TaskStatus.IN_PROGRESS],
    TaskStatus.BLOCKED: [TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED],
    TaskStatus.DONE: [TaskStatus.IN_PROGRESS, TaskStatus.DONE],
    TaskStatus.VERIFIED: [TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.VERIFIED],
}


@dataclass(frozen=True)
class DemoTask:
    title: str
    unit: str
    days: int  # deadline: days before the first day (negative: during the congress)
    status: str
    owner: str = Role.UNIT_COMMANDER
    site: str | None = None  # site kind
    priority: str = "normal"
    after: str | None = None  # title of the task this one depends on


V, H = "venue", "hotel"
S = TaskStatus
TASKS = (
    DemoTask("Phê duyệt phương án tổng thể bảo vệ Đại hội", "BCH", 40, S.VERIFIED, Role.COMMANDER, None, "critical"),
    DemoTask("Khảo sát an ninh nơi tổ chức", "BV", 35, S.VERIFIED, Role.PLANNER, V, "high"),
    DemoTask("Khảo sát an ninh các khách sạn lưu trú", "BV-KS", 33, S.DONE, Role.PLANNER, H, "high"),
    DemoTask("Lập danh sách lực lượng tham gia", "BCH", 30, S.VERIFIED, Role.PLANNER),
    DemoTask("Phân công lực lượng bảo vệ cửa ra vào", "BV-CUA", 28, S.DONE, Role.UNIT_COMMANDER, V, "high", "Khảo sát an ninh nơi tổ chức"),
    DemoTask("Kiểm tra hệ thống PCCC tại nơi tổ chức", "PCCC", 27, S.DONE, Role.UNIT_COMMANDER, V, "high"),
    DemoTask("Kiểm tra hệ thống PCCC tại khách sạn", "PCCC", 25, S.IN_PROGRESS, Role.UNIT_COMMANDER, H, "high"),
    DemoTask("Xây dựng phương án phân luồng giao thông", "CSGT-PL", 25, S.IN_PROGRESS, Role.PLANNER, None, "high"),
    DemoTask("Khảo sát tuyến dẫn đoàn khách sạn – hội trường", "CSGT-DD", 24, S.BLOCKED, Role.UNIT_COMMANDER, None, "high"),
    DemoTask("Lập phương án y tế, cấp cứu", "YT", 24, S.OPEN, Role.PLANNER, V),
    DemoTask("Bố trí phòng trực ban 24/24", "TRUC", 23, S.DONE, Role.DUTY_OFFICER, V),
    DemoTask("Thiết lập mạng thông tin liên lạc", "TRUC", 21, S.IN_PROGRESS, Role.DUTY_OFFICER, V, "high"),
    DemoTask("Tập huấn nghiệp vụ kiểm soát ra vào", "BV-CUA", 20, S.OPEN, Role.UNIT_COMMANDER, V),
    DemoTask("Phương án tuần tra vòng ngoài", "CSTT", 20, S.IN_PROGRESS, Role.UNIT_COMMANDER, V),
    DemoTask("Lên lịch tuần tra tổ 1", "CSTT-1", 18, S.OPEN, Role.FIELD_OFFICER, V, "normal", "Phương án tuần tra vòng ngoài"),
    DemoTask("Lên lịch tuần tra tổ 2", "CSTT-2", 18, S.OPEN, Role.UNIT_COMMANDER, V, "normal", "Phương án tuần tra vòng ngoài"),
    DemoTask("Lên lịch tuần tra tổ 3 (chó nghiệp vụ)", "CSTT-3", 18, S.OPEN, Role.UNIT_COMMANDER, V),
    DemoTask("Phối hợp lực lượng quân sự", "QS", 17, S.OPEN, Role.COMMANDER),
    DemoTask("Huy động dân phòng phường", "DQ", 16, S.OPEN, Role.PLANNER),
    DemoTask("Phương án phản ứng nhanh", "CD", 16, S.IN_PROGRESS, Role.PLANNER, None, "critical"),
    DemoTask("Kiểm tra cơ số thuốc, trang thiết bị y tế", "YT", 14, S.OPEN, Role.PLANNER, V),
    DemoTask("Thông báo phân luồng cho người dân", "CSGT-PL", 12, S.OPEN, Role.PLANNER, None, "normal", "Xây dựng phương án phân luồng giao thông"),
    DemoTask("Diễn tập phương án chữa cháy", "PCCC", 12, S.OPEN, Role.UNIT_COMMANDER, V, "high"),
    DemoTask("Diễn tập dẫn đoàn", "CSGT-DD", 10, S.OPEN, Role.UNIT_COMMANDER, None, "high", "Khảo sát tuyến dẫn đoàn khách sạn – hội trường"),
    DemoTask("Kiểm tra an ninh khu bếp khách sạn", "BV-KS", 9, S.OPEN, Role.UNIT_COMMANDER, H),
    DemoTask("Kiểm tra bãi đỗ xe hội trường", "BV", 8, S.OPEN, Role.UNIT_COMMANDER, V),
    DemoTask("Lắp đặt cổng soi chiếu", "BV-CUA", 7, S.OPEN, Role.ACCREDITATION_OFFICER, V, "high"),
    DemoTask("Cấp thẻ cho lực lượng phục vụ", "BV-CUA", 6, S.OPEN, Role.ACCREDITATION_OFFICER, V),
    DemoTask("Tổng duyệt phương án bảo vệ", "BCH", 4, S.OPEN, Role.COMMANDER, V, "critical"),
    DemoTask("Rà soát, kiểm tra chống cài đặt vật nổ", "CD", 2, S.OPEN, Role.UNIT_COMMANDER, V, "critical"),
    DemoTask("Niêm phong khu vực hội trường", "BV", 1, S.OPEN, Role.UNIT_COMMANDER, V, "high", "Rà soát, kiểm tra chống cài đặt vật nổ"),
    DemoTask("Khai mạc: kiểm soát cửa ra vào", "BV-CUA", 0, S.OPEN, Role.UNIT_COMMANDER, V, "critical"),
    DemoTask("Khai mạc: dẫn đoàn đại biểu", "CSGT-DD", 0, S.OPEN, Role.UNIT_COMMANDER, None, "critical"),
    DemoTask("Khai mạc: trực cấp cứu tại hội trường", "YT", 0, S.OPEN, Role.PLANNER, V),
    DemoTask("Ngày 2: tuần tra khách sạn ban đêm", "CSTT-2", -1, S.OPEN, Role.UNIT_COMMANDER, H),
    DemoTask("Ngày 2: phân luồng giờ cao điểm", "CSGT-PL", -1, S.OPEN, Role.UNIT_COMMANDER),
    DemoTask("Ngày 3: bảo vệ bầu cử tại hội trường", "BV", -2, S.OPEN, Role.UNIT_COMMANDER, V, "critical"),
    DemoTask("Bế mạc: dẫn đoàn về khách sạn", "CSGT-DD", -2, S.OPEN, Role.UNIT_COMMANDER, None, "high"),
    DemoTask("Báo cáo tổng kết công tác bảo vệ", "BCH", -4, S.DRAFT, Role.PLANNER, None, "high"),
    DemoTask("Rút kinh nghiệm phân luồng giao thông", "CSGT", -4, S.DRAFT, Role.PLANNER),
    DemoTask("Thu hồi thẻ, trang thiết bị", "BV", -4, S.DRAFT, Role.ACCREDITATION_OFFICER),
    DemoTask("Khen thưởng lực lượng tham gia", "BCH", -4, S.DRAFT, Role.COMMANDER),
)  # fmt: skip


def _deadline(event: Event, days: int) -> dt.datetime:
    day = event.starts_on - dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(17), tzinfo=event.tzinfo)


def _status(demo: DemoTask, deadline: dt.datetime) -> TaskStatus:
    """The status to load ``demo`` in: open work past its deadline was done in the meantime."""
    if demo.status == S.OPEN and deadline < timezone.now():
        return S.DONE
    return S(demo.status)


def _phase(phases: dict[str, Phase], days: int) -> Phase | None:
    kind = PhaseKind.BEFORE if days > 0 else PhaseKind.DURING if days >= -2 else PhaseKind.AFTER
    return phases.get(kind)


def load(report: LoadReport) -> None:
    event = report.event
    actor = Membership.objects.select_related("user", "event").get(
        event=event, role=Role.COMMANDER, user__username=Role.COMMANDER.value
    )
    owners = {m.user.username: m.user_id for m in event.memberships.select_related("user")}
    units = {u.code: u.pk for u in Unit.objects.filter(event=event)}
    phases = {p.kind: p for p in Phase.objects.filter(event=event).order_by("starts_at")}
    sites = {s.kind: s.pk for s in Site.objects.filter(event=event).order_by("name")}
    made = {t.title: t for t in Task.objects.filter(event=event)}
    for demo in TASKS:
        if demo.title in made:
            report.kept["task"] += 1
            continue
        phase = _phase(phases, demo.days)
        deadline = _deadline(event, demo.days)
        depends = [made[demo.after].pk] if demo.after and demo.after in made else []
        data = services.TaskData(
            title=demo.title,
            deliverable="Báo cáo kết quả, có chữ ký chỉ huy đơn vị",
            owner_id=owners.get(demo.owner),
            unit_id=units.get(demo.unit),
            deadline=deadline,
            phase_id=phase.pk if phase else None,
            site_id=sites.get(demo.site) if demo.site else None,
            priority=demo.priority,
            depends_on_ids=depends,
        )
        status = S.DRAFT if demo.status == S.DRAFT else S.OPEN
        task = services.create_task(actor, data, status=status)
        for step in PATH[_status(demo, deadline)]:
            task = services.change_status(actor, task, step)
        made[demo.title] = task
        report.created["task"] += 1

"""The demo congress's action plan for each congress day, published once, and its situation
reports at the set times of the day so far.

The readiness demo leaves the lobby's walk-through detector broken at its post, which blocks a
plan (an assignment must not name an unusable resource); as the logistics officer would, the
demo returns it to store for repair first. Every date is counted from the event's first day: the
plans are those of its days, the reports those of the set times that have come on the congress
day under way (none before the congress opens). Idempotent: a period that has a version keeps
it, a set time that has its report keeps it.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from garrison.accounts.models import Membership, Role
from garrison.demo.readiness import BROKEN
from garrison.demo.report import LoadReport
from garrison.events.models import Event
from garrison.readiness.models import Resource
from garrison.readiness.resources import services as resources
from garrison.reports import services
from garrison.reports.models import Sitrep
from garrison.reports.publishing import services as publishing
from garrison.reports.sitreps import services as sitreps

OBJECTIVES = (
    "1. Bảo đảm tuyệt đối an toàn cho Đại hội, các đại biểu và khách mời.\n"
    "2. Kiểm soát chặt chẽ người, phương tiện ra vào Cung Văn hóa và các khu vực hạn chế.\n"
    "3. Dẫn đoàn an toàn, đúng giờ giữa các khách sạn và nơi tổ chức; phân luồng giảm ùn tắc.\n"
    "4. Sẵn sàng lực lượng PCCC, cứu nạn và y tế; tiếp nhận, xử lý tin báo 24/24."
)
# The set times of the reports up the chain, in the event's zone (24-hour clock).
SET_TIMES = ["06:00", "10:00", "14:00", "18:00", "22:00"]
# What the duty officer noted for each report (invented).
NOTABLE = {
    "06:00": "Giao ca an toàn; các tổ bảo vệ khách sạn đủ quân số.",
    "10:00": "Đoàn đại biểu đến Cung Văn hóa đúng giờ; phân luồng đường Trần Bình Trọng ổn định.",
    "14:00": "Mất điện 5 phút tại cổng phụ B, đã chuyển sang máy phát dự phòng.",
    "18:00": "Đoàn xe đưa đại biểu về khách sạn an toàn.",
    "22:00": "Tuần tra đêm triển khai đủ các vị trí trực.",
}


def _commander(event: Event) -> Membership:
    return Membership.objects.select_related("user", "event").get(
        event=event, role=Role.COMMANDER, user__username=Role.COMMANDER.value
    )


def _plans(report: LoadReport, actor: Membership) -> None:
    event = report.event
    identifier, _note = BROKEN
    broken = Resource.objects.filter(event=event, identifier=identifier).first()
    if broken is not None and broken.place is not None:
        resources.return_resource(actor, broken, "Đưa về kho chờ hãng sửa")
    days = (event.ends_on - event.starts_on).days + 1
    for n in range(days):
        day = event.starts_on + dt.timedelta(days=n)
        # A minute into the day's operational period (06:00 to 06:00).
        at = dt.datetime.combine(day, dt.time(6, 1), tzinfo=event.tzinfo)
        plan = services.plan_for(event, at)
        if plan.versions.exists():
            report.kept["published plan"] += plan.versions.count()
            continue
        if not plan.objectives:
            services.save_objectives(actor, plan, OBJECTIVES)
        if services.blockers(plan):
            report.kept["blocked plan"] += 1  # a part of the demo that leaves one (``--only``)
            continue
        publishing.publish_plan(actor, plan, "vi")
        report.created["published plan"] += 1


def _sitreps(report: LoadReport, actor: Membership) -> None:
    event = report.event
    schedule = sitreps.schedule_for(event)
    if not schedule.times:
        sitreps.save_schedule(actor, ", ".join(SET_TIMES), "")
    now = timezone.now()
    today = timezone.localtime(now, event.tzinfo).date()
    if not event.starts_on <= today <= event.ends_on:
        return  # before the congress opens (``--starts-in``): no report yet
    day = event.starts_on + dt.timedelta(days=(today - event.starts_on).days)
    for text in SET_TIMES:
        hour, minute = (int(part) for part in text.split(":"))
        at = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=event.tzinfo)
        if at > now:
            break
        if Sitrep.objects.filter(event=event, scheduled_for=at).exists():
            report.kept["situation report"] += 1
            continue
        sitreps.publish_sitrep(
            None, event, notable=NOTABLE[text], scheduled_for=at, language="vi", published_at=at
        )
        report.created["situation report"] += 1


def load(report: LoadReport) -> None:
    actor = _commander(report.event)
    _plans(report, actor)
    _sitreps(report, actor)

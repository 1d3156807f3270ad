"""The demo's national command: a national event over the demo congress and one more, smaller
sub-event (a neighbouring province's watch), one directive sent down and one report sent up.

The national commander (``national_commander``) reads both provinces' pages from the national
event and writes in neither; each province has its own commander. Loaded after forces, so the
directive's task in the congress names the congress's top unit.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from garrison.accounts.models import Membership, Role
from garrison.audit.services import SYSTEM, record
from garrison.command.models import Directive, SituationReport
from garrison.command.services import DirectiveData, ReportData, send_directive, send_report
from garrison.demo.accounts import DemoUser, ensure_user
from garrison.demo.report import LoadReport
from garrison.events.models import Event

NATIONAL_SLUG = "quoc-gia-2026"
NATIONAL_NAME = "Bảo vệ Đại hội — Ban Chỉ huy quốc gia (national command, exercise)"
PROVINCE_SLUG = "tinh-ban-2026"
PROVINCE_NAME = "Bảo vệ tuyến tỉnh bạn (neighbouring province's watch, exercise)"
NATIONAL_COMMANDER = DemoUser(
    Role.COMMANDER,
    "Trịnh Quốc Bảo",
    login="national_commander",
    about="the national commander: reads both provinces, sends directives down",
)
PROVINCE_COMMANDER = DemoUser(
    Role.COMMANDER,
    "Lý Thị Hồng",
    login="province_commander",
    about="the neighbouring province's commander: reports up to the national command",
)
DIRECTIVE = (
    "Tăng cường bảo vệ các điểm lưu trú của đại biểu trong đêm nay; báo cáo kết quả trước hạn. "
    "(Reinforce the delegates' hotels tonight; report back before the deadline.)"
)
REPORT = (
    "Tình hình ổn định; các chốt trên quốc lộ trực đủ quân số. "
    "(Situation calm; the highway checkpoints are fully manned.)"
)


def _ensure_event(slug: str, name: str, like: Event, parent: Event | None) -> Event:
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        event = Event.objects.create(
            slug=slug,
            name=name,
            starts_on=like.starts_on,
            ends_on=like.ends_on,
            time_zone=like.time_zone,
            parent=parent,
        )
        record(SYSTEM, "events.event.created", event, event_id=event.pk, after={"slug": slug})
    elif (event.starts_on, event.ends_on) != (like.starts_on, like.ends_on):
        # The congress was placed for other days: its national command moves with it.
        event.starts_on, event.ends_on = like.starts_on, like.ends_on
        event.save(update_fields=["starts_on", "ends_on"])
    return event


def _place_under(event: Event, parent: Event) -> None:
    if event.parent_id == parent.pk:
        return
    before = {"parent_id": event.parent_id}
    event.parent = parent
    event.save(update_fields=["parent"])
    for side in (event.pk, parent.pk):
        record(
            SYSTEM,
            "events.event.parent_set" if side == event.pk else "events.subevent.changed",
            event,
            event_id=side,
            before=before,
            after={"parent_id": parent.pk},
        )


def load(report: LoadReport) -> None:
    congress = report.event
    with transaction.atomic():
        national = _ensure_event(NATIONAL_SLUG, NATIONAL_NAME, congress, None)
        province = _ensure_event(PROVINCE_SLUG, PROVINCE_NAME, congress, national)
        _place_under(congress, national)
        _place_under(province, national)
        chief = ensure_user(national, NATIONAL_COMMANDER, report.password, report)
        neighbour = ensure_user(province, PROVINCE_COMMANDER, report.password, report)
        report.logins += [chief, neighbour]
        sender = Membership.objects.select_related("user", "event").get(
            event=national, user=chief.user
        )
        if not Directive.objects.filter(event=national).exists():
            deadline = timezone.now() + dt.timedelta(hours=12)
            send_directive(sender, DirectiveData(DIRECTIVE, deadline, [congress.pk, province.pk]))
            report.created["directive"] += 1
        else:
            report.kept["directive"] += 1
        if not SituationReport.objects.filter(event=province).exists():
            reporter = Membership.objects.select_related("user", "event").get(
                event=province, user=neighbour.user
            )
            send_report(reporter, ReportData(REPORT, forces_on_duty=85, incidents_open=0))
            report.created["situation report"] += 1
        else:
            report.kept["situation report"] += 1

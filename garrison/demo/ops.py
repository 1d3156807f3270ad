"""The demo congress's operations desk: tips open, patrols placed, incidents in every state.

Idempotent: tips and positions are set again harmlessly; incidents are made only when the event
has none. Everything goes through the services as the demo commander and duty officer, so it is
audited and on the live feed like real work.
"""

from __future__ import annotations

import random

from django.utils import timezone

from garrison.accounts.models import Membership, Role
from garrison.core.errors import DomainError
from garrison.demo.report import LoadReport
from garrison.events.models import Site
from garrison.forces.models import Assignment as Shift
from garrison.forces.models import Unit
from garrison.ops.dispatch import services as dispatch
from garrison.ops.incidents import services
from garrison.ops.incidents.services import IncidentData, Location
from garrison.ops.models import Incident, IncidentType, Source, Status, UnitState
from garrison.ops.positions import services as positions
from garrison.ops.settings import services as config
from garrison.ops.tips import services as tips


def _member(report: LoadReport, role: Role) -> Membership:
    return Membership.objects.select_related("user", "event").get(
        event=report.event, role=role, user__username=role.value
    )


def load(report: LoadReport) -> None:
    event = report.event
    commander, duty = _member(report, Role.COMMANDER), _member(report, Role.DUTY_OFFICER)
    row = tips.settings_for(event)
    if not row.tips_open:
        data = config.SettingsData(
            tips_open=True,
            call_processing_seconds=row.call_processing_seconds,
            call_processing_percent=row.call_processing_percent,
            turnout_seconds=row.turnout_seconds,
            travel_seconds=row.travel_seconds,
        )
        config.update_settings(commander, data)
    leaves = list(
        Unit.objects.filter(event=event, children__isnull=True).select_related("base_site")
    )
    _place_patrols(duty, leaves)
    _share_from_the_field(report)
    if Incident.objects.filter(event=event).exists():
        report.kept["incident"] += Incident.objects.filter(event=event).count()
        return
    made = _incidents(duty, {u.code: u for u in leaves})
    report.created["incident"] += made


def _place_patrols(duty: Membership, units: list[Unit]) -> None:
    """Spread the units without a base around the event's sites, where patrols would walk."""
    sites = list(Site.objects.filter(event=duty.event).order_by("name"))
    if not sites:
        return
    rng = random.Random(7)  # noqa: S311 - a fixed demo layout, not a secret
    for n, unit in enumerate(units):
        if unit.base_site_id is not None or unit.lat is not None:
            continue
        site = sites[n % len(sites)]
        lat = site.lat + rng.uniform(-0.002, 0.002)
        lon = site.lon + rng.uniform(-0.002, 0.002)
        dispatch.report_position(duty, unit, lat, lon)


def _share_from_the_field(report: LoadReport) -> None:
    """The demo field officer, on shift now, shares their team's position from the phone: the
    desk's board shows it with its age and source. Nothing when no shift runs now."""
    officer = Membership.objects.filter(
        event=report.event, role=Role.FIELD_OFFICER, user__username=Role.FIELD_OFFICER.value
    ).select_related("user", "event")
    membership = officer.first()
    if membership is None:
        return
    now = timezone.now()
    shift = (
        Shift.objects.filter(
            event=report.event,
            member__user=membership.user,
            starts_at__lte=now,
            ends_at__gt=now,
            post__site__isnull=False,
        )
        .select_related("member__unit", "post__site")
        .first()
    )
    if shift is None or shift.post.site is None:
        return
    site = shift.post.site
    try:
        positions.share_position(
            membership, shift.member.unit, site.lat + 0.0004, site.lon + 0.0003, 15.0
        )
    except DomainError:
        return  # outside the officer's scope: the board shows the post's site instead
    report.created["phone position"] += 1


def _kind(duty: Membership, code: str) -> int:
    return IncidentType.objects.get(event=duty.event, code=code).pk


def _near(duty: Membership, n: int) -> Location:
    sites = list(Site.objects.filter(event=duty.event).order_by("name"))
    if not sites:
        return Location(text="Cổng chính")
    site = sites[n % len(sites)]
    return Location(
        lat=site.lat + 0.0008 * (n % 3), lon=site.lon - 0.0006 * (n % 4), site_id=site.pk
    )


def _report(duty: Membership, n: int, code: str, severity: int, text: str) -> Incident:
    data = IncidentData(_kind(duty, code), severity, text, Source.STAFF, _near(duty, n))
    return services.create_incident(duty, data)


def _pick(units: dict[str, Unit], *codes: str) -> Unit | None:
    for code in codes:
        if code in units and dispatch.status_of(units[code]).state == UnitState.AVAILABLE:
            return units[code]
    return next(
        (u for u in units.values() if dispatch.status_of(u).state == UnitState.AVAILABLE), None
    )


def _send(duty: Membership, incident: Incident, unit: Unit | None, *steps: str) -> None:
    if unit is None:
        return
    dispatch.dispatch_units(duty, incident, [unit.pk])
    for step in steps:
        dispatch.set_unit_state(duty, unit, step)


def _incidents(duty: Membership, units: dict[str, Unit]) -> int:
    event = duty.event
    tip = tips.receive_tip(
        event,
        tips.TipData(
            what="Có một túi xách bỏ quên cạnh ghế đá, không thấy ai trông.",
            where="Công viên đối diện cổng phụ",
            type_code="suspicious_object",
        ),
        address="demo-resident",
    )
    waiting = _report(duty, 1, "crowd", 2, "Ùn ứ tại cổng kiểm soát số 2, khách chen lấn.")
    dispatch.take_incident(duty, waiting)
    triaged = _report(duty, 2, "medical", 1, "Đại biểu bị choáng tại sảnh tầng 1.")
    services.triage_incident(duty, triaged, triaged.type_id, 1, "Gọi tổ y tế")
    sent = _report(duty, 3, "traffic", 2, "Xe đỗ sai chặn lối thoát hiểm phía đông.")
    _send(duty, sent, _pick(units, "CSGT-PL"))
    on_scene = _report(duty, 4, "medical", 2, "Khách bị say nắng ở khu vực chờ.")
    _send(duty, on_scene, _pick(units, "YT", "CD"), UnitState.EN_ROUTE, UnitState.ON_SCENE)
    done = _report(duty, 5, "lost_person", 3, "Trẻ em đi lạc gần khu gửi xe.")
    unit = _pick(units, "CSTT-1", "CSTT-2")
    _send(duty, done, unit, UnitState.EN_ROUTE, UnitState.ON_SCENE, UnitState.RETURNING)
    services.change_status(duty, done, Status.RESOLVED, "Đã đưa cháu về với gia đình")
    services.change_status(duty, done, Status.CLOSED)
    if unit is not None:
        dispatch.set_unit_state(duty, unit, UnitState.AVAILABLE)
    alarm = _report(duty, 6, "fire", 2, "Báo khói ở ki-ốt số 3.")
    services.change_status(duty, alarm, Status.CANCELLED, "Khói từ bếp nướng, không có cháy")
    second = tips.receive_tip(
        event,
        tips.TipData(what="Xe ô tô đỗ chắn lối đi bộ phía đông", where="Lối thoát hiểm phía đông"),
        address="demo-resident-2",
    )
    dispatch.merge_incident(duty, second, sent)
    return len({tip.pk, waiting.pk, triaged.pk, sent.pk, on_scene.pk, done.pk, alarm.pk, second.pk})

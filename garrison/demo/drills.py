"""The demo congress's rehearsals: the script of "Lễ xuất quân và diễn tập bảo đảm an ninh, trật
tự", two drills held before the congress with their evaluation and corrective actions, and a
third prepared (the dress rehearsal).

The first drill was held ten days before the first day, the second four days before (or before
today, when the congress opens later): both dated from the demo's first day, never fixed dates.
The second runs a copy of the script with the first drill's areas for improvement to re-test,
and its desk was faster on most intervals, as a second rehearsal should be; the first drill's
corrective actions are closed before the congress. The third drill's script is a copy of the
second's, left for the planner to re-test the second drill's areas in (Drills compared).

Idempotent: made only when the event has no script of this name. Written through the services as
the demo planner (scripts, evaluation, fixes) and duty officer (drills, the desk), so all of it is
audited like real work; the past drills' times are then placed in the past (demo.drills_past).
``garrison run_drill "<name>" --speed 60`` plays a script through the desk with simulated players.
"""

from __future__ import annotations

from typing import Any

from garrison.accounts.models import Membership, Role
from garrison.demo import drills_history as history
from garrison.demo.events import VENUE_LAT, VENUE_LON, VENUE_NAME
from garrison.demo.report import LoadReport
from garrison.drills.models import DrillScript, InjectKind, Stage
from garrison.drills.scripts import services
from garrison.drills.scripts.services import InjectData, ScriptData
from garrison.events.models import Site, Zone

NAME = "Diễn tập bảo đảm an ninh, trật tự trước Đại hội"
OBJECTIVES = "\n".join(
    [
        "O1: Trực ban tiếp nhận, phân loại và điều động lực lượng trong 3 phút",
        "O2: Tổ y tế có mặt tại hiện trường trong 5 phút",
        "O3: Phân luồng giao thông kịp thời khi chốt chặn trên tuyến đoàn xe không thực hiện được",
    ]
)
HILTON = "Khách sạn Hilton Hà Nội Opera"


def _member(report: LoadReport, role: Role) -> Membership:
    return Membership.objects.select_related("user", "event").get(
        event=report.event, role=role, user__username=role.value
    )


def load(report: LoadReport) -> None:
    event = report.event
    if DrillScript.objects.filter(event=event, name=NAME).exists():
        report.kept["drill script"] += 1
        return
    planner, duty = _member(report, Role.PLANNER), _member(report, Role.DUTY_OFFICER)
    script, bag_backup = _script(report, planner)
    history.load(report, planner, duty, script, bag_backup)


def _script(report: LoadReport, planner: Membership) -> tuple[DrillScript, int]:
    """The first script; returns it and its contingency (the bag's second caller)."""
    event = report.event
    script = services.create_script(
        planner,
        ScriptData(
            NAME,
            "Kịch bản diễn tập tại Cung Văn hóa Hữu nghị và các khách sạn đại biểu, chạy qua "
            "trực ban thật với dấu DIỄN TẬP.",
            OBJECTIVES,
        ),
    )
    objectives = {o.code: o.pk for o in script.objectives.all()}
    zones = {z.code: z.pk for z in Zone.objects.filter(event=event)}
    venue = Site.objects.get(event=event, name=VENUE_NAME)
    hilton = Site.objects.filter(event=event, name=HILTON).first() or venue

    def add(
        minute: float | None, kind: str, text: str, action: str, target: float = 3, **more: Any
    ) -> int:
        data = InjectData(kind, text, action, target, minute, **more)
        return services.add_inject(planner, script, data).pk

    bag = add(
        3,
        InjectKind.INCIDENT,
        "Túi xách không người trông coi tại khu vực báo chí.",
        "Phong tỏa khu vực, điều tổ rà phá bom mìn",
        incident_type="suspicious_object",
        zone_id=zones.get("PRESS"),
        site_id=venue.pk,
        severity=1,
        objective_id=objectives["O1"],
    )
    add(
        7,
        InjectKind.INCIDENT,
        "Một đại biểu bị ngất tại sảnh đón đại biểu.",
        "Điều tổ y tế đến sảnh",
        incident_type="medical",
        zone_id=zones.get("LOBBY"),
        site_id=venue.pk,
        severity=1,
        expected_stage=Stage.ON_SCENE,
        target=5,
        objective_id=objectives["O2"],
    )
    add(
        12,
        InjectKind.GATE_SURGE,
        "Đám đông chen lấn tại cổng số 2.",
        "Điều lực lượng cơ động, mở thêm cổng 3",
        lat=VENUE_LAT - 0.0004,
        lon=VENUE_LON + 0.0006,
        severity=2,
        target=4,
        objective_id=objectives["O1"],
    )
    add(
        15,
        InjectKind.FAILED_CLOSURE,
        "Chốt chặn trên tuyến đoàn xe từ khách sạn Hilton không đóng được: xe tải chắn đường.",
        "Phân luồng qua tuyến dự phòng, điều CSGT",
        site_id=hilton.pk,
        severity=2,
        target=5,
        objective_id=objectives["O3"],
    )
    add(
        18,
        InjectKind.TIP,
        "Người dân báo có khói bốc lên gần khách sạn đại biểu.",
        "Phân loại tin báo, xác minh",
        site_id=hilton.pk,
        expected_stage=Stage.TRIAGED,
        target=2,
    )
    add(
        22,
        InjectKind.UNIT_OUT,
        "Xe chữa cháy của đội PCCC hỏng, không xuất phát được.",
        "Điều xe dự phòng, báo cáo chỉ huy",
        site_id=venue.pk,
        severity=3,
        expected_stage=Stage.TRIAGED,
        target=2,
    )
    backup = add(
        None,
        InjectKind.TIP,
        "Người dân gọi lần hai: túi xách vẫn ở khu vực báo chí, chưa ai đến.",
        "Điều lực lượng ngay",
        site_id=venue.pk,
        contingency_of_id=bag,
        target=1,
    )
    report.created["drill script"] += 1
    return script, backup

"""The demo's drills before the congress: two held (run, evaluated, fixes planned) and a third
prepared. See garrison/demo/drills.py for the story; the past runs are made by drills_past."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from garrison.accounts.models import Membership, Role
from garrison.demo.drills_past import Steps, run_past_drill
from garrison.demo.report import LoadReport
from garrison.drills.evaluation import services as evaluation
from garrison.drills.evaluation.services import ObservationData
from garrison.drills.improvement import services as improvement
from garrison.drills.improvement.services import CorrectiveActionData
from garrison.drills.models import (
    CorrectiveAction,
    Drill,
    DrillScript,
    Inject,
    ObjectiveRating,
    Observation,
)
from garrison.drills.running import services as running
from garrison.drills.scripts import services as scripts
from garrison.events.models import Event
from garrison.forces.models import Unit
from garrison.planning.tasks import services as tasks
from garrison.planning.tasks.models import Task

FIRST, SECOND = "Diễn tập lần 1", "Diễn tập lần 2"
THIRD = "Diễn tập lần 3 — tổng duyệt"
SCRIPT_2 = "Diễn tập lần 2: kiểm tra lại các điểm cần khắc phục"
SCRIPT_3 = "Tổng duyệt trước Đại hội"


def _first_pace(n: int, inject: Inject) -> Steps:
    return (70.0 + 10 * (n % 3), 120.0 + 15 * (n % 4), 300.0 + 20 * (n % 3), 420.0 + 30 * (n % 2))


def _second_pace(n: int, inject: Inject) -> Steps:
    # Faster to triage, dispatch and arrive; the on-scene work takes as long as it takes.
    return (40.0 + 8 * (n % 3), 75.0 + 10 * (n % 4), 230.0 + 20 * (n % 3), 440.0 + 30 * (n % 2))


def _day(event: Event, days_before: int, hour: int, minute: int = 0) -> dt.datetime:
    """A time ``days_before`` the demo's first day (or today, if the congress opens later)."""
    today = timezone.localdate(timezone.now(), event.tzinfo)
    anchor = min(event.starts_on, today)
    day = anchor - dt.timedelta(days=days_before)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=event.tzinfo)


def _member(event: Event, role: Role) -> Membership | None:
    return (
        Membership.objects.select_related("user", "event")
        .filter(event=event, role=role, user__username=role.value)
        .first()
    )


def _observe(planner: Membership, drill: Drill, notes: list[tuple[float, str, str, str]]) -> None:
    codes = {o.code: o.pk for o in drill.script.objectives.all()}
    for minute, kind, code, text in notes:
        data = ObservationData(text, kind, codes.get(code), minute)
        evaluation.record_observation(planner, drill, data)
    for observation in Observation.objects.filter(drill=drill):
        at = drill.started_at + dt.timedelta(seconds=observation.drill_seconds or 0)  # type: ignore[operator]
        Observation.objects.filter(pk=observation.pk).update(at=at)


def _rate(planner: Membership, drill: Drill, ratings: dict[str, tuple[str, str]]) -> None:
    for objective in drill.script.objectives.all():
        if objective.code in ratings:
            rating, note = ratings[objective.code]
            evaluation.rate_objective(planner, drill, objective.pk, rating, note)
    ObjectiveRating.objects.filter(drill=drill).update(
        rated_at=drill.stopped_at + dt.timedelta(minutes=30)  # type: ignore[operator]
    )


def _fix(
    planner: Membership,
    drill: Drill,
    owner: Membership | None,
    unit_code: str,
    area: str,
    what: tuple[str, str],
    deadline: dt.datetime,
) -> Task | None:
    unit = Unit.objects.filter(event=drill.event, code=unit_code).first()
    observation = Observation.objects.filter(drill=drill, text=area).first()
    if unit is None or owner is None:
        return None  # a demo loaded without its forces: no unit to hold the task
    action = improvement.add_corrective_action(
        planner,
        drill,
        CorrectiveActionData(
            what[0],
            what[1],
            owner.user_id,
            unit.pk,
            deadline,
            observation.pk if observation else None,
        ),
    )
    CorrectiveAction.objects.filter(pk=action.pk).update(
        created_at=drill.stopped_at + dt.timedelta(hours=20)  # type: ignore[operator]
    )
    return action.task


def _close(planner: Membership, task: Task | None, done_at: dt.datetime) -> None:
    if task is None:
        return
    tasks.change_status(planner, task, "done", "Đã hoàn thành trước lần diễn tập sau.")
    Task.objects.filter(pk=task.pk).update(done_at=done_at)


GATE_AREA = (
    "Không ai báo cho tổ kiểm soát cửa số 2 khi khu vực báo chí bị phong tỏa; người dân phải gọi "
    "lại lần hai."
)
ROUTE_AREA = (
    "Tuyến dự phòng của đoàn xe chưa được báo trước cho Đội phân luồng: mất 4 phút mới có lệnh."
)
TRUCK_AREA = "Xe chữa cháy dự phòng xuất phát chậm: chìa khóa để ở phòng trực ban."


def load(
    report: LoadReport,
    planner: Membership,
    duty: Membership,
    script: DrillScript,
    bag_backup: int,
) -> None:
    event = report.event
    owner = _member(event, Role.UNIT_COMMANDER)
    first = run_past_drill(
        duty, script, FIRST, _day(event, 10, 8), _first_pace, contingencies=(bag_backup,)
    )
    first.refresh_from_db()
    _observe(
        planner,
        first,
        [
            (3.5, "strength", "O1", "Trực ban tiếp nhận và phân loại tin báo túi xách ngay."),
            (6.0, "improvement", "O1", GATE_AREA),
            (8.5, "strength", "O2", "Tổ y tế có mặt tại sảnh, sơ cứu đúng quy trình."),
            (12.5, "note", "O1", "Lực lượng cơ động đến cổng 2 đủ quân số."),
            (16.0, "improvement", "O3", ROUTE_AREA),
        ],
    )
    _rate(
        planner,
        first,
        {
            "O1": ("M", "Điều lực lượng chậm, phải phát tình huống dự phòng."),
            "O2": ("S", "Đạt thời gian, bàn giao bệnh nhân còn lúng túng."),
            "O3": ("M", "Lệnh phân luồng chậm 4 phút."),
        },
    )
    before_second = _day(event, 6, 17)
    gate = _fix(
        planner, first, owner, "BV-CUA", GATE_AREA,
        ("Quy trình báo tin phong tỏa cho các cổng",
         "Phiếu quy trình một trang tại mỗi cổng; tập huấn tổ kiểm soát cửa."),
        before_second,
    )  # fmt: skip
    route = _fix(
        planner, first, owner, "CSGT-PL", ROUTE_AREA,
        ("Báo trước tuyến dự phòng cho Đội phân luồng",
         "Bản đồ tuyến dự phòng và danh sách liên lạc gửi Đội phân luồng trước mỗi đoàn xe."),
        before_second,
    )  # fmt: skip
    _close(planner, gate, _day(event, 7, 16))
    _close(planner, route, _day(event, 7, 11))

    second_script = scripts.copy_script(planner, script, SCRIPT_2)
    improvement.retest_areas(planner, first, second_script)
    second = run_past_drill(duty, second_script, SECOND, _day(event, 4, 8), _second_pace)
    second.refresh_from_db()
    _observe(
        planner,
        second,
        [
            (3.2, "strength", "O1", "Phong tỏa khu vực báo chí và báo ngay cho cổng 2."),
            (7.8, "strength", "O2", "Tổ y tế đến sảnh trong 4 phút."),
            (15.5, "strength", "O3", "Đội phân luồng chuyển đoàn xe sang tuyến dự phòng ngay."),
            (22.5, "improvement", "", TRUCK_AREA),
        ],
    )
    _rate(
        planner,
        second,
        {
            "O1": ("P", ""),
            "O2": ("P", ""),
            "O3": ("S", "Đúng tuyến, biển báo tạm đặt muộn."),
            "R1": ("P", "Cổng 2 được báo trong phút đầu."),
            "R2": ("P", ""),
        },
    )
    _fix(
        planner, second, owner, "PCCC", TRUCK_AREA,
        ("Chìa khóa xe dự phòng để tại xe", "Hộp khóa tại xe, kiểm tra đầu mỗi ca trực."),
        _day(event, 1, 17),
    )  # fmt: skip

    third_script = scripts.copy_script(planner, second_script, SCRIPT_3)
    running.create_drill(duty, third_script, THIRD, speed=1)
    report.created["drill script"] += 2
    report.created["drill"] += 3

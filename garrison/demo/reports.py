"""The demo congress's action plan for the operational period under way, published once.

The readiness demo leaves the lobby's walk-through detector broken at its post, which blocks a
plan (an assignment must not name an unusable resource); as the logistics officer would, the
demo returns it to store for repair first. Idempotent: a period that has a version keeps it.
"""

from __future__ import annotations

from garrison.accounts.models import Membership, Role
from garrison.demo.readiness import BROKEN
from garrison.demo.report import LoadReport
from garrison.readiness.models import Resource
from garrison.readiness.resources import services as resources
from garrison.reports import publishing, services

OBJECTIVES = (
    "1. Bảo đảm tuyệt đối an toàn cho Đại hội, các đại biểu và khách mời.\n"
    "2. Kiểm soát chặt chẽ người, phương tiện ra vào Cung Văn hóa và các khu vực hạn chế.\n"
    "3. Dẫn đoàn an toàn, đúng giờ giữa các khách sạn và nơi tổ chức; phân luồng giảm ùn tắc.\n"
    "4. Sẵn sàng lực lượng PCCC, cứu nạn và y tế; tiếp nhận, xử lý tin báo 24/24."
)


def load(report: LoadReport) -> None:
    event = report.event
    actor = Membership.objects.select_related("user", "event").get(
        event=event, role=Role.COMMANDER, user__username=Role.COMMANDER.value
    )
    plan = services.plan_for(event)
    if plan.versions.exists():
        report.kept["published plan"] += plan.versions.count()
        return
    if not plan.objectives:
        services.save_objectives(actor, plan, OBJECTIVES)
    identifier, _note = BROKEN
    broken = Resource.objects.filter(event=event, identifier=identifier).first()
    if broken is not None and broken.place is not None:
        resources.return_resource(actor, broken, "Đưa về kho chờ hãng sửa")
    if services.blockers(plan):
        report.kept["blocked plan"] += 1  # a part of the demo that leaves one (``--only``)
        return
    publishing.publish_plan(actor, plan, "vi")
    report.created["published plan"] += 1

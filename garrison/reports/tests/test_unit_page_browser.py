"""A unit commander opens their unit's page of the published plan on a phone in real Chromium:
the shifts and channels are there, long names wrap, and nothing scrolls sideways at 390 px."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connections
from django.urls import reverse

from garrison.accounts.models import Membership, Role
from garrison.core.tests import test_browser as core_browser
from garrison.events.models import Event, Site
from garrison.forces.models import Assignment, ForceMember, Post, Unit
from garrison.readiness.models import Channel
from garrison.reports import services
from garrison.reports.publishing import services as publishing

pytestmark = pytest.mark.browser

browser = core_browser.browser
server = core_browser.server
demo = core_browser.demo

from playwright.sync_api import Browser, expect  # noqa: E402


def _published_unit(event: Event) -> int:
    try:
        plan = services.plan_for(event)
        unit = Unit.objects.create(event=event, name="Tổ bảo vệ cửa chính Cung Văn hóa Hữu nghị "
                                   "Việt Xô và khu vực sảnh đón đại biểu", code="BV-CUA-01",
                                   type="police")  # fmt: skip
        Unit.objects.filter(pk=unit.pk).update(path=f"/{unit.pk}/")
        site = Site.objects.create(event=event, name="Cung", kind="venue", lat=21.02, lon=105.84)
        post = Post.objects.create(event=event, code="CUA-CHINH-SANH-DON-DAI-BIEU-PHIA-DONG",
                                   name="Cửa chính sảnh đón đại biểu phía đường Trần Bình Trọng",
                                   site=site)  # fmt: skip
        for n in range(3):
            member = ForceMember.objects.create(
                event=event, unit=unit, full_name=f"Nguyễn Thị Phương Thảo Hoàng Anh {n}"
            )
            Assignment.objects.create(
                event=event, post=post, member=member,
                starts_at=plan.period_starts + dt.timedelta(hours=2 + n),
                ends_at=plan.period_starts + dt.timedelta(hours=10 + n),
            )  # fmt: skip
        Channel.objects.create(event=event, number=7, name="Bảo vệ cửa", function="tactical",
                               talk_group=3107, remarks="Dùng khi mất liên lạc kênh chỉ huy "
                               "chính, báo ngay trực ban")  # fmt: skip
        Membership.objects.filter(event=event, user__username="unit_commander").update(
            unit_id=unit.pk
        )
        commander = Membership.objects.select_related("user", "event").get(
            event=event, user__username=Role.COMMANDER.value
        )
        publishing.publish_plan(commander, plan, "vi")
        return unit.pk
    finally:
        connections.close_all()


def test_a_unit_commander_reads_their_page_on_a_phone(
    browser: Browser, server: str, demo: Event, transactional_db: Any
) -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        unit_id = pool.submit(_published_unit, demo).result()
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    # A unit commander signs in with a password alone (no second factor for unit roles).
    page.goto(server + reverse("accounts:login"))
    page.fill("input[name=username]", "unit_commander")
    page.fill("input[name=password]", core_browser.PASSWORD)
    page.click("main button[type=submit]")
    expect(page).not_to_have_url(server + reverse("accounts:login"))
    page.goto(server + reverse("reports:unit_page", kwargs={"event": demo.slug,
                                                           "unit_id": unit_id}))  # fmt: skip
    expect(page.locator("#shifts li")).to_have_count(3)
    expect(page.locator("#channels")).to_contain_text("TG 3107")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"the unit's page scrolls sideways on a phone by {overflow}px"
    context.close()

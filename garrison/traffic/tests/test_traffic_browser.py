"""The traffic police officer's journey in real Chromium: plan a convoy's movement between two of
the congress's sites on the Hanoi roads, turn its route into closures, publish the public notice,
and the notice's PDF reads in Vietnamese with the right headings."""

from __future__ import annotations

import datetime as dt
import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from garrison.accounts.models import User
from garrison.conftest import verified_client
from garrison.core.tests import test_browser as core_browser
from garrison.demo import traffic as traffic_demo
from garrison.events.models import Event
from garrison.traffic.models import Closure, Movement, Notice, NoticeStatus
from garrison.traffic.routing.services import import_network

pytestmark = pytest.mark.browser

browser = core_browser.browser
server = core_browser.server
demo = core_browser.demo

from playwright.sync_api import Browser, expect  # noqa: E402


def _roads_and_officer(event: Event) -> str:
    """The Hanoi network imported for the event; a verified session of its traffic police."""
    try:
        import_network(event, traffic_demo.HANOI)
        officer = User.objects.get(username="traffic_police")
        return str(verified_client(officer).cookies[settings.SESSION_COOKIE_NAME].value)
    finally:
        connections.close_all()


def test_the_traffic_police_plan_a_movement_close_its_route_and_publish_the_notice(
    browser: Browser, server: str, demo: Event
) -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        session = pool.submit(_roads_and_officer, demo).result()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": server}])
    page = context.new_page()
    slug = {"event": demo.slug}
    _, origin, destination, at = traffic_demo.MOVEMENTS[0]

    # The movement: from a delegate hotel to the hall on the congress's first morning.
    page.goto(server + reverse("traffic:movement_create", kwargs=slug))
    page.fill("input[name=name]", "Convoy 1")
    page.select_option("select[name=origin]", label=origin)
    page.select_option("select[name=destination]", label=destination)
    departs = dt.datetime.combine(demo.starts_on, at)
    page.fill("input[name=departs_at]", departs.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Plan and route").click()
    movement = Movement.objects.get(event=demo, name="Convoy 1")
    expect(page).to_have_url(
        server + reverse("traffic:movement", kwargs={**slug, "pk": movement.pk})
    )

    # Its route becomes closures, each with a detour for ordinary traffic.
    page.get_by_role("button", name="Plan closures").click()
    expect(page.locator("main")).not_to_contain_text("Plan closures", timeout=15_000)
    closures = list(Closure.objects.filter(movement=movement))
    assert closures, "the route made no closures"

    # The public notice names them, and is published.
    page.goto(server + reverse("traffic:notices", kwargs=slug))
    page.fill("input[name=title]", "Phân luồng giao thông phục vụ Đại hội")
    for closure in closures:
        page.check(f"input[name=closures][value='{closure.pk}']")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("button", name="Publish").click()
    notice = Notice.objects.get(event=demo)
    expect(page.locator("main")).to_contain_text("Publish again with the current closures")
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED
    assert len(notice.content["closures"]) == len(closures)

    # Its PDF, as a resident reads it, in Vietnamese.
    pdf = Client().get(
        reverse("notices:pdf", kwargs={**slug, "pk": notice.pk}), HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    for heading in VI_HEADINGS:
        assert heading in text, (heading, text[:600])
    assert "Đã kết thúc" not in text  # a closure's time is not "has ended"
    context.close()


# The notice's headings as a Vietnamese resident reads them (docs/glossary.md).
VI_HEADINGS = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "THÔNG BÁO",
    "Phân luồng giao thông",
    "Thời gian cấm đường",
]

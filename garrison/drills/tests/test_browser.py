"""A short drill in real Chromium: the duty officer starts it, publishes an inject, finds it on
the triage queue with the exercise mark, ends the drill and reads the after-action report."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connections
from django.urls import reverse

from garrison.core.tests import test_browser as core_browser
from garrison.drills.models import DrillState
from garrison.drills.tests.factories import make_drill
from garrison.events.models import Event

pytestmark = pytest.mark.browser

browser = core_browser.browser
server = core_browser.server
demo = core_browser.demo
log_in = core_browser.log_in

from playwright.sync_api import Browser, expect  # noqa: E402


def _prepare(event: Event) -> int:
    try:
        return make_drill(event, state=DrillState.READY, speed=1).pk
    finally:
        connections.close_all()


def test_a_short_drill_from_start_to_report(
    browser: Browser, server: str, demo: Event, transactional_db: Any
) -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        drill_id = pool.submit(_prepare, demo).result()
    kwargs = {"event": demo.slug, "pk": drill_id}
    page = browser.new_context().new_page()
    log_in(page, server, "duty_officer")
    page.goto(server + reverse("drills:drill", kwargs=kwargs))
    page.click("button[value=start]")
    expect(page.locator("[data-testid=drill-state]")).to_contain_text("Running")
    page.locator("[data-testid=releases] button[value=publish]").first.click()
    link = page.locator("[data-testid=releases] a").first
    expect(link).to_be_visible()
    reference = link.inner_text().strip()

    page.goto(server + reverse("ops:queue", kwargs={"event": demo.slug}))
    row = page.locator("[data-testid=queue] tr", has_text=reference)
    expect(row.locator("[data-testid=exercise-mark]")).to_be_visible()

    page.goto(server + reverse("drills:drill", kwargs=kwargs))
    page.click("button[value=stop]")
    expect(page.locator("[data-testid=drill-state]")).to_contain_text("Stopped")
    page.goto(server + reverse("drills:report", kwargs=kwargs))
    expect(page.locator("[data-testid=report-timeline]")).to_contain_text(reference)
    expect(page.locator("[data-testid=report-counts]")).to_contain_text("3 injects, 1 released")

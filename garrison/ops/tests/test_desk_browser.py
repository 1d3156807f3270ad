"""In real Chromium: a resident's tip reaches the duty officer's open triage queue in another
browser context with no reload, the tab's title counts it, and the sound switch is remembered."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.urls import reverse

from garrison.core.tests import test_browser as core_browser
from garrison.events.models import Event
from garrison.ops.tests.test_browser import _password_only, _prepare

pytestmark = pytest.mark.browser

browser = core_browser.browser
server = core_browser.server
demo = core_browser.demo
log_in = core_browser.log_in

from playwright.sync_api import Browser, expect  # noqa: E402

COUNTED = re.compile(r"^\((\d+)\) Triage queue")


def test_a_tip_appears_on_the_open_triage_queue_and_in_its_title_without_a_reload(
    browser: Browser, server: str, demo: Event, transactional_db: Any
) -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_prepare, demo).result()
    officer = browser.new_context().new_page()
    log_in(officer, server, "duty_officer")
    officer.goto(server + reverse("ops:queue", kwargs={"event": demo.slug}))
    expect(officer.locator("[data-testid=live-state]")).to_have_attribute("data-state", "online")
    before = COUNTED.match(officer.title())
    waiting = int(before.group(1)) if before else 0
    # Sound is off until the officer turns it on; the choice outlives the page.
    toggle = officer.locator("[data-testid=sound-toggle]")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    officer.evaluate("window.__notReloaded = true")

    resident = browser.new_context().new_page()
    resident.goto(f"{server}/tip/?e={demo.slug}")
    resident.fill("textarea[name=what]", "A bag left under the stairs")
    resident.fill("input[name=where]", "West stairs")
    resident.click("[data-testid=tip-submit]")
    reference = resident.locator("[data-testid=tip-reference]").inner_text().strip()

    row = officer.locator("[data-testid=queue] tr", has_text=reference)
    expect(row).to_be_visible(timeout=10_000)
    expect(row).to_contain_text("West stairs")
    expect(officer).to_have_title(re.compile(rf"^\({waiting + 1}\) Triage queue"))
    assert officer.evaluate("window.__notReloaded") is True  # the same page, never reloaded

    # A critical report from a colleague's desk raises the alert: a banner and its row marked.
    colleague = browser.new_context().new_page()
    _password_only(colleague, server, "dispatcher")
    colleague.goto(server + reverse("ops:incident_create", kwargs={"event": demo.slug}))
    colleague.select_option("select[name=type]", label="Fire")
    colleague.select_option("select[name=severity]", "1")
    colleague.fill("input[name=location_text]", "Kitchen behind the main hall")
    colleague.fill("textarea[name=description]", "Fire in the kitchen")
    colleague.click("main button[type=submit]")
    recorded = re.search(r"Incident (\S+) recorded", colleague.locator(".messages").inner_text())
    assert recorded is not None
    expect(officer.locator("[data-testid=desk-alerts]")).to_contain_text(
        f"New severity 1 report: {recorded.group(1)}"
    )
    expect(officer.locator("[data-testid=queue] tr.alert-new")).to_contain_text(recorded.group(1))
    expect(officer).to_have_title(re.compile(rf"^\({waiting + 2}\) Triage queue"))
    officer.reload()
    expect(officer.locator("[data-testid=sound-toggle]")).to_have_attribute("aria-pressed", "true")

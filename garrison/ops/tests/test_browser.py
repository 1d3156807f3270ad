"""The whole path in real Chromium: a resident's tip appears on the duty officer's live page
without a reload, the officer dispatches a unit, the unit's phone (another browser context)
sees the call and marks on scene, and the resident's status page says "being handled".
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connections
from django.urls import reverse

from garrison.accounts.models import Membership, Role
from garrison.core.tests import test_browser as core_browser
from garrison.events.models import Event
from garrison.forces.models import Unit
from garrison.ops.models import OpsSettings
from garrison.ops.tests.factories import make_unit

pytestmark = pytest.mark.browser

# The core browser tests' fixtures: Chromium, the uvicorn server, the demo congress.
browser = core_browser.browser
server = core_browser.server
demo = core_browser.demo
log_in = core_browser.log_in
PASSWORD = core_browser.PASSWORD

from playwright.sync_api import Browser, Page, expect  # noqa: E402


def _prepare(event: Event) -> Unit:
    try:
        OpsSettings.objects.update_or_create(event=event, defaults={"tips_open": True})
        venue = event.sites.order_by("pk").first()
        assert venue is not None
        unit = make_unit(event, lat=venue.lat + 0.001, lon=venue.lon + 0.001)
        Membership.objects.filter(event=event, role=Role.FIELD_OFFICER).update(unit_id=unit.pk)
        return unit
    finally:
        connections.close_all()


def _password_only(page: Page, base: str, username: str) -> None:
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).not_to_have_url(base + reverse("accounts:login"))


def test_a_tip_is_seen_live_dispatched_worked_on_the_phone_and_shown_as_handled(
    browser: Browser, server: str, demo: Event, transactional_db: Any
) -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        unit = pool.submit(_prepare, demo).result()
    slug = {"event": demo.slug}

    officer = browser.new_context().new_page()
    log_in(officer, server, "duty_officer")
    officer.goto(server + reverse("ops:live", kwargs=slug))
    expect(officer.locator("[data-testid=live-state]")).to_have_attribute("data-state", "online")

    resident = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True
    ).new_page()
    resident.goto(f"{server}/tip/?e={demo.slug}")
    resident.fill("textarea[name=what]", "Smoke <b>coming</b> from a kiosk")
    resident.fill("input[name=where]", "Kiosk 3 by the east gate")
    resident.click("[data-testid=tip-submit]")
    reference = resident.locator("[data-testid=tip-reference]").inner_text().strip()
    assert len(reference) == 8

    # No reload: the live feed brings the new report into the officer's list.
    row = officer.locator("[data-testid=live-incidents] tr", has_text=reference)
    expect(row).to_be_visible(timeout=10_000)
    expect(row).to_contain_text("Smoke <b>coming</b>")  # shown as text, not markup
    expect(row).to_contain_text("Kiosk 3 by the east gate")
    row.locator("a").click()
    officer.check(f"input[name=units][value='{unit.pk}']")
    officer.click("[data-testid=dispatch]")
    expect(officer.locator("[data-testid=incident-status]")).to_have_text("Dispatched")

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    _password_only(phone, server, "field_officer")
    phone.goto(server + reverse("ops:unit_phone", kwargs={**slug, "pk": unit.pk}))
    expect(phone.locator("[data-testid=unit-call]")).to_contain_text(reference)
    phone.click("[data-testid=unit-ack]")
    phone.click("button[data-state=on_scene]")
    expect(phone.locator("[data-testid=unit-state]")).to_contain_text("On scene")

    resident.goto(f"{server}/tip/status/?ref={reference}")
    expect(resident.locator("[data-testid=tip-status]")).to_have_text("Being handled")

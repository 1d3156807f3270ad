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
from garrison.events.models import Event, Site, SiteKind
from garrison.forces.models import Unit
from garrison.ops.models import Incident, OpsSettings
from garrison.ops.tests.factories import make_unit
from garrison.ops.tips.views import PUBLIC_SITE_KINDS

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
    # Triage: the desk says how serious it is before anyone is sent.
    officer.select_option("select[name=severity]", "2")
    officer.get_by_role("button", name="Triage", exact=True).click()
    expect(officer.locator("[data-testid=incident-status]")).to_have_text("Triaged")
    expect(officer.locator(".badge.sev").first).to_have_text("2 · High")
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


def _stored_point(reference: str) -> tuple[float | None, float | None, str]:
    try:
        incident = Incident.objects.get(reference=reference)
        return incident.lat, incident.lon, incident.location_text
    finally:
        connections.close_all()


def test_a_resident_taps_the_map_to_say_where_and_the_tip_carries_that_point(
    browser: Browser, server: str, demo: Event, transactional_db: Any
) -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_prepare, demo).result()
        venue = pool.submit(_venue, demo).result()
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    resident = context.new_page()
    resident.goto(f"{server}/tip/?e={demo.slug}")
    tip_map = resident.locator("[data-testid=tip-map]")
    expect(tip_map).to_be_visible()
    # The venue is drawn to aim by; nothing of the rest of the plan is on the public page.
    expect(tip_map).to_contain_text(venue[2])
    page = resident.content()
    assert venue[3] and not [name for name in venue[3] if name in page]
    expect(resident.locator("[data-tip-lat]")).to_have_value("")

    tip_map.scroll_into_view_if_needed()
    box = tip_map.bounding_box()
    assert box is not None
    # A touch, as a phone sends it, off the venue's centre.
    tip_map.tap(position={"x": box["width"] * 0.6, "y": box["height"] * 0.4})
    expect(resident.locator("[data-testid=tip-located]")).to_be_visible()
    lat = float(resident.locator("[data-tip-lat]").input_value())
    lon = float(resident.locator("[data-tip-lon]").input_value())
    # The map opens on the venue: the tapped point lies close to it.
    assert abs(lat - venue[0]) < 0.01 and abs(lon - venue[1]) < 0.01

    resident.fill("textarea[name=what]", "A fallen tree blocks the path")
    resident.fill("input[name=where]", "Behind the palace")
    resident.locator("[data-testid=tip-submit]").tap()
    reference = resident.locator("[data-testid=tip-reference]").inner_text().strip()
    with ThreadPoolExecutor(max_workers=1) as pool:
        stored = pool.submit(_stored_point, reference).result()
    stored_lat, stored_lon, where = stored
    assert stored_lat is not None and stored_lon is not None
    assert abs(stored_lat - lat) < 1e-6 and abs(stored_lon - lon) < 1e-6
    assert where == "Behind the palace"


def _venue(event: Event) -> tuple[float, float, str, list[str]]:
    """The venue's point and name, and the names of the sites the public must not see."""
    try:
        site = Site.objects.get(event=event, kind=SiteKind.VENUE)
        hidden = Site.objects.filter(event=event).exclude(kind__in=PUBLIC_SITE_KINDS)
        return site.lat, site.lon, site.name, list(hidden.values_list("name", flat=True))
    finally:
        connections.close_all()

"""The demo congress in real Chromium: log in with the second factor, see the dashboard and map,
switch language, and watch the dashboard change live when another user edits a site.

The server is the project's real ASGI application (HTTP and WebSockets) under uvicorn, in a
thread of the test process, on the test database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connections
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from garrison.core.tests import chromium
from garrison.demo import events as demo_events
from garrison.events.models import Event

pytestmark = pytest.mark.browser

CHROMIUM = chromium.CHROMIUM
on_suite_clock = chromium.on_suite_clock
PASSWORD = "browser-test-password-2026"

if not os.path.exists(CHROMIUM) and os.environ.get("CI") != "true":
    pytest.skip("Chromium is not installed (CI installs it)", allow_module_level=True)

from playwright.sync_api import Browser, Page, expect  # noqa: E402


@pytest.fixture
def browser() -> Browser:
    """Chromium on the suite's clock, shared by the browser tests of this process."""
    return chromium.shared.start()


@pytest.fixture
def server(transactional_db: Any) -> Iterator[str]:
    """The live server of this process (``chromium.LiveServer``), the pages' requests to it all
    finished when the test's data is flushed."""
    yield chromium.shared.serve()
    chromium.shared.settle()


def _load_demo() -> Event:
    try:
        return demo_events.load(PASSWORD).event
    finally:
        connections.close_all()


@pytest.fixture
def demo(transactional_db: Any) -> Event:
    # Writes publish live events through async_to_sync, which refuses to run in a thread where
    # Playwright's event loop lives; so the demo loads in a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_load_demo).result()


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits):0{device.digits}d}"
    page.fill("main input[name=code]", code)
    page.click("main button[type=submit]")


def test_commander_logs_in_with_totp_and_sees_the_congress(
    browser: Browser, server: str, demo: Event
) -> None:
    page = browser.new_page()
    log_in(page, server, "commander")
    expect(page).to_have_url(server + reverse("events:dashboard", kwargs={"event": demo.slug}))
    expect(page.locator("h1")).to_contain_text(demo.name)
    panel = page.locator("#dashboard-panel")
    for phase in demo.phases.all():
        expect(panel).to_contain_text(phase.name)
    expect(page.locator("[data-testid=site-total]")).to_have_text(str(demo.sites.count()))
    expect(page.locator("#live-state")).to_have_attribute("data-state", "online")


def test_the_map_draws_every_site_and_zone(browser: Browser, server: str, demo: Event) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in(page, server, "commander")
    page.goto(server + reverse("events:map", kwargs={"event": demo.slug}))
    markers = page.locator(".leaflet-marker-pane .leaflet-marker-icon")
    expect(markers).to_have_count(demo.sites.count())
    # Zones and site outlines are SVG paths in the overlay pane; with no tile server configured
    # the map still draws them.
    outlines = demo.sites.exclude(polygon=None).count()
    expect(page.locator(".leaflet-overlay-pane path")).to_have_count(demo.zones.count() + outlines)
    assert errors == [], errors  # no script error, no refused resource (CSP), no 404


def test_the_language_switch_turns_the_page_vietnamese_and_back(
    browser: Browser, server: str, demo: Event
) -> None:
    page = browser.new_page()
    log_in(page, server, "commander")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.click("[data-testid=lang-vi]")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("header")).to_contain_text("Đăng xuất")
    page.click("[data-testid=lang-en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("header")).to_contain_text("Log out")


def test_the_dashboard_changes_live_when_a_planner_renames_a_site(
    browser: Browser, server: str, demo: Event
) -> None:
    commander = browser.new_context().new_page()
    log_in(commander, server, "commander")
    expect(commander.locator("#live-state")).to_have_attribute("data-state", "online")
    expect(commander.locator("#dashboard-panel")).not_to_contain_text("Renamed live")

    planner = browser.new_context().new_page()
    log_in(planner, server, "planner")
    zone = demo.zones.order_by("code").first()
    assert zone is not None
    planner.goto(server + reverse("events:zone_edit", kwargs={"event": demo.slug, "pk": zone.pk}))
    planner.fill("input[name=name]", "Renamed live")
    planner.click("main form button[type=submit]")
    expect(planner.locator("main")).to_contain_text("Renamed live")

    # No reload on the commander's side: the WebSocket event makes the panel fetch itself again.
    expect(commander.locator("#dashboard-panel")).to_contain_text("Renamed live", timeout=10_000)

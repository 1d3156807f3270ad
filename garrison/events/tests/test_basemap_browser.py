"""The event map in real Chromium draws the event's own base map: streets from its OSM file, as
vector tiles, credited to OpenStreetMap, with no tile server anywhere."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from garrison.core.tests import test_browser as core_browser
from garrison.events import basemap
from garrison.events.models import Event

pytestmark = pytest.mark.browser

browser = core_browser.browser
server = core_browser.server
demo = core_browser.demo

from playwright.sync_api import Browser, expect  # noqa: E402

HANOI = settings.BASE_DIR / "traffic" / "data" / "hanoi-central.osm.pbf"


def test_the_event_map_draws_the_streets_of_the_events_own_base_map(
    browser: Browser, server: str, demo: Event
) -> None:
    # The zooms the demo's map opens at (it fits the congress's sites), not all six.
    basemap.build(demo, HANOI, zooms=range(12, 16))
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    core_browser.log_in(page, server, "commander")
    page.goto(server + reverse("events:map", kwargs={"event": demo.slug}))
    # Streets are SVG paths inside the base map's tiles, under the sites and zones.
    streets = page.locator(".leaflet-tile-pane .basemap-vector svg path")
    expect(streets.first).to_be_attached(timeout=10_000)
    assert streets.count() > 100
    expect(page.locator(".leaflet-control-attribution")).to_contain_text(
        "© OpenStreetMap contributors"
    )
    assert errors == [], errors  # no script error, no refused tile (CSP), no 5xx

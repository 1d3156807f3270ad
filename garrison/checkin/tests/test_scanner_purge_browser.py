"""A phone that kept an event's holders and their photos for offline use drops them at its next
sync after the event's personal data is purged (its badges are withdrawn with it)."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.urls import reverse

from garrison.audit.services import SYSTEM
from garrison.checkin.tests.test_scanner_gate_browser import Gate, gate  # noqa: F401  (fixture)
from garrison.core.tests.test_browser import browser, server  # noqa: F401  (fixtures)
from garrison.events.models import Event

pytestmark = pytest.mark.browser

from playwright.sync_api import Browser, Page, expect  # noqa: E402

PHOTOS = "window.ScanStore.keys('photos').then((k) => k.length)"


def _eventually(page: Page, script: str, expected: object, seconds: float = 15) -> bool:
    """Whether the script's (awaited) value becomes ``expected`` within ``seconds``:
    a promise is not a condition ``wait_for_function`` waits on (any promise is truthy)."""
    deadline = time.monotonic() + seconds
    value = page.evaluate(script)
    while value != expected and time.monotonic() < deadline:
        page.wait_for_timeout(100)
        value = page.evaluate(script)
    return bool(value == expected)


def _purge() -> None:
    from garrison.events.services import purge

    try:
        run = purge.run_purge(Event.objects.get(), SYSTEM, early=True)
        assert run is not None and run.state == "done"
    finally:
        connections.close_all()


def test_the_phone_drops_the_holders_and_photos_of_a_purged_event(
    browser: Browser,  # noqa: F811
    server: str,  # noqa: F811
    gate: Gate,  # noqa: F811
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(server + reverse("scan:page"))
    page.fill("#enrol-code", gate.enrolment_code)
    page.click("#enrol-form button[type=submit]")
    expect(page.locator("#scanner")).to_have_attribute("data-state", "ready")
    assert _eventually(page, PHOTOS, 3)
    names = "window.ScanStore.get('kv', 'holders').then((h) => JSON.stringify(h || {}))"
    assert gate.badges[0].name in page.evaluate(names)

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_purge).result()
    page.reload()  # the next sync: the phone starts again and refreshes its lists

    assert _eventually(page, PHOTOS, 0)
    assert _eventually(page, names, "{}")
    context.close()

"""The patrol phone in real Chromium: a plaque scanned online, one scanned with the network down
and the page closed before it came back, and a new page that sends it — each visit stored once.
The page, IndexedDB (its own database beside the gate scanner's) and the outbox are the real ones.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.db import connections

from garrison.accounts.models import Membership, Role
from garrison.conftest import make_event, make_member, verified_client
from garrison.core.tests.test_browser import browser, server  # noqa: F401  (fixtures)
from garrison.patrols import services
from garrison.patrols.models import Visit
from garrison.patrols.plaques import plaque_text

pytestmark = pytest.mark.browser

from playwright.sync_api import Browser, Page, expect  # noqa: E402


@dataclass
class Walk:
    url: str
    session: str
    codes: list[str]


def _build() -> Walk:
    try:
        event = make_event()
        planner = make_member(event, Role.PLANNER, username="planner")
        officer = make_member(event, Role.FIELD_OFFICER, username="walker")
        membership = Membership.objects.select_related("event").get(user=planner, event=event)
        codes = []
        for n, lon in enumerate((105.8412, 105.8426), start=1):
            point = services.create_point(
                membership, services.PointData(f"Gate {n}", 21.0245, lon, radius_m=30)
            )
            codes.append(plaque_text(event, point.serial))
        session = verified_client(officer).cookies[settings.SESSION_COOKIE_NAME].value
        return Walk(f"/e/{event.slug}/patrols/walk/", str(session), codes)
    finally:
        connections.close_all()


@pytest.fixture
def walk(transactional_db: Any) -> Walk:
    # Services publish live events through async_to_sync, refused in Playwright's thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_build).result()


def _scan(page: Page, code: str) -> None:
    page.fill("#code-input", code)
    page.click("#manual-form button[type=submit]")


def _until_stored(page: Page, visits: int) -> None:
    """Wait until the server holds ``visits`` visits (at most 20 s), then check it holds no more.

    The page's outbox count reads "0" both before a scan is queued and after it is sent, so it
    cannot tell the test that the upload is done; the database can.
    """
    for _ in range(200):
        if Visit.objects.count() >= visits:
            break
        page.wait_for_timeout(100)
    assert Visit.objects.count() == visits


def test_a_plaque_scanned_offline_reaches_the_server_once_from_the_next_page(
    browser: Browser,  # noqa: F811
    server: str,  # noqa: F811
    walk: Walk,
) -> None:
    context = browser.new_context()
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": walk.session, "url": server}]
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + walk.url)
    expect(page.locator("#net-state")).to_have_attribute("data-state", "online")
    expect(page.locator("#rounds")).to_be_attached()
    page.uncheck("#share-position")

    _scan(page, walk.codes[0])
    expect(page.locator("#last-scan")).to_contain_text("Gate 1")
    expect(page.locator("#outbox-count")).to_have_text("0")
    _until_stored(page, 1)

    context.set_offline(True)
    _scan(page, walk.codes[1])
    expect(page.locator("#last-scan")).to_contain_text("Gate 2")  # known offline, by its code
    expect(page.locator("#outbox-count")).to_have_text("1")
    page.close()  # the officer puts the phone away before the network comes back
    assert Visit.objects.count() == 1

    context.set_offline(False)
    again = context.new_page()
    again.goto(server + walk.url)
    _until_stored(again, 2)  # the new page reads its outbox and sends it
    expect(again.locator("#outbox-count")).to_have_text("0")
    visits = list(Visit.objects.order_by("scanned_at").select_related("point"))
    assert [v.point.name for v in visits] == ["Gate 1", "Gate 2"]
    assert len({v.client_id for v in visits}) == 2
    assert errors == [], errors
    context.close()

"""The offline scanner in real Chromium: a scan online, two scans with the network down, a
reload that keeps them, and the upload once back online — every scan on the server once.

The badges are made for today on the test's own event, with one of them revoked; the page, the
service worker, IndexedDB and WebCrypto's Ed25519 are the real ones.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connections
from django.urls import reverse

from garrison.accounts.models import Membership, Role
from garrison.accreditation.credentials.services import revoke_credential
from garrison.checkin.models import Scan
from garrison.checkin.tests.conftest import Gate, make_gate, make_holder
from garrison.conftest import make_event, make_member
from garrison.core.tests.test_browser import browser, server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

from playwright.sync_api import Browser, Page, expect  # noqa: E402


@dataclass
class Setup:
    gate: Gate
    valid: list[str]
    revoked: str


def _build() -> Setup:
    import datetime as dt

    from django.utils import timezone

    from garrison.accreditation.models import Category, CategoryGrant
    from garrison.accreditation.tests.url_matrix import make_zone

    try:
        event = make_event()
        officer = make_member(event, Role.ACCREDITATION_OFFICER)
        membership = Membership.objects.get(user=officer, event=event)
        hall = make_zone(event, "HALL")
        category = Category.objects.create(event=event, code="DEL", name="Delegate")
        today = timezone.localdate(timezone=event.tzinfo)
        CategoryGrant.objects.create(
            category=category,
            zone=hall,
            first_day=today - dt.timedelta(days=1),
            last_day=today + dt.timedelta(days=1),
        )
        valid = [make_holder(event, category, name).code for name in ("An", "Bình")]
        lost = make_holder(event, category, "Chi")
        assert lost.person is not None
        revoke_credential(membership, lost.person, "lost", reissue=False)
        return Setup(make_gate(membership, hall), valid, lost.code)
    finally:
        connections.close_all()


@pytest.fixture
def setup(transactional_db: Any) -> Setup:
    # Services publish live events through async_to_sync, refused in Playwright's thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_build).result()


def _scan(page: Page, code: str) -> None:
    page.fill("#code-input", code)
    page.click("#manual-form button[type=submit]")


def test_scans_made_offline_survive_a_reload_and_reach_the_server_once(
    browser: Browser,  # noqa: F811
    server: str,  # noqa: F811
    setup: Setup,
) -> None:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + reverse("scan:page"))
    page.fill("#token-input", setup.gate.token)
    page.click("#token-form button[type=submit]")
    scanner = page.locator("#scanner")
    expect(scanner).to_have_attribute("data-state", "ready")
    # The data's time on a 24-hour clock, though the browser's locale (en-US) writes "5:56 AM".
    expect(page.locator("#data-age")).to_have_text(re.compile(r" \d{2}:\d{2}$"))
    expect(page.locator("#data-age")).not_to_have_text(re.compile(r"AM|PM|a\.m\.|p\.m\."))
    verdict = page.locator("#verdict")

    _scan(page, setup.valid[0])
    expect(verdict).to_have_attribute("data-result", "ok")
    expect(page.locator("#outbox-count")).to_have_text("0")
    # The service worker holds the page before the network goes away.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function(
        "caches.open('garrison-scan-v1').then(c => c.match(location.pathname)).then(r => !!r)"
    )

    context.set_offline(True)
    expect(page.locator("#net-state")).to_have_attribute("data-state", "offline")
    _scan(page, setup.valid[1])
    expect(verdict).to_have_attribute("data-result", "ok")
    expect(page.locator("#outbox-count")).to_have_text("1")
    _scan(page, setup.revoked)
    expect(verdict).to_have_attribute("data-result", "revoked")
    expect(page.locator("#outbox-count")).to_have_text("2")

    page.reload()
    expect(scanner).to_have_attribute("data-state", "ready")
    expect(page.locator("#outbox-count")).to_have_text("2")
    assert Scan.objects.count() == 1

    context.set_offline(False)
    expect(page.locator("#outbox-count")).to_have_text("0", timeout=20_000)
    scans = list(Scan.objects.order_by("pk"))
    assert [s.result for s in scans] == ["ok", "ok", "revoked"]
    assert [s.offline for s in scans] == [False, True, True]
    assert len({s.client_id for s in scans}) == 3
    assert errors == [], errors
    context.close()

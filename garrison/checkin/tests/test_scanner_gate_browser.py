"""A guard's journey at the gate, in real Chromium at phone width: enrol the phone with the
officer's one-time code, scan a valid badge (ENTER, with the holder's photo), then a forged code
(STOP, and no one's name or photo left on screen), then type the short serial printed on a third
badge: its photo is shown first, and only the guard's confirmation makes it a scan (ENTER).
Offline, the phone finds a typed serial in the holders list it keeps for its checkpoint.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connections
from django.urls import reverse

from garrison.accounts.models import Membership, Role
from garrison.accreditation.credentials.signing import short_label
from garrison.audit.models import Entry
from garrison.checkin.models import Scan
from garrison.conftest import make_event, make_member
from garrison.core.tests.test_browser import browser, server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

from playwright.sync_api import Browser, Page, expect  # noqa: E402


@dataclass
class Badge:
    name: str
    code: str
    serial: int
    label: str


@dataclass
class Gate:
    enrolment_code: str
    badges: list[Badge]


def _build() -> Gate:
    import datetime as dt

    from django.utils import timezone

    from garrison.accreditation.models import Category, CategoryGrant
    from garrison.accreditation.people import services as people
    from garrison.accreditation.tests.images import jpeg
    from garrison.accreditation.tests.url_matrix import make_zone
    from garrison.checkin.checkpoints import services as checkpoints
    from garrison.checkin.scanner import services as scanner
    from garrison.checkin.tests.conftest import make_holder

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
        badges = []
        for number, name in enumerate(("Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu")):
            credential = make_holder(event, category, name)
            assert credential.person is not None
            people.set_photo(membership, credential.person, jpeg((120 + number, 160)), "p.jpg")
            label = short_label(credential.serial, credential.version)
            badges.append(Badge(name, credential.code, credential.serial, label))
        checkpoint = checkpoints.create_checkpoint(
            membership, checkpoints.CheckpointData("North gate", hall.pk, "entry")
        )
        _enrolment, code = scanner.start_enrolment(membership, checkpoint, "Guard's phone")
        return Gate(code, badges)
    finally:
        connections.close_all()


@pytest.fixture
def gate(transactional_db: Any) -> Gate:
    # Services publish live events through async_to_sync, refused in Playwright's thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_build).result()


def _type(page: Page, text: str) -> None:
    page.fill("#code-input", text)
    page.click("#manual-form button[type=submit]")


def test_a_guard_scans_a_badge_refuses_a_forgery_and_confirms_a_typed_serial(
    browser: Browser,  # noqa: F811
    server: str,  # noqa: F811
    gate: Gate,
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server + reverse("scan:page"))

    page.fill("#enrol-code", gate.enrolment_code)
    page.click("#enrol-form button[type=submit]")
    expect(page.locator("#scanner")).to_have_attribute("data-state", "ready")
    expect(page.locator("#checkpoint-name")).to_contain_text("North gate")
    page.check("#feedback-toggle")  # sound and vibration on: kept on the phone
    assert page.evaluate("localStorage.getItem('garrison.scanner.feedback')") == "on"

    verdict = page.locator("#verdict")
    title = page.locator("#verdict-title")
    holder = page.locator("#holder")
    name = page.locator("#holder-name")
    photo = page.locator("#holder-photo")
    first, second, third = gate.badges

    # 1. A valid badge: ENTER, with the holder's name and photo.
    _type(page, first.code)
    expect(verdict).to_have_attribute("data-result", "ok")
    expect(title).to_have_text("ENTER")
    expect(name).to_have_text(first.name)
    expect(photo).to_be_visible()
    assert page.evaluate("window.GarrisonScanner.lastFeedback()") == "enter"

    # 2. A forged code (the second badge's, one character changed): STOP, and nothing of the
    # previous holder — no card, no name, no photo.
    forged = second.code[:-3] + ("A" if second.code[-3] != "A" else "B") + second.code[-2:]
    _type(page, forged)
    expect(verdict).to_have_attribute("data-result", "invalid_code")
    expect(title).to_have_text("STOP")
    expect(holder).to_be_hidden()
    expect(photo).to_be_hidden()
    expect(name).to_have_text("")
    assert page.locator("#holder-photo").get_attribute("src") is None
    assert first.name not in (page.locator("#verdict").text_content() or "")
    assert page.evaluate("window.GarrisonScanner.lastFeedback()") == "stop"

    # 3. The third badge's short serial, typed as printed but with a dot: its photo first,
    # nothing recorded until the guard confirms the face.
    _type(page, f"{third.serial}.v1")
    expect(verdict).to_have_attribute("data-result", "confirm")
    expect(name).to_have_text(third.name)
    expect(photo).to_be_visible()
    expect(page.locator("#verdict-reason")).to_contain_text("weaker than the QR code")
    assert Scan.objects.count() == 2
    page.click("#confirm-yes")
    expect(verdict).to_have_attribute("data-result", "ok")
    expect(title).to_have_text("ENTER")
    expect(name).to_have_text(third.name)
    expect(photo).to_be_visible()
    expect(page.locator("#verdict-source")).to_contain_text("Typed number")

    # The page fits the phone's width: nothing to scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    scans = list(Scan.objects.order_by("received_at", "pk").values_list("serial", "result"))
    # The forged code still carries the second badge's serial; its signature fails.
    assert scans == [(first.serial, "ok"), (second.serial, "invalid_code"), (third.serial, "ok")]
    assert Entry.objects.filter(action="checkin.scan.typed", object_repr=third.label).count() == 1
    assert errors == [], errors
    context.close()


def test_offline_the_phone_finds_a_typed_serial_in_its_own_list(
    browser: Browser,  # noqa: F811
    server: str,  # noqa: F811
    gate: Gate,
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + reverse("scan:page"))
    page.fill("#enrol-code", gate.enrolment_code)
    page.click("#enrol-form button[type=submit]")
    expect(page.locator("#scanner")).to_have_attribute("data-state", "ready")
    # The holders' photos are kept on the phone for offline use.
    # (A predicate returning a promise would count as true at once: the count is read back
    # through a global on each poll instead.)
    page.wait_for_function(
        "() => { ScanStore.keys('photos').then((k) => { window.photosKept = k.length; });"
        " return window.photosKept === 3; }"
    )
    context.set_offline(True)
    expect(page.locator("#net-state")).to_have_attribute("data-state", "offline")
    verdict = page.locator("#verdict")
    _, second, third = gate.badges

    # The serial alone names the version in force; the face does not match: refused, and
    # nothing is recorded (no badge was shown).
    _type(page, str(second.serial))
    expect(verdict).to_have_attribute("data-result", "confirm")
    expect(page.locator("#holder-name")).to_have_text(second.name)
    expect(page.locator("#holder-photo")).to_be_visible()
    page.click("#confirm-no")
    expect(verdict).to_have_attribute("data-result", "not_holder")
    expect(page.locator("#verdict-title")).to_have_text("STOP")
    expect(page.locator("#holder")).to_be_hidden()
    expect(page.locator("#outbox-count")).to_have_text("0")

    _type(page, f"{third.serial} v1")
    expect(verdict).to_have_attribute("data-result", "confirm")
    page.click("#confirm-yes")
    expect(verdict).to_have_attribute("data-result", "ok")
    expect(page.locator("#holder-name")).to_have_text(third.name)
    expect(page.locator("#verdict-source")).to_contain_text("Decided on this phone")
    expect(page.locator("#outbox-count")).to_have_text("1")

    _type(page, "12·v1")  # no badge of this gate's list
    expect(verdict).to_have_attribute("data-result", "invalid_code")
    expect(page.locator("#verdict-reason")).to_have_text(
        "No valid badge with this number opens this gate."
    )
    expect(page.locator("#outbox-count")).to_have_text("1")

    context.set_offline(False)
    expect(page.locator("#outbox-count")).to_have_text("0", timeout=20_000)
    scan = Scan.objects.get()
    assert (scan.serial, scan.result, scan.offline, scan.flagged) == (
        third.serial,
        "ok",
        True,
        False,
    )
    assert Entry.objects.filter(action="checkin.scan.typed", object_repr=third.label).count() == 1
    assert errors == [], errors
    context.close()

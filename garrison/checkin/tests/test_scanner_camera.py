"""The scanner's camera in real Chromium: a fake camera films a badge's QR code and the verdict
appears; with no camera allowed the page says so and typed codes still work.

Chromium's fake capture device plays a Y4M file made here from the badge's QR code, so the
frames go through getUserMedia, the canvas and jsQR exactly as a phone's would.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import qrcode
from django.urls import reverse
from PIL import Image

from garrison.checkin.models import Scan
from garrison.checkin.tests.test_scanner_browser import Setup, _build
from garrison.core.tests.test_browser import (  # noqa: F401  (fixtures)
    CHROMIUM,
    browser,
    on_suite_clock,
    server,
)

pytestmark = pytest.mark.browser

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

WIDTH, HEIGHT = 640, 480


@pytest.fixture
def gate(transactional_db: Any) -> Setup:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_build).result()


def _y4m_of_qr(text: str, target: Path) -> Path:
    """One 4:2:0 frame, grey only (chroma at 128): a dark-on-white QR in the middle."""
    qr = qrcode.QRCode(border=4, box_size=1)
    qr.add_data(text)
    qr.make(fit=True)
    code = qr.make_image().get_image().convert("L")
    side = (HEIGHT - 40) // code.width * code.width
    code = code.resize((side, side), Image.Resampling.NEAREST)
    frame = Image.new("L", (WIDTH, HEIGHT), 255)
    frame.paste(code, ((WIDTH - side) // 2, (HEIGHT - side) // 2))
    chroma = bytes([128]) * (WIDTH // 2) * (HEIGHT // 2)
    header = f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode()
    target.write_bytes(header + b"FRAME\n" + frame.tobytes() + chroma + chroma)
    return target


@pytest.fixture
def camera_browser(
    tmp_path: Path, gate: Setup, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Browser]:
    video = _y4m_of_qr(gate.valid[0], tmp_path / "badge.y4m")
    # As in core's browser fixture: the ORM calls in the test body run beside Playwright's loop.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=shutil.which(CHROMIUM) or CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                f"--use-file-for-fake-video-capture={video}",
            ],
        )
        yield on_suite_clock(chromium)
        chromium.close()


def _open(page: Page, base: str, token: str) -> None:
    page.goto(base + reverse("scan:page"))
    page.fill("#token-input", token)
    page.click("#token-form button[type=submit]")
    expect(page.locator("#scanner")).to_have_attribute("data-state", "ready")


def test_a_badge_shown_to_the_camera_gets_its_verdict_and_one_scan(
    camera_browser: Browser,
    server: str,  # noqa: F811
    gate: Setup,
) -> None:
    context = camera_browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    _open(page, server, gate.gate.token)

    page.click("#camera-button")
    expect(page.locator("#camera")).to_be_visible()
    expect(page.locator("#verdict")).to_have_attribute("data-result", "ok", timeout=15_000)
    expect(page.locator("#outbox-count")).to_have_text("0")
    # The badge stays in view: still one scan, not one per frame.
    page.wait_for_timeout(1000)
    assert [s.result for s in Scan.objects.all()] == ["ok"]

    page.click("#camera-button")
    expect(page.locator("#camera")).to_be_hidden()
    assert page.evaluate("document.getElementById('camera').srcObject") is None
    # The decoder is part of the offline shell.
    page.wait_for_function(
        "caches.open('garrison-scan-v1').then(c => c.keys())"
        ".then(ks => ks.some(r => r.url.indexOf('/vendor/jsqr/jsQR.js') > 0))"
    )
    assert errors == [], errors
    context.close()


def test_without_a_camera_the_page_says_so_and_typed_codes_still_work(
    browser: Browser,  # noqa: F811
    server: str,  # noqa: F811
    gate: Setup,
) -> None:
    context = browser.new_context()
    page = context.new_page()
    _open(page, server, gate.gate.token)

    page.click("#camera-button")
    expect(page.locator("#camera-message")).not_to_be_empty()
    expect(page.locator("#camera")).to_be_hidden()
    page.fill("#code-input", gate.valid[1])
    page.click("#manual-form button[type=submit]")
    expect(page.locator("#verdict")).to_have_attribute("data-result", "ok")
    context.close()

"""The scanner's camera in real Chromium: a fake camera films a badge's QR code and the verdict
appears; with no camera allowed the page says so and typed codes still work.

Chromium's fake capture device plays a Y4M file made here from the badge's QR code, so the
frames go through getUserMedia, the canvas and jsQR exactly as a phone's would.
"""

from __future__ import annotations

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
from garrison.core.tests import chromium
from garrison.core.tests.test_browser import browser, server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

from playwright.sync_api import Browser, Page, expect  # noqa: E402

WIDTH, HEIGHT = 640, 480
# The frames in which the page reads the badge again after its verdict (~150 ms apart).
READS = 3
COUNT_READS = """() => {
  window.__reads = 0;
  const read = window.jsQR;
  window.jsQR = (...args) => {
    const found = read(...args);
    if (found && found.data) window.__reads += 1;
    return found;
  };
}"""


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
def camera(gate: Setup) -> Iterator[Path]:
    """Chromium's fake camera films the first valid badge's QR code (``chromium.CAMERA_FILE``)."""
    video = _y4m_of_qr(gate.valid[0], chromium.CAMERA_FILE)
    yield video
    video.unlink(missing_ok=True)


def _open(page: Page, base: str, token: str) -> None:
    page.goto(base + reverse("scan:page"))
    page.fill("#token-input", token)
    page.click("#token-form button[type=submit]")
    expect(page.locator("#scanner")).to_have_attribute("data-state", "ready")


def test_a_badge_shown_to_the_camera_gets_its_verdict_and_one_scan(
    browser: Browser,  # noqa: F811
    server: str,  # noqa: F811
    gate: Setup,
    camera: Path,
) -> None:
    context = browser.new_context(permissions=["camera"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    _open(page, server, gate.gate.token)

    page.click("#camera-button")
    expect(page.locator("#camera")).to_be_visible()
    expect(page.locator("#verdict")).to_have_attribute("data-result", "ok", timeout=15_000)
    expect(page.locator("#outbox-count")).to_have_text("0")
    # The badge stays in view: still one scan, not one per frame. Frames read while a scan is
    # on its way to the server are skipped, so once the code has been read in three more frames
    # a second scan from any of the first two would already be on the server.
    page.evaluate(COUNT_READS)
    page.wait_for_function(f"() => window.__reads >= {READS}")
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

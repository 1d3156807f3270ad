"""The accreditation officer's journey in real Chromium: download the template, import five
people, find one by a name typed without accents, print exactly those five badges."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from django.urls import reverse
from pypdf import PdfReader

from garrison.accreditation.imports.table import read_table
from garrison.accreditation.models import BadgeJob, Category, CategoryGrant, ImportBatch
from garrison.core.tests import test_browser as core_browser
from garrison.events.models import Event, Zone

pytestmark = pytest.mark.browser

browser = core_browser.browser
server = core_browser.server
demo = core_browser.demo
PASSWORD = core_browser.PASSWORD

from playwright.sync_api import Browser, expect  # noqa: E402

NEW = ["Quách Thị Ngọc Diệp", "Đặng Văn Đức", "Lưu Thị Hằng", "Ông Văn Bảy", "Mạc Thị Xuân"]


def _category(event: Event) -> None:
    try:
        category = Category.objects.create(event=event, code="NEWDEL", name="Đại biểu mới")
        zone = Zone.objects.filter(event=event).order_by("pk").first()
        assert zone is not None
        CategoryGrant.objects.create(
            category=category, zone=zone, first_day=event.starts_on, last_day=event.ends_on
        )
    finally:
        connections.close_all()


def test_the_officer_imports_five_people_finds_one_and_prints_exactly_them(
    browser: Browser, server: str, demo: Event, transactional_db: Any, tmp_path: Path
) -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_category, demo).result()
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server + reverse("accounts:login"))
    page.fill("input[name=username]", "accreditation_officer")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.goto(server + reverse("accreditation:import_upload", kwargs={"event": demo.slug}))

    with page.expect_download() as download:
        page.locator("a[href$='template-vi.csv']").click()
    header, _example = read_table(Path(download.value.path()).read_bytes())
    filled = tmp_path / "people.csv"
    rows = [",".join(header)] + [f"{name},NEWDEL,Sở Ngoại vụ" for name in NEW]
    filled.write_text("\n".join(rows) + "\n", encoding="utf-8")
    page.set_input_files("input[name=file]", str(filled))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("button", name="Import 5 people").click()

    page.fill("input[name=q]", "quach thi ngoc diep")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("main table tbody tr")).to_have_count(1)
    expect(page.locator("main table tbody")).to_contain_text("Quách Thị Ngọc Diệp")

    batch = ImportBatch.objects.get(event=demo)  # its preview, now closed, offers its print
    page.goto(
        server
        + reverse("accreditation:import_preview", kwargs={"event": demo.slug, "pk": batch.pk})
    )
    expect(page.locator("#print-import")).to_be_visible()
    page.get_by_role("button", name="Issue and print this import's badges").click()
    link = page.get_by_role("link", name="Download the PDF")
    expect(link).to_be_visible(timeout=60_000)
    with page.expect_download() as pdf:
        link.click()
    pages = PdfReader(io.BytesIO(Path(pdf.value.path()).read_bytes())).pages
    texts = [p.extract_text() for p in pages]
    assert sorted(name for name in NEW if any(name in text for text in texts)) == sorted(NEW)
    assert len(pages) == 5
    job = BadgeJob.objects.get(event=demo)
    assert (job.total, job.skipped) == (5, [])
    assert not errors, errors

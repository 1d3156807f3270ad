"""A badge batch in real Chromium: the officer starts it, a worker on the task queue builds it,
the page follows its progress through htmx polling (under the site's CSP, no reload) and offers
the PDF when the worker is done."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connections
from django.urls import reverse

from garrison.accreditation.models import BadgeJob
from garrison.core.tests import test_browser as core_browser
from garrison.core.tests.workers import DATABASE_TASKS, worker_thread
from garrison.demo import accreditation as accreditation_demo
from garrison.demo.report import LoadReport
from garrison.events.models import Event

pytestmark = pytest.mark.browser

browser = core_browser.browser
server = core_browser.server
demo = core_browser.demo
PASSWORD = core_browser.PASSWORD

from playwright.sync_api import Browser, expect  # noqa: E402


def _accredit(event: Event) -> None:
    try:
        accreditation_demo.load(LoadReport(event=event))
    finally:
        connections.close_all()


def test_the_officer_watches_a_batch_build_and_downloads_it(
    browser: Browser, server: str, demo: Event, transactional_db: Any, settings: Any
) -> None:
    settings.TASKS = DATABASE_TASKS  # the real queue, and a worker beside the server
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_accredit, demo).result()
    with worker_thread():
        _watch_and_download(browser, server, demo)


def _watch_and_download(browser: Browser, server: str, demo: Event) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    polls: list[str] = []
    page.on("request", lambda r: polls.append(r.url) if "/progress/" in r.url else None)
    page.goto(server + reverse("accounts:login"))
    page.fill("input[name=username]", "accreditation_officer")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.goto(server + reverse("accreditation:badges", kwargs={"event": demo.slug}))
    page.select_option("select[name=layout]", "cr80")
    page.get_by_role("button", name="Make the PDF").click()

    job = BadgeJob.objects.get(event=demo)
    expect(page).to_have_url(
        server + reverse("accreditation:badge_job", kwargs={"event": demo.slug, "pk": job.pk})
    )
    # The page was rendered once, while the ~500 badges were still building; polling brings the
    # finished state and the link.
    link = page.get_by_role("link", name="Download the PDF")
    expect(link).to_be_visible(timeout=60_000)
    assert polls, "the page never polled for progress"
    expect(page.locator("#badge-job [data-state]")).to_have_attribute("data-state", "done")
    expect(page.locator("#badge-job progress")).to_have_attribute("value", str(job.total))
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"badges-{job.pk}-cr80.pdf"
    job.refresh_from_db()
    assert (job.state, job.done, job.layout) == (BadgeJob.State.DONE, job.total, "cr80")
    assert not errors, errors

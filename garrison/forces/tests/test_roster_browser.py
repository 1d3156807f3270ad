"""The roster grid in real Chromium on a phone: it scrolls inside its own box, gaps are red, and
the printed page has the event's header and none of the site's navigation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from garrison.core.tests import test_browser as core_browser
from garrison.events.models import Event
from garrison.forces.models import Assignment, ForceMember, Post, PostWindow, Unit

pytestmark = pytest.mark.browser

browser = core_browser.browser
server = core_browser.server
demo = core_browser.demo

from playwright.sync_api import Browser, expect  # noqa: E402


def _small_roster(event: Event) -> None:
    """One post needing two people all day on the first day, one member there 08:00–16:00."""
    unit = Unit.objects.create(event=event, name="Patrol team", code="PT", type="police")
    member = ForceMember.objects.create(event=event, unit=unit, full_name="Nguyễn Văn An")
    post = Post.objects.create(event=event, name="Main-hall door", code="DOOR")
    day = dt.datetime.combine(event.starts_on, dt.time(), tzinfo=event.tzinfo)
    PostWindow.objects.create(
        post=post, starts_at=day, ends_at=day + dt.timedelta(days=1), headcount=2
    )
    Assignment.objects.create(
        event=event,
        post=post,
        member=member,
        starts_at=day + dt.timedelta(hours=8),
        ends_at=day + dt.timedelta(hours=16),
    )


def test_the_duty_officer_reads_the_grid_on_a_phone_and_prints_it(
    browser: Browser, server: str, demo: Event, transactional_db: Any
) -> None:
    _small_roster(demo)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    core_browser.log_in(page, server, "duty_officer")
    page.goto(server + reverse("forces:roster", kwargs={"event": demo.slug}))
    gap = page.locator('tr[data-post="DOOR"] td[data-hour="09:00"]')
    expect(gap).to_have_class("gap")
    expect(gap).to_contain_text("NVA")
    expect(gap).to_contain_text("−1")
    assert gap.evaluate("td => getComputedStyle(td).color") == "rgb(179, 38, 30)"
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"the roster page scrolls sideways on a phone by {overflow}px"
    wrap = page.locator(".roster-grid-wrap")
    assert wrap.evaluate("box => box.scrollWidth > box.clientWidth"), "the grid does not scroll"
    # The solver's figures wait behind "details".
    expect(page.locator("#roster-run")).to_be_hidden()
    page.emulate_media(media="print")
    expect(page.locator(".print-head")).to_be_visible()
    expect(page.locator(".print-head")).to_contain_text(demo.name)
    expect(page.locator("nav.appnav").first).to_be_hidden()
    expect(page.locator(".day-picker")).to_be_hidden()
    context.close()

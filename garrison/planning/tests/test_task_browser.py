"""A planner's journey on a phone, in real Chromium: a task cannot open until it names its
person, unit, deliverable and deadline ("rõ người, rõ việc, rõ trách nhiệm, rõ thời gian")."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from garrison.accounts.models import User
from garrison.conftest import verified_client
from garrison.core.tests import test_browser as core_browser
from garrison.events.models import Event
from garrison.forces.models import Unit, UnitType
from garrison.planning.models import Task

pytestmark = pytest.mark.browser

browser = core_browser.browser
server = core_browser.server
demo = core_browser.demo

from playwright.sync_api import Browser, expect  # noqa: E402


def _planner(event: Event) -> tuple[str, int, int]:
    """A verified session of a demo planner, their id, and a unit the task can name."""
    try:
        planner = User.objects.filter(
            memberships__event=event, memberships__role="planner"
        ).order_by("pk")[0]
        unit = Unit.objects.create(event=event, name="Venue watch", code="VW", type=UnitType.POLICE)
        session = verified_client(planner).cookies[settings.SESSION_COOKIE_NAME].value
        return str(session), planner.pk, unit.pk
    finally:
        connections.close_all()


def test_a_planner_cannot_open_a_task_until_it_names_all_four(
    browser: Browser, server: str, demo: Event
) -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        session, planner_id, unit_id = pool.submit(_planner, demo).result()
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": server}])
    page = context.new_page()
    page.goto(server + reverse("planning:task_create", kwargs={"event": demo.slug}))

    # A title alone: saved as a draft is fine, opened is refused, with what is missing named.
    page.fill("input[name=title]", "Sweep the main hall")
    page.get_by_role("button", name="Save and open").click()
    expect(page.locator("main")).to_contain_text(
        "Missing: owner, deliverable, responsible unit, deadline."
    )
    assert not Task.objects.filter(event=demo).exists()

    # The four clears: the person, the unit, the deliverable and the deadline.
    page.select_option("select[name=owner_id]", str(planner_id))
    page.select_option("select[name=unit_id]", str(unit_id))
    page.fill("textarea[name=deliverable]", "Hall swept, report signed")
    due = timezone.localtime(timezone.now(), demo.tzinfo) + dt.timedelta(days=1)
    page.fill("input[name=deadline]", due.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save and open").click()

    task = Task.objects.get(event=demo)
    expect(page).to_have_url(
        server + reverse("planning:task", kwargs={"event": demo.slug, "pk": task.pk})
    )
    assert task.status == "open"
    assert (task.owner_id, task.unit_id) == (planner_id, unit_id)
    # The URL changes when the navigation commits, before the stylesheet may have arrived; a
    # width measured then is the unstyled page's (a loaded CI runner saw 32px that way).
    page.wait_for_load_state("load")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"the task page scrolls sideways on a phone by {overflow}px"
    context.close()

"""A commander in real Chromium filters the audit log by person and dates and reads an entry as
a sentence, with the raw record kept behind "details"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

from garrison.accounts.models import User
from garrison.audit.models import Entry
from garrison.audit.services import Actor, record
from garrison.conftest import make_event, make_member, verified_client
from garrison.core.tests import test_browser as core_browser
from garrison.events.models import Event

pytestmark = pytest.mark.browser

browser = core_browser.browser
server = core_browser.server

from playwright.sync_api import Browser, expect  # noqa: E402


def _day(event: Event, day: int) -> dt.date:
    """The event's ``day``-th day (1 is its first)."""
    return event.starts_on + dt.timedelta(days=day - 1)


def _entry(event: Event, user: User, action: str, day: int, **kwargs: Any) -> Entry:
    when = dt.datetime.combine(_day(event, day), dt.time(10, 5), tzinfo=event.tzinfo)
    with transaction.atomic(), time_machine.travel(when, tick=False):
        return record(Actor.of_user(user), action, event_id=event.pk, **kwargs)


def _named(event: Event, role: str, name: str) -> User:
    user = make_member(event, role)
    user.full_name = name
    user.save()
    return user


def test_a_commander_filters_the_log_by_person_and_date_and_reads_a_sentence(
    browser: Browser, server: str, transactional_db: Any
) -> None:
    event = make_event()
    boss = _named(event, "commander", "Jane Doe")
    planner = _named(event, "planner", "Trần Thị Lan")
    zone = {"object_type": "events.zone", "object_id": "7", "object_repr": "North gate"}
    _entry(event, planner, "events.zone.created", 1, after={"capacity": 100}, **zone)
    wanted = _entry(
        event, planner, "events.zone.updated", 2,
        before={"capacity": 100, "code": "NG"}, after={"capacity": 250, "code": "NG"}, **zone,
    )  # fmt: skip
    _entry(event, planner, "events.zone.deleted", 4, before={"capacity": 250}, **zone)
    _entry(event, boss, "events.event.updated", 2, after={"name": "Congress"})

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    cookie = verified_client(boss).cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": cookie, "url": server}])
    page = context.new_page()
    page.goto(server + reverse("audit:list", kwargs={"event": event.slug}))
    expect(page.locator("[data-testid=audit-count]")).to_contain_text("4 entries")

    page.select_option("select[name=person]", label="Trần Thị Lan (Planner)")
    page.fill("input[name=date_from]", _day(event, 2).isoformat())
    page.fill("input[name=date_to]", _day(event, 3).isoformat())
    page.click("[data-testid=audit-filter] button[type=submit]")

    expect(page.locator("[data-testid=audit-count]")).to_contain_text("1 entry")
    sentence = page.locator(f"[data-testid=entry-{wanted.pk}] [data-testid=sentence]")
    expect(sentence).to_contain_text("Trần Thị Lan (Planner) updated the zone North gate")
    expect(page.locator(f"[data-testid=entry-{wanted.pk}] time")).to_have_text(
        f"{_day(event, 2):%d/%m/%Y} 10:05"
    )

    sentence.get_by_role("link", name="Open").click()
    expect(page.locator("h1")).to_contain_text(f"#{wanted.seq}")
    expect(page.locator("[data-testid=changes] tbody tr")).to_have_count(1)  # only what changed
    expect(page.locator("[data-testid=changes] tbody tr")).to_have_text("Capacity100250")
    raw = page.locator("[data-testid=after-json]")
    expect(raw).to_be_hidden()
    page.locator("[data-testid=raw-record] summary").click()
    expect(raw).to_be_visible()
    expect(raw).to_contain_text('"capacity": 250')
    expect(page.locator("[data-testid=raw-record]")).to_contain_text(wanted.hash)
    context.close()

"""The demo lies in the present: ``load_demo`` places the congress on the day it runs.

By default the first day is today, so the congress is under way and its badges open their gates;
``--starts-in N`` puts it N days ahead. Every date of the demo is counted from that first day. A
run on a later day (``make demo`` a week on) removes the stored demo and places it again.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from garrison.accounts.models import User
from garrison.accreditation.models import CategoryGrant, Credential, PersonGrant
from garrison.audit.models import Entry
from garrison.audit.verify import verify_chain
from garrison.conftest import NOW
from garrison.coverage.models import Placement
from garrison.demo import events as demo_events
from garrison.demo import planning as planning_demo
from garrison.demo.checkin import DEMO_SCANNER_TOKEN
from garrison.events.models import Event, Phase
from garrison.forces.models import Unit
from garrison.planning.models import Inspection, Meeting, Task
from garrison.traffic.models import Closure, Movement

pytestmark = pytest.mark.django_db

TZ = demo_events.TZ
# The parts with dates of their own, and the checkpoints and scanner to scan at. The plan's units
# without their roll of members (which has no dates; the ``--starts-in`` test removes a demo with
# it). Traffic (slow: it imports the road network) is placed in the ``--starts-in`` test only.
DATED = "units,planning,planning-reviews,accreditation,checkin"


def load(*args: str, parts: str = DATED) -> str:
    out = StringIO()
    call_command("load_demo", "--quiet-qr", "--only", parts, *args, stdout=out)
    return out.getvalue()


def today() -> dt.date:
    return timezone.now().astimezone(TZ).date()


def the_event() -> Event:
    return Event.objects.get(slug=demo_events.EVENT_SLUG)


def timeline(event: Event) -> dict[str, list[Any]]:
    """The stored dates and times of the ``DATED`` parts, counted from the first day's midnight."""
    midnight = dt.datetime.combine(event.starts_on, dt.time(), tzinfo=TZ)

    def at(*moments: dt.datetime) -> tuple[dt.timedelta, ...]:
        return tuple(moment - midnight for moment in moments)

    def days(*dates: dt.date) -> tuple[int, ...]:
        return tuple((date - event.starts_on).days for date in dates)

    grants: list[CategoryGrant | PersonGrant] = [
        *CategoryGrant.objects.filter(category__event=event),
        *PersonGrant.objects.filter(person__event=event),
    ]
    titles = {task.title for task in planning_demo.TASKS}
    tasks = [t for t in Task.objects.filter(event=event) if t.title in titles]
    rows: dict[str, list[Any]] = {
        "event": [days(event.starts_on, event.ends_on)],
        "phases": [at(p.starts_at, p.ends_at) for p in Phase.objects.filter(event=event)],
        "grants": [days(g.first_day, g.last_day) for g in grants],
        "credentials": [
            at(c.valid_from, c.valid_until) for c in Credential.objects.filter(event=event)
        ],
        "tasks": [at(t.deadline) for t in tasks if t.deadline is not None],
        "meetings": [at(m.held_at) for m in Meeting.objects.filter(event=event)],
        "inspections": [at(i.inspected_at) for i in Inspection.objects.filter(event=event)],
    }
    return {name: sorted(values) for name, values in rows.items()}


def scan(code: str) -> str:
    """The verdict of the demo scanner (the main hall door) on ``code``, through the API."""
    response = Client(HTTP_AUTHORIZATION=f"Bearer {DEMO_SCANNER_TOKEN}").post(
        "/api/v1/checkin/scans",
        json.dumps({"id": str(uuid.uuid4()), "code": code, "direction": "entry"}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    result: str = response.json()["result"]
    return result


def delegate_badge() -> str:
    badge = Credential.objects.filter(person__category__code="DEL").order_by("serial").first()
    assert badge is not None
    return badge.code


def test_the_congress_opens_today_scans_green_and_moves_to_a_later_day(
    clock: time_machine.Traveller,
) -> None:
    output = load()
    event = the_event()
    assert event.starts_on == today() == NOW.date()
    assert event.ends_on == today() + dt.timedelta(days=2)
    assert "under way: day 1 is today" in output
    during = Phase.objects.get(event=event, kind="during")
    assert during.starts_at <= timezone.now() < during.ends_at
    first = timeline(event)
    assert all(first.values()), first  # every kind of dated row is there to compare
    assert first["event"] == [(0, 2)]
    assert len(first["tasks"]) == len(planning_demo.TASKS)  # each with its deadline
    # A delegate's badge opens the main hall on the day the demo was loaded.
    assert scan(delegate_badge()) == "ok"

    # Loading again on the same day changes nothing, not even the audit log.
    entries = Entry.objects.count()
    again = load()
    assert "created: nothing" in again and "placed for" not in again
    assert Entry.objects.count() == entries
    assert timeline(the_event()) == first

    # A week on, ``make demo`` again: the demo is placed afresh, under way on the new day.
    old_code, old_pk = delegate_badge(), event.pk
    keys = dict(TOTPDevice.objects.values_list("user__username", "key"))
    users = set(User.objects.values_list("pk", flat=True))
    clock.move_to(NOW + dt.timedelta(days=7))
    later = load()
    moved = the_event()
    assert moved.starts_on == today() == NOW.date() + dt.timedelta(days=7)
    assert f"placed for {NOW.date():%d %b %Y}" in later
    assert Event.objects.count() == 1 and not Event.objects.filter(pk=old_pk).exists()
    assert timeline(moved) == first  # every date moved with the first day
    assert scan(delegate_badge()) == "ok"
    assert scan(old_code) != "ok"  # the removed demo's badges went with it
    # The people and their authenticator entries stay; the audit log keeps the old demo's entries.
    assert set(User.objects.values_list("pk", flat=True)) == users
    assert dict(TOTPDevice.objects.values_list("user__username", "key")) == keys
    assert Entry.objects.filter(event_id=old_pk).count() > 1
    assert Entry.objects.filter(action="demo.event.removed", event_id=old_pk).count() == 1
    assert verify_chain().ok


def test_starts_in_puts_the_first_day_ahead_and_everything_moves_with_it(
    clock: time_machine.Traveller,
) -> None:
    clock.move_to(NOW + dt.timedelta(days=40))
    output = load("--starts-in", "3", parts="forces,planning,traffic,coverage,accreditation")
    event = the_event()
    assert event.starts_on == NOW.date() + dt.timedelta(days=43)
    assert "opens in 3 days" in output
    before = Phase.objects.get(event=event, kind="before")
    assert before.starts_at <= timezone.now() < before.ends_at  # the preparation phase
    # Badges start the day before the congress (the rehearsal day): not valid yet.
    credentials = Credential.objects.filter(event=event)
    assert credentials.exists()
    rehearsal = dt.datetime.combine(event.starts_on - dt.timedelta(days=1), dt.time(), tzinfo=TZ)
    assert {c.valid_from for c in credentials} == {rehearsal}
    opening = Task.objects.get(event=event, title="Khai mạc: kiểm soát cửa ra vào")
    assert opening.deadline == dt.datetime.combine(event.starts_on, dt.time(17), tzinfo=TZ)
    assert opening.status == "open"
    # The convoys leave for the opening session on the first morning; the roads close around them.
    first_morning = dt.datetime.combine(event.starts_on, dt.time(7, 15), tzinfo=TZ)
    assert first_morning in {m.departs_at for m in Movement.objects.filter(event=event)}
    closures = Closure.objects.filter(event=event)
    assert closures.exists()
    assert {c.starts_at.astimezone(TZ).date() for c in closures} == {event.starts_on}
    # The rapid-response teams are placed on the same roads.
    placement = Placement.objects.get(event=event)
    assert len(placement.chosen) == 3 and placement.covered_share > 0.5
    # On the zones' crowd (which the counting devices move), with the response unit at a position.
    assert placement.demand_source == "zones"
    assert str(Unit.objects.get(event=event, code="CD").base_site_id) == placement.chosen[0]

    # Tomorrow, the same command keeps the first day three days ahead of the day it runs.
    clock.move_to(NOW + dt.timedelta(days=41))
    load("--starts-in", "3", parts="")
    assert the_event().starts_on == NOW.date() + dt.timedelta(days=44)


def test_starts_in_zero_is_today_and_a_past_congress_is_refused() -> None:
    load("--starts-in", "0", parts="")
    assert the_event().starts_on == NOW.date()
    with pytest.raises(CommandError, match="--starts-in"):
        load("--starts-in", "-1", parts="")
    assert the_event().starts_on == NOW.date()

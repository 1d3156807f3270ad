"""The demo comes with a covered roster that keeps every rule, built once, in which the demo's
field officer has shifts on the first day."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from typing import Any

from django.core.management import call_command
from django.utils import timezone

from garrison.accounts.models import Role
from garrison.demo.forces import DEMO_UNIT_OF_LOGIN
from garrison.events.models import Event
from garrison.forces.models import Assignment, ForceMember, RosterRun, RunStatus
from garrison.forces.roster.rules import Shift, check
from garrison.forces.roster.services import horizon_of, rules_for, rules_of


def _load() -> str:
    out = io.StringIO()
    call_command("load_demo", "--only", "forces,posts", "--quiet-qr", stdout=out)
    return out.getvalue()


def _field_officers_shifts_on_the_first_day(event: Event) -> list[int]:
    """The demo field officer's shifts on the congress's first day (today when it loads)."""
    member = ForceMember.objects.get(event=event, user__username=Role.FIELD_OFFICER.value)
    assert member.unit.code == DEMO_UNIT_OF_LOGIN[Role.FIELD_OFFICER.value]
    day = dt.datetime.combine(event.starts_on, dt.time(), tzinfo=event.tzinfo)
    assert event.starts_on == timezone.localdate(timezone=event.tzinfo)
    shifts = Assignment.objects.filter(
        member=member, starts_at__lt=day + dt.timedelta(days=1), ends_at__gt=day
    )
    return sorted(shifts.values_list("pk", flat=True))


def test_demo_roster_covers_every_post_keeps_the_rules_and_loads_once(db: Any) -> None:
    _load()
    event = Event.objects.get(slug="dai-hoi-2026")
    run = RosterRun.objects.get(event=event)
    assert run.status == RunStatus.DONE
    assert run.coverage == 1.0
    assert run.report == []
    settings = rules_for(event)
    horizon, rules = horizon_of(settings, event), rules_of(settings)
    schedules: dict[int, list[Shift]] = defaultdict(list)
    for a in Assignment.objects.filter(event=event):
        schedules[a.member_id].append(
            Shift(horizon.slot(a.starts_at), horizon.slot(a.ends_at), a.post_id)
        )
    assert schedules
    for member_id, shifts in schedules.items():
        assert check(shifts, rules, horizon) == [], member_id

    officer = _field_officers_shifts_on_the_first_day(event)
    assert officer

    # A second load keeps that roster (one load is seconds: one test checks both).
    out = _load()
    assert _field_officers_shifts_on_the_first_day(event) == officer
    assert "1 roster" in out.split("already there:")[1].splitlines()[0]
    assert RosterRun.objects.filter(event=event).count() == 1
    assert Assignment.objects.filter(event=event).count() == sum(len(s) for s in schedules.values())

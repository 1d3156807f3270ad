"""The after-action report: every inject's timeline at the desk against its target."""

from __future__ import annotations

from collections.abc import Callable

import time_machine
from django.test import Client

from garrison.accounts.models import Membership, User
from garrison.conftest import NOW
from garrison.drills.models import Release
from garrison.drills.report import build_report
from garrison.drills.running import services
from garrison.drills.running.services.release import release_due
from garrison.drills.tests.factories import make_script
from garrison.events.models import Event
from garrison.ops.dispatch import services as dispatch
from garrison.ops.incidents import services as incidents
from garrison.ops.models import Status
from garrison.ops.tests.factories import make_unit


def test_the_report_times_each_step_in_drill_time_against_the_target(
    as_duty: Membership, event: Event, client_for: Callable[[User], Client], commander: User
) -> None:
    unit = make_unit(event)
    with time_machine.travel(NOW, tick=False) as clock:
        # At 10×: a real second is ten drill seconds. Targets: dispatched within 180 s.
        script = make_script(event, minutes=(0, 1))
        drill = services.start_drill(as_duty, services.create_drill(as_duty, script, speed=10))
        release_due()
        first = Release.objects.get(drill=drill, inject__number=1).incident
        assert first is not None
        clock.shift(3)  # 30 drill seconds
        incidents.triage_incident(as_duty, first, first.type_id, 2)
        clock.shift(9)  # 90 more
        dispatch.dispatch_units(as_duty, first, [unit.pk])
        clock.shift(30)  # 300 more
        dispatch.set_unit_state(as_duty, unit, "on_scene")
        clock.shift(20)
        first.refresh_from_db()
        incidents.change_status(as_duty, first, Status.RESOLVED)
        release_due()  # inject 2 (minute 1, due 6 s after the start) goes in late and waits
        services.stop_drill(as_duty, drill)
    report = build_report(drill)
    line = report.lines[0]
    assert line.intervals == {
        "received_triaged": 30,
        "triaged_dispatched": 90,
        "dispatched_on_scene": 300,
        "on_scene_resolved": 200,
    }
    assert (line.achieved_seconds, line.met) == (120, True)
    assert report.lines[1].met is None  # received, not dispatched: not judged
    assert report.figures()["dispatched_on_scene"] == {"n": 1, "p50": 300, "p90": 300}
    page = client_for(commander).get(f"/e/{event.slug}/drills/{drill.pk}/report/")
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="report-timeline"' in html
    assert first.reference in html and "met" in html

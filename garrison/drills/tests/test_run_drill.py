"""``garrison run_drill``: a script replayed with simulated players prints its figures."""

from __future__ import annotations

import io

from django.core.management import call_command

from garrison.accounts.models import User
from garrison.drills.models import Drill, DrillState, Release, ReleaseState
from garrison.drills.report import build_report
from garrison.drills.tests.factories import make_script
from garrison.events.models import Event
from garrison.ops.models import Incident, Status
from garrison.ops.tests.factories import make_unit


def test_run_drill_replays_a_script_with_auto_players_and_prints_the_figures(
    event: Event, members: dict[str, User]
) -> None:
    for n in range(3):
        make_unit(event, lat=21.028 + n / 1000, lon=105.854)
    script = make_script(event, minutes=(0, 0.5, 1))
    out = io.StringIO()
    call_command("run_drill", str(script.pk), "--speed", "600", "--seed", "7", stdout=out)
    text = out.getvalue()
    assert "injects: 3  released: 3" in text
    for key in (
        "received_triaged",
        "triaged_dispatched",
        "dispatched_on_scene",
        "on_scene_resolved",
    ):
        assert key in text
    drill = Drill.objects.get(script=script)
    assert drill.state == DrillState.STOPPED
    assert Release.objects.filter(drill=drill, state=ReleaseState.RELEASED).count() == 3
    played = Incident.objects.filter(exercise=True)
    assert played.count() == 3 and all(i.status in (Status.RESOLVED, Status.CLOSED) for i in played)
    report = build_report(drill)
    figures = report.figures()
    assert figures["received_triaged"]["n"] == 3
    assert f"{figures['triaged_dispatched']['p50']:.0f}" in text

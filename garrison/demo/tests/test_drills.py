"""The demo's rehearsals: two drills held before the congress with their reports (the second
faster on most intervals), ratings, observations and corrective actions, and a third prepared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from pytest_django.plugin import DjangoDbBlocker

from garrison.accounts.models import Membership, Role
from garrison.conftest import made_as_the_suite, rows_for_the_module
from garrison.demo import drills as drills_demo
from garrison.demo import events
from garrison.demo import forces as forces_demo
from garrison.demo.accounts import DEFAULT_PASSWORD
from garrison.demo.drills import NAME
from garrison.demo.drills_history import FIRST, SECOND, THIRD
from garrison.demo.report import LoadReport
from garrison.drills.models import Drill, DrillScript, DrillState, ObjectiveRating
from garrison.drills.report import INTERVALS
from garrison.drills.series.compare import compare, event_start
from garrison.events.models import Event
from garrison.ops.models import Incident


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Event]:
    """The demo event with its command tree (units only: the drills need no members) and its
    drills, loaded once for the module."""
    with rows_for_the_module(django_db_blocker):
        with made_as_the_suite(django_db_blocker):
            report = events.load(DEFAULT_PASSWORD, events.first_day_in(0))
            commander = Membership.objects.select_related("user", "event").get(
                event=report.event, role=Role.COMMANDER, user__username=Role.COMMANDER.value
            )
            forces_demo._ensure_units(commander, report)
            drills_demo.load(report)
        yield report.event


def test_the_demo_has_the_rehearsal_script_and_loads_once(demo: Event, db: Any) -> None:
    script = DrillScript.objects.get(name=NAME)
    assert script.injects.filter(contingency_of__isnull=True).count() == 6
    assert script.injects.filter(contingency_of__isnull=False).count() == 1
    assert script.objectives.count() == 3 and script.injects.filter(zone__code="PRESS").exists()
    again = LoadReport(event=demo)
    drills_demo.load(again)  # a second load keeps what is there
    assert again.kept["drill script"] == 1 and DrillScript.objects.count() == 3


def test_two_drills_were_held_before_the_first_day_and_a_third_is_prepared(
    demo: Event, db: Any
) -> None:
    first, second, third = (Drill.objects.get(name=name) for name in (FIRST, SECOND, THIRD))
    starts = event_start(demo)
    assert first.state == second.state == DrillState.STOPPED and third.state == DrillState.READY
    assert first.started_at is not None and second.started_at is not None
    assert first.started_at < second.started_at < starts
    local = [first.started_at.astimezone(demo.tzinfo), second.started_at.astimezone(demo.tzinfo)]
    days = [(demo.starts_on - moment.date()).days for moment in local]
    assert days == [10, 4]
    assert first.stopped_at is not None and first.stopped_at - first.started_at < dt.timedelta(
        hours=2
    )
    # The desk worked every inject (the first drill's contingency included), marked exercise.
    assert first.releases.filter(state="released").count() == 7
    exercise = Incident.objects.filter(event=demo, exercise=True)
    assert exercise.count() == first.releases.count() + second.releases.count()
    assert not Incident.objects.filter(event=demo, exercise=False).exists()
    # The second re-tests the first's two areas for improvement.
    assert set(second.script.objectives.values_list("code", flat=True)) >= {"R1", "R2"}
    assert third.script.copied_from_id == second.script_id


def test_the_second_drill_is_faster_on_most_intervals_with_ratings_and_fixes(
    demo: Event, db: Any
) -> None:
    comparison = compare(demo)
    assert [row.drill.name for row in comparison.rows] == [FIRST, SECOND]
    slow, fast = comparison.rows
    faster = [
        key
        for key, *_rest in INTERVALS
        if (fast.figures[key]["p50"] or 0) < (slow.figures[key]["p50"] or 0)
    ]
    assert len(faster) >= 3, faster
    assert all(row.figures[key]["n"] for row in (slow, fast) for key, *_r in INTERVALS)
    assert (slow.performed, fast.performed) == (1, 5)
    assert (slow.actions, slow.closed_before, fast.actions, fast.closed_before) == (2, 2, 1, 0)
    assert ObjectiveRating.objects.filter(drill=slow.drill, rating="M").count() == 2
    kinds = set(slow.drill.observations.values_list("kind", flat=True))
    assert kinds == {"strength", "improvement", "note"}

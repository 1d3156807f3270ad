"""The demo's forces and plan load completely, and a second run creates nothing."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from garrison.conftest import made_as_the_suite, rows_for_the_module
from garrison.demo import events as demo_events
from garrison.demo import forces as forces_demo
from garrison.demo import planning as planning_demo
from garrison.demo.report import LoadReport
from garrison.forces.models import ForceMember, Unit
from garrison.planning.models import Task


def _load() -> LoadReport:
    report = demo_events.load("a long demo password 1")
    forces_demo.load(report)
    planning_demo.load(report)
    return report


pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup: None, django_db_blocker: Any) -> Iterator[LoadReport]:
    """The demo's forces and plan, loaded once for the module: the first load's report."""
    with rows_for_the_module(django_db_blocker):
        with made_as_the_suite(django_db_blocker):
            report = _load()
        yield report


@pytest.fixture
def first(loaded: LoadReport) -> LoadReport:
    return copy.deepcopy(loaded)  # a test may add to its counts


def test_demo_forces_and_plan_load_once(first: LoadReport) -> None:
    event = first.event
    assert Unit.objects.filter(event=event).count() == len(forces_demo.UNITS)
    assert ForceMember.objects.filter(event=event).count() >= 300
    assert Task.objects.filter(event=event).count() == len(planning_demo.TASKS)
    assert Task.objects.filter(event=event, status="blocked").exists()
    for task in Task.objects.filter(event=event).exclude(status="draft"):
        assert task.missing_clears() == [], task.title

    second = _load()
    for kind in ("unit", "force member", "qualification", "task"):
        assert second.created[kind] == 0, kind
    assert second.kept["task"] == len(planning_demo.TASKS)


def test_demo_risks_meetings_and_inspection_load_once(first: LoadReport) -> None:
    from garrison.demo import planning_reviews as demo_more
    from garrison.planning.models import Inspection, Meeting, Risk

    report = first
    demo_more.load(report)
    event = report.event
    assert Risk.objects.filter(event=event).count() == report.created["risk"] >= 10
    assert Risk.objects.filter(event=event, mitigations__isnull=True).exists()
    minutes = Meeting.objects.get(event=event, title=demo_more.MEETING_1)
    assert minutes.snapshot_at is not None
    assert minutes.decisions.filter(task__status="open").count() == len(demo_more.DECISIONS)
    inspection = Inspection.objects.get(event=event)
    failed = inspection.items.get(result="fail")
    assert failed.task is not None and failed.task.status == "open"

    again = _load()
    demo_more.load(again)
    assert again.created["risk"] == again.created["meeting"] == 0
    assert again.created["inspection"] == 0
    assert Meeting.objects.filter(event=event).count() == 2

"""The demo's forces and plan load completely, and a second run creates nothing."""

from __future__ import annotations

from typing import Any

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


def test_demo_forces_and_plan_load_once(db: Any) -> None:
    first = _load()
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


def test_demo_risks_meetings_and_inspection_load_once(db: Any) -> None:
    from garrison.demo import planning_reviews as demo_more
    from garrison.planning.models import Inspection, Meeting, Risk

    report = _load()
    demo_more.load(report)
    event = report.event
    assert Risk.objects.filter(event=event).count() == report.created["risk"] >= 10
    assert Risk.objects.filter(event=event, mitigations__isnull=True).exists()
    first = Meeting.objects.get(event=event, title=demo_more.MEETING_1)
    assert first.snapshot_at is not None
    assert first.decisions.filter(task__status="open").count() == len(demo_more.DECISIONS)
    inspection = Inspection.objects.get(event=event)
    failed = inspection.items.get(result="fail")
    assert failed.task is not None and failed.task.status == "open"

    again = _load()
    demo_more.load(again)
    assert again.created["risk"] == again.created["meeting"] == 0
    assert again.created["inspection"] == 0
    assert Meeting.objects.filter(event=event).count() == 2

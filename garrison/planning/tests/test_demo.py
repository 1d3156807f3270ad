"""The demo's forces and plan load completely, and a second run creates nothing."""

from __future__ import annotations

from typing import Any

from garrison.events import demo_data
from garrison.forces import demo as forces_demo
from garrison.forces.models import ForceMember, Unit
from garrison.planning import demo as planning_demo
from garrison.planning.models import Task


def _load() -> demo_data.LoadReport:
    report = demo_data.load("a long demo password 1")
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

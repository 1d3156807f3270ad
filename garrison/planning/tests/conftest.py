"""Fixtures for the plan: the forces tree, a planner's membership and a complete task."""

from __future__ import annotations

import datetime as dt

import pytest

from garrison.accounts.models import Membership, User
from garrison.events.models import Event
from garrison.forces.tests import conftest as forces_fixtures
from garrison.forces.tests.conftest import Tree
from garrison.planning.models import Task
from garrison.planning.tasks import services

# The forces fixtures (a tree, a planner, a police unit commander), shared by name.
tree = forces_fixtures.tree
planning = forces_fixtures.planning
police_commander = forces_fixtures.police_commander
police_chief = forces_fixtures.police_chief


def at(event: Event, day: int, hour: int = 9) -> dt.datetime:
    """``hour`` o'clock on the event's ``day`` (1 is its first day), in its time zone."""
    date = event.starts_on + dt.timedelta(days=day - 1)
    return dt.datetime.combine(date, dt.time(hour), tzinfo=event.tzinfo)


def complete(tree: Tree, owner: User, event: Event, **changes: object) -> services.TaskData:
    values: dict[str, object] = {
        "title": "Sweep the main hall",
        "deliverable": "Hall swept, report signed",
        "owner_id": owner.pk,
        "unit_id": tree.team_a.pk,
        "deadline": at(event, 1, 7),
    }
    values.update(changes)
    return services.TaskData(**values)  # type: ignore[arg-type]


@pytest.fixture
def sweep(tree: Tree, planning: Membership, police_commander: User, event: Event) -> Task:
    """An open task of patrol team A, owned by the police unit commander."""
    data = complete(tree, police_commander, event)
    return services.create_task(planning, data, status="open")

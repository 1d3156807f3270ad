"""A national event over two provincial sub-events, each with its own command."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from garrison.accounts.models import Membership, Role, User
from garrison.conftest import NOW, make_member
from garrison.events.models import Event
from garrison.forces.models import Unit


@dataclass
class Tree:
    national: Event
    north: Event
    south: Event
    chief: User  # commands the national event
    north_chief: User
    south_chief: User
    north_unit: Unit


def _event(slug: str, parent: Event | None = None) -> Event:
    return Event.objects.create(
        slug=slug,
        name=slug.title(),
        starts_on=NOW.date() - dt.timedelta(days=1),
        ends_on=NOW.date() + dt.timedelta(days=2),
        parent=parent,
    )


@pytest.fixture
def tree(db: Any) -> Tree:
    national = _event("national")
    north, south = _event("north", national), _event("south", national)
    unit = Unit.objects.create(event=north, name="North police", code="NP", type="police")
    return Tree(
        national=national,
        north=north,
        south=south,
        chief=make_member(national, Role.COMMANDER, "chief"),
        north_chief=make_member(north, Role.COMMANDER, "north-chief"),
        south_chief=make_member(south, Role.COMMANDER, "south-chief"),
        north_unit=unit,
    )


def membership(user: User, event: Event) -> Membership:
    return Membership.objects.select_related("event", "user").get(user=user, event=event)

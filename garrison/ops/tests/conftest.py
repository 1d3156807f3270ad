"""Ops fixtures: the desk's memberships and a small unit tree (police → two teams; fire)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from garrison.accounts.models import Membership, Role, User
from garrison.events.models import Event
from garrison.forces.models import Unit
from garrison.ops.tests.factories import make_unit

MembershipOf = Callable[[User, Event], Membership]


@dataclass
class Units:
    police: Unit
    team_a: Unit
    team_b: Unit
    fire: Unit


@pytest.fixture
def duty(members: dict[str, User], event: Event, membership_of: MembershipOf) -> Membership:
    return membership_of(members[Role.DUTY_OFFICER], event)


@pytest.fixture
def units(event: Event) -> Units:
    police = make_unit(event, lat=21.0300, lon=105.8500)
    return Units(
        police=police,
        team_a=make_unit(event, police, lat=21.0310, lon=105.8510),
        team_b=make_unit(event, police, lat=21.0600, lon=105.9000),
        fire=make_unit(event, type="fire", lat=21.0200, lon=105.8400),
    )

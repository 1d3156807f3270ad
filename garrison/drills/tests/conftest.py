"""Drills fixtures: the planner's, the duty officer's and the commander's memberships."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from garrison.accounts.models import Membership, Role, User
from garrison.events.models import Event

MembershipOf = Callable[[User, Event], Membership]


@pytest.fixture
def as_planner(members: dict[str, User], event: Event, membership_of: MembershipOf) -> Membership:
    return membership_of(members[Role.PLANNER], event)


@pytest.fixture
def as_duty(members: dict[str, User], event: Event, membership_of: MembershipOf) -> Membership:
    return membership_of(members[Role.DUTY_OFFICER], event)


@pytest.fixture
def as_commander(members: dict[str, User], event: Event, membership_of: MembershipOf) -> Membership:
    return membership_of(members[Role.COMMANDER], event)

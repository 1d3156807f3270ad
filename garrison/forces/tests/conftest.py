"""A small command tree: command → police (→ patrol teams A and B) and fire; one member each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client

from garrison.accounts.models import Membership, Role, User
from garrison.conftest import make_member
from garrison.events.models import Event
from garrison.forces.members import services as member_services
from garrison.forces.models import ForceMember, Qualification, Unit
from garrison.forces.units import services as unit_services

ClientFor = Callable[[User], Client]
MembershipOf = Callable[[User, Event], Membership]


@dataclass
class Tree:
    command: Unit
    police: Unit
    team_a: Unit
    team_b: Unit
    fire: Unit
    access_control: Qualification
    first_aid: Qualification
    patrol_a: ForceMember
    firefighter: ForceMember


@pytest.fixture
def planning(planner: User, event: Event, membership_of: MembershipOf) -> Membership:
    return membership_of(planner, event)


@pytest.fixture
def tree(planning: Membership) -> Tree:
    def unit(name: str, code: str, kind: str, parent: Unit | None = None) -> Unit:
        data = unit_services.UnitData(name, code, kind, parent.pk if parent else None)
        return unit_services.create_unit(planning, data)

    command = unit("Security command", "CMD", "police")
    police = unit("Police department", "POL", "police", command)
    team_a = unit("Patrol team A", "PA", "police", police)
    team_b = unit("Patrol team B", "PB", "police", police)
    fire = unit("Fire brigade", "FIRE", "fire", command)
    access = member_services.create_qualification(
        planning, member_services.QualificationData("access", "Access control")
    )
    aid = member_services.create_qualification(
        planning, member_services.QualificationData("aid", "First aid")
    )
    patrol_a = member_services.create_member(
        planning,
        member_services.MemberData("Nguyễn Văn An", team_a.pk, "Captain", "0901", [access.pk]),
    )
    firefighter = member_services.create_member(
        planning,
        member_services.MemberData("Trần Văn Bình", fire.pk, "Lieutenant", "0902", [aid.pk]),
    )
    return Tree(command, police, team_a, team_b, fire, access, aid, patrol_a, firefighter)


@pytest.fixture
def police_commander(event: Event, tree: Tree) -> User:
    """A unit commander attached to the police department: sees police and its two teams."""
    return make_member(event, Role.UNIT_COMMANDER, username="police-chief", unit_id=tree.police.pk)


@pytest.fixture
def police_chief(police_commander: User, event: Event, membership_of: MembershipOf) -> Membership:
    return membership_of(police_commander, event)

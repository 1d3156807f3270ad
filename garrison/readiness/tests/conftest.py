"""Fixtures for readiness, made once per test module and shared: the event and one member per
role, the forces tree (as ``forces.tests.conftest`` builds it), the standard catalogue, a venue
with a zone and a post. Each test runs in a savepoint inside the module's transaction, so what it
writes is undone before the next; the fixtures below hand each test fresh copies of the rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from pytest_django import DjangoDbBlocker

from garrison.accounts.models import Membership, Role, User
from garrison.conftest import PASSWORD, made_as_the_suite, make_event, rows_for_the_module
from garrison.events.models import Event, Site, Zone
from garrison.forces.members import services as member_services
from garrison.forces.models import ForceMember, Post, Qualification, Unit
from garrison.forces.tests.conftest import Tree
from garrison.forces.units import services as unit_services
from garrison.readiness.catalogue.services import install_standard_catalogue
from garrison.readiness.models import ResourceType
from garrison.readiness.resources import services
from garrison.readiness.resources.services import ResourceData


@dataclass
class Ground:
    venue: Site
    hall: Zone
    door: Post
    engine: ResourceType  # itemised
    co2: ResourceType  # counted by quantity
    radio: ResourceType


@dataclass(frozen=True)
class World:
    """The module's shared rows, by id."""

    event: int
    users: dict[str, int]  # role -> user id
    police_commander: int
    units: dict[str, int]  # Tree field -> unit id
    qualifications: tuple[int, int]
    members: tuple[int, int]
    venue: int
    hall: int
    door: int
    types: dict[str, int]  # engine, co2, radio -> type id


def _tree(planning: Membership) -> Tree:
    """The small command tree of ``forces.tests.conftest.tree``, built the same way."""

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


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[World]:
    with rows_for_the_module(django_db_blocker):
        with made_as_the_suite(django_db_blocker):
            event = make_event()
            password = make_password(PASSWORD)
            users = [
                User(username=f"{role.value}-{event.slug}", password=password) for role in Role
            ]
            User.objects.bulk_create(users)
            Membership.objects.bulk_create(
                Membership(user=user, event=event, role=role.value)
                for user, role in zip(users, Role, strict=True)
            )
            planning = Membership.objects.select_related("user", "event").get(
                event=event, role=Role.PLANNER
            )
            tree = _tree(planning)
            chief = User.objects.create_user(username="police-chief", password=PASSWORD)
            Membership.objects.create(
                user=chief, event=event, role=Role.UNIT_COMMANDER, unit_id=tree.police.pk
            )
            install_standard_catalogue(planning)
            venue = Site.objects.create(
                event=event, name="Palace", kind="venue", lat=21.0, lon=105.8
            )
            hall = Zone.objects.create(
                event=event, site=venue, code="HALL", name="Main hall", polygon={},
                access_level="restricted",
            )  # fmt: skip
            door = Post.objects.create(
                event=event, name="Main door", code="DOOR", site=venue, zone=hall
            )
            types = dict(ResourceType.objects.filter(event=event).values_list("code", "pk"))
        yield World(
            event=event.pk,
            users={role.value: user.pk for user, role in zip(users, Role, strict=True)},
            police_commander=chief.pk,
            units={
                name: getattr(tree, name).pk
                for name in ("command", "police", "team_a", "team_b", "fire")
            },
            qualifications=(tree.access_control.pk, tree.first_aid.pk),
            members=(tree.patrol_a.pk, tree.firefighter.pk),
            venue=venue.pk,
            hall=hall.pk,
            door=door.pk,
            types={
                "engine": types["ENGINE"],
                "co2": types["EXT-CO2-5"],
                "radio": types["RADIO-HH"],
            },
        )


# The shared rows, fresh for each test (they override the suite's fixtures of the same names).


@pytest.fixture
def event(world: World, db: Any) -> Event:
    return Event.objects.get(pk=world.event)


@pytest.fixture
def members(world: World, db: Any) -> dict[str, User]:
    users = User.objects.in_bulk(list(world.users.values()))
    return {role: users[pk] for role, pk in world.users.items()}


@pytest.fixture
def planning(world: World, db: Any) -> Membership:
    return Membership.objects.select_related("user", "event").get(
        event_id=world.event, user_id=world.users[Role.PLANNER]
    )


@pytest.fixture
def police_commander(world: World, db: Any) -> User:
    """A unit commander attached to the police department: sees police and its two teams."""
    return User.objects.get(pk=world.police_commander)


@pytest.fixture
def police_chief(world: World, db: Any) -> Membership:
    return Membership.objects.select_related("user", "event").get(
        event_id=world.event, user_id=world.police_commander
    )


@pytest.fixture
def tree(world: World, db: Any) -> Tree:
    units = Unit.objects.in_bulk(list(world.units.values()))
    quals = Qualification.objects.in_bulk(list(world.qualifications))
    people = ForceMember.objects.in_bulk(list(world.members))
    unit = {name: units[pk] for name, pk in world.units.items()}
    access, aid = (quals[pk] for pk in world.qualifications)
    patrol_a, firefighter = (people[pk] for pk in world.members)
    return Tree(
        unit["command"], unit["police"], unit["team_a"], unit["team_b"], unit["fire"],
        access, aid, patrol_a, firefighter,
    )  # fmt: skip


@pytest.fixture
def ground(world: World, db: Any) -> Ground:
    types = ResourceType.objects.in_bulk(list(world.types.values()))
    return Ground(
        venue=Site.objects.get(pk=world.venue),
        hall=Zone.objects.get(pk=world.hall),
        door=Post.objects.select_related("site", "zone").get(pk=world.door),
        engine=types[world.types["engine"]],
        co2=types[world.types["co2"]],
        radio=types[world.types["radio"]],
    )


def day(event: Event, offset: int) -> dt.date:
    """A date ``offset`` days from the suite's today in the event's zone (never the calendar's)."""
    return services.today_of(event) + dt.timedelta(days=offset)


def item(tree: Tree, resource_type: ResourceType, **changes: object) -> ResourceData:
    values: dict[str, object] = {
        "type_id": resource_type.pk,
        "owner_unit_id": tree.fire.pk,
        "identifier": "" if resource_type.consumable else "E-01",
        "quantity": 1,
    }
    values.update(changes)
    return ResourceData(**values)  # type: ignore[arg-type]

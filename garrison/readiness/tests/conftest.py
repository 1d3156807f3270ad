"""Fixtures for readiness: the forces tree, the standard catalogue, a venue with a zone and a post,
and the logistics officer's (a planner's) membership."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from garrison.accounts.models import Membership
from garrison.events.models import Event, Site, Zone
from garrison.forces.models import Post
from garrison.forces.tests import conftest as forces_fixtures
from garrison.forces.tests.conftest import Tree
from garrison.readiness.catalogue.services import install_standard_catalogue
from garrison.readiness.models import ResourceType
from garrison.readiness.resources import services
from garrison.readiness.resources.services import ResourceData

# The forces fixtures (a tree, a planner, a police unit commander), shared by name.
tree = forces_fixtures.tree
planning = forces_fixtures.planning
police_commander = forces_fixtures.police_commander
police_chief = forces_fixtures.police_chief


@dataclass
class Ground:
    venue: Site
    hall: Zone
    door: Post
    engine: ResourceType  # itemised
    co2: ResourceType  # counted by quantity
    radio: ResourceType


def day(event: Event, offset: int) -> dt.date:
    """A date ``offset`` days from the suite's today in the event's zone (never the calendar's)."""
    return services.today_of(event) + dt.timedelta(days=offset)


@pytest.fixture
def ground(planning: Membership, tree: Tree, event: Event) -> Ground:
    install_standard_catalogue(planning)
    venue = Site.objects.create(event=event, name="Palace", kind="venue", lat=21.0, lon=105.8)
    hall = Zone.objects.create(
        event=event,
        site=venue,
        code="HALL",
        name="Main hall",
        polygon={},
        access_level="restricted",
    )
    door = Post.objects.create(event=event, name="Main door", code="DOOR", site=venue, zone=hall)
    types = {t.code: t for t in ResourceType.objects.filter(event=event)}
    return Ground(venue, hall, door, types["ENGINE"], types["EXT-CO2-5"], types["RADIO-HH"])


def item(tree: Tree, resource_type: ResourceType, **changes: object) -> ResourceData:
    values: dict[str, object] = {
        "type_id": resource_type.pk,
        "owner_unit_id": tree.fire.pk,
        "identifier": "" if resource_type.consumable else "E-01",
        "quantity": 1,
    }
    values.update(changes)
    return ResourceData(**values)  # type: ignore[arg-type]

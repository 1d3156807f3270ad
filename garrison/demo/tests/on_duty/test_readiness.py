"""The demo congress's inventory: held by its units at its places, and not all of it ready."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from pytest_django import DjangoDbBlocker

from garrison.conftest import made_as_the_suite, rows_for_the_module
from garrison.events.models import Event
from garrison.readiness.models import Channel, Requirement, Resource, ResourceStatus
from garrison.readiness.places.readiness import readiness_of
from garrison.readiness.resources.services import today_of

pytestmark = pytest.mark.django_db


def _load() -> None:
    call_command("load_demo", "--only", "forces,posts,readiness", "--quiet-qr", stdout=StringIO())


@pytest.fixture(scope="module")
def inventory(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """The forces, their posts and roster and the inventory, loaded once for the module (the
    roll and the roster are most of it). Each test loads its parts again, twice: the first of
    those finds them there, as a rerun of ``load_demo`` does."""
    with rows_for_the_module(django_db_blocker):
        with made_as_the_suite(django_db_blocker):
            _load()
        yield


def test_the_demo_inventory_shows_red_amber_and_green_places_once(inventory: None) -> None:
    _load()
    event = Event.objects.get()
    kinds = set(Resource.objects.values_list("type__kind__code", flat=True))
    assert kinds == {"fire", "medical", "comms", "logistics", "screening"}
    assert Resource.objects.filter(status=ResourceStatus.OUT_OF_SERVICE).count() == 1
    places = {place.name: place for place in readiness_of(event, today_of(event))}
    statuses = {place.status for place in places.values()}
    assert statuses == {"green", "amber", "red"}
    lobby = next(place for name, place in places.items() if name.startswith("CUA-SANH"))
    assert lobby.status == "red" and any("1 of 1 missing" in text for text in lobby.shortfalls)
    hall = next(place for name, place in places.items() if "HALL" in name)
    assert hall.status == "amber" and any("lapse within" in text for text in hall.shortfalls)
    command = Channel.objects.get(number=1)
    assert command.units.count() == 8 and str(command.rx_mhz) == "150.2500"
    before = (Resource.objects.count(), Requirement.objects.count(), Channel.objects.count())
    _load()
    after = (Resource.objects.count(), Requirement.objects.count(), Channel.objects.count())
    assert after == before


def test_the_demo_medical_plan_safety_message_and_published_action_plan(
    inventory: None, clock: time_machine.Traveller
) -> None:
    from garrison.readiness.medical.plan import medical_plan
    from garrison.readiness.safety.services import message_for
    from garrison.reports.models import PublishedPlan, Sitrep
    from garrison.reports.services import verify_bytes

    only = "forces,posts,readiness,medical,reports"
    call_command("load_demo", "--only", only, "--quiet-qr", stdout=StringIO())
    event = Event.objects.get()
    plan = medical_plan(event)
    names = [row.site.name for row in plan.hospitals]
    assert "Bệnh viện Hữu nghị Việt Đức" in names and len(names) == 4
    assert all(row.details is not None for row in plan.hospitals)
    assert [i.resource.identifier for i in plan.ambulances] == ["29B-115.01", "29B-115.02"]
    message = message_for(event)
    assert message is not None and message.approved_by_id is not None
    # One published plan for each congress day, each a version the verify command recognises.
    versions = list(PublishedPlan.objects.order_by("plan__period_starts"))
    assert [v.plan.period_starts.astimezone(event.tzinfo).date() for v in versions] == [
        event.starts_on + dt.timedelta(days=n) for n in range(3)
    ]
    for published in versions:
        assert verify_bytes(event, bytes(published.pdf)).published == published
    # The suite's clock stands at 10:00 on the congress's first day: the 06:00 and 10:00 reports.
    sitreps = list(Sitrep.objects.order_by("number"))
    assert [s.scheduled_for.astimezone(event.tzinfo).strftime("%H:%M") for s in sitreps
            if s.scheduled_for] == ["06:00", "10:00"]  # fmt: skip
    assert sitreps[0].covers_to - sitreps[0].covers_from == dt.timedelta(hours=24)  # the night
    assert sitreps[1].covers_from == sitreps[0].covers_to and sitreps[1].notable
    call_command("load_demo", "--only", only, "--quiet-qr", stdout=StringIO())
    assert PublishedPlan.objects.count() == 3 and Sitrep.objects.count() == 2

"""The demo desk: tips open, incidents in every state, idempotent; the simulator works them."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from garrison.audit.models import Entry
from garrison.conftest import made_as_the_suite, rows_for_the_module
from garrison.events.models import Event
from garrison.ops.models import Incident, OpsSettings, Status
from garrison.ops.simulation.simulator import Simulator
from garrison.ops.tips.services import tip_public_status

pytestmark = pytest.mark.django_db


def _load() -> Event:
    # The desk dispatches units: the command tree, not the roll of members.
    call_command("load_demo", "--quiet-qr", "--only", "units,ops", stdout=StringIO())
    return Event.objects.get()


@pytest.fixture(scope="module")
def desk(django_db_setup: None, django_db_blocker: Any) -> Iterator[int]:
    """The demo's forces and desk, loaded once for the module: the event's id."""
    with rows_for_the_module(django_db_blocker):
        with made_as_the_suite(django_db_blocker):
            event = _load()
        yield event.pk


def test_the_demo_desk_has_incidents_in_every_state_once(desk: int) -> None:
    event = Event.objects.get(pk=desk)
    assert OpsSettings.objects.get(event=event).tips_open
    states = set(Incident.objects.values_list("status", flat=True))
    assert {
        Status.NEW,
        Status.TRIAGED,
        Status.DISPATCHED,
        Status.ON_SCENE,
        Status.CLOSED,
        Status.CANCELLED,
        Status.DUPLICATE,
    } <= states
    duplicate = Incident.objects.get(status=Status.DUPLICATE)
    assert tip_public_status(duplicate) == "handling"
    assert Entry.objects.filter(action="ops.incident.dispatched").exists()
    before = Incident.objects.count()
    _load()
    assert Incident.objects.count() == before


def test_the_simulator_feeds_and_works_incidents_through_the_services(desk: int) -> None:
    event = Event.objects.get(pk=desk)
    sim = Simulator(event, rate_per_minute=1, rng=random.Random(1))
    start = timezone.now()
    for second in range(0, 1200, 60):
        sim.tick(start + dt.timedelta(seconds=second))
    made = Incident.objects.filter(event=event).count()
    assert sim.made > 8 and made >= sim.made
    statuses = set(Incident.objects.values_list("status", flat=True))
    assert Status.CLOSED in statuses and Status.DISPATCHED in statuses


def test_the_command_refuses_a_silly_rate() -> None:
    with pytest.raises(CommandError):
        call_command("simulate_incidents", "--rate", "0", stdout=StringIO())

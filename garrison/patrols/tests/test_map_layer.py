"""Patrol points as a layer of the live picture: each point with the state of its current round,
for every member, with nothing personal."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from garrison.accounts.models import User
from garrison.patrols.plaques import plaque_text
from garrison.patrols.services.rounds import check_rounds
from garrison.patrols.services.visits import VisitData, record_visits
from garrison.patrols.tests.conftest import World

pytestmark = pytest.mark.django_db


def test_each_point_shows_the_state_of_its_current_round(
    world: World,
    client_for: Callable[[User], Client],
    members: dict[str, User],
    clock: time_machine.Traveller,
) -> None:
    gate1 = world.points[0]
    # The 09:00 round: Gate 1 scanned at 09:02; at 09:35 Gate 2 is overdue (its time: 09:30).
    now = world.morning + dt.timedelta(hours=1, minutes=35)
    clock.move_to(now)
    check_rounds(now)
    record_visits(
        world.walker,
        [
            VisitData(
                uuid.uuid4(),
                plaque_text(world.event, gate1.serial),
                world.morning + dt.timedelta(hours=1, minutes=2),
            )
        ],
    )
    check_rounds(now)
    url = reverse("patrols:layer", kwargs={"event": world.event.slug})
    answer = client_for(members["viewer"]).get(url)
    assert answer.status_code == 200
    data = answer.json()
    states = {p["name"]: p["state"] for p in data["points"]}
    assert states["Gate 1"] == "scanned"
    assert states["Gate 2"] == "overdue"
    assert states["Gate 3"] == "due"
    assert data["states"]["overdue"] and data["label"]
    round_ = next(p["round"] for p in data["points"] if p["name"] == "Gate 1")
    assert round_["tour"] == "Venue front" and round_["state"] == "planned"
    assert "field_officer" not in answer.content.decode()  # no walker named

"""The patrol screens: the compliance report with its gaps, the plaques to print, the phone."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import pytest
from django.test import Client

from garrison.accounts.models import User
from garrison.patrols.plaques import plaque_text
from garrison.patrols.services.rounds import check_rounds
from garrison.patrols.services.visits import VisitData, record_visits
from garrison.patrols.tests.conftest import World

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]


def test_the_report_shows_rounds_gaps_and_who_walked(
    world: World, client_for: ClientFor, members: dict[str, User]
) -> None:
    check_rounds(world.morning)
    gate = world.points[0]
    code = plaque_text(world.event, gate.serial)
    record_visits(
        world.walker,
        [
            VisitData(uuid.uuid4(), code, world.morning + dt.timedelta(minutes=m))
            for m in (2, 17, 52)
        ],
    )
    check_rounds(world.morning + dt.timedelta(minutes=41))
    page = client_for(members["viewer"]).get(
        f"/e/{world.event.slug}/patrols/tours/{world.tour.pk}/"
    )
    assert page.status_code == 200
    html = page.content.decode()
    # Gate 1 scanned at 08:02, 08:17 and 08:52: gaps of 15 and 35 minutes.
    assert "<td>15 min</td><td>35 min</td>" in html
    assert 'data-state="missed"' in html  # the first round left Gates 2 and 3 unscanned
    assert "field_officer-congress" in html


def test_the_plaques_print_with_their_signed_codes(
    world: World, client_for: ClientFor, members: dict[str, User]
) -> None:
    page = client_for(members["planner"]).get(f"/e/{world.event.slug}/patrols/points/plaques/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<svg") == 3 and "Gate 3" in html
    walk = client_for(members["field_officer"]).get(f"/e/{world.event.slug}/patrols/walk/")
    assert walk.status_code == 200 and b"garrison-patrol" in walk.content

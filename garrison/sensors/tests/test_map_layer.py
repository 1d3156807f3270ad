"""Counting zones as a layer of the live picture: outline, occupancy, density and level."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from garrison.accounts.models import User
from garrison.events.models import Event
from garrison.sensors.tests.support import make_counter, make_zone

pytestmark = pytest.mark.django_db


def test_counted_zones_show_their_density_level(
    event: Event, members: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    counted = make_zone(event, side_m=10, code="LOBBY")  # 100 m²
    make_zone(event, code="QUIET")  # no device counts it: not on the layer
    counter = make_counter(event, zone=counted)
    at = timezone.now().isoformat()
    answer = counter.post(
        {"messages": [{"id": "m1", "observed_at": at, "interval_seconds": 60, "occupancy": 450}]}
    )
    assert answer.status_code == 200, answer.content
    url = reverse("sensors:layer", kwargs={"event": event.slug})
    data = client_for(members["viewer"]).get(url).json()
    assert [z["code"] for z in data["zones"]] == ["LOBBY"]
    zone = data["zones"][0]
    assert zone["occupancy"] == 450 and zone["level"] == "unstable"
    assert zone["density"] == pytest.approx(4.5, rel=0.01)
    assert zone["polygon"]["type"] == "Polygon"
    assert data["levels"]["dangerous"]

"""The demo's counting devices: the venue's gates and Trần Hưng Đạo, the lobby filling up."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from garrison.demo.sensors import DEVICES, SILENT, demo_token
from garrison.events.models import Event
from garrison.sensors.models import CountingDevice, RoadSegment
from garrison.sensors.services.stale import check_stale
from garrison.sensors.services.zones import zone_views

pytestmark = pytest.mark.django_db


def test_the_lobby_is_filling_towards_unstable_and_the_road_is_counted() -> None:
    call_command("load_demo", "--only", "sensors", "--quiet-qr", stdout=StringIO())
    call_command("load_demo", "--only", "sensors", "--quiet-qr", stdout=StringIO())  # adds nothing
    assert CountingDevice.objects.count() == len(DEVICES)
    lobby = next(v for v in zone_views(Event.objects.get()) if v.zone.code == "LOBBY")
    assert lobby.level == "planned" and 3.4 < lobby.density < 4.0
    assert lobby.forecast is not None and lobby.forecast.level == "unstable"
    assert 5 * 60 < lobby.forecast.seconds < 15 * 60  # near, not yet alerting
    road = RoadSegment.objects.get()
    assert "Trần Hưng Đạo" in road.name and road.level == "moderate"
    assert check_stale() == 1  # the press clicker fell silent
    assert CountingDevice.objects.get(stale_since__isnull=False).name == SILENT
    # The fixed tokens post as their devices.
    name = "Cửa xoay – cửa sảnh đón"
    body = {"messages": [{"id": "t1", "observed_at": timezone.now().isoformat(), "in": 4}]}
    response = Client(HTTP_AUTHORIZATION=f"Bearer {demo_token(name)}").post(
        "/api/v1/sensors/counts", json.dumps(body), content_type="application/json"
    )
    assert response.json() == {"stored": 1, "duplicates": 0}

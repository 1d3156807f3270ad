"""Plaques scanned on patrol: genuine ones stored once, the others refused by name, odd ones
flagged; the phone's API refuses anything but a scan."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from garrison.accounts.models import User
from garrison.conftest import make_event
from garrison.core.errors import DomainError
from garrison.patrols.models import Visit
from garrison.patrols.plaques import BadPlaque, plaque_text, read_plaque
from garrison.patrols.services.visits import Outcome, VisitData, record_visits
from garrison.patrols.tests.conftest import World

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]


def _one(world: World, code: str, at: dt.datetime, **where: float) -> Outcome | DomainError:
    [result] = record_visits(world.walker, [VisitData(uuid.uuid4(), code, at, **where)])
    return result


def test_a_plaque_reads_back_and_another_events_or_an_altered_one_is_refused(
    world: World,
) -> None:
    code = plaque_text(world.event, world.points[0].serial)
    assert read_plaque(world.event, code).serial == world.points[0].serial
    other = make_event("summit", "Summit")
    with pytest.raises(BadPlaque) as refused:
        read_plaque(other, code)
    assert refused.value.code == "other_event"
    altered = code[:-3] + ("A" if code[-3] != "A" else "B") + code[-2:]
    with pytest.raises(BadPlaque) as forged:
        read_plaque(world.event, altered)
    assert forged.value.code in {"forged", "damaged"}
    with pytest.raises(BadPlaque):
        read_plaque(world.event, "GA1.not-a-plaque")


def test_a_scan_is_stored_once_and_refusals_store_nothing(world: World) -> None:
    point = world.points[0]
    code = plaque_text(world.event, point.serial)
    scan = VisitData(uuid.uuid4(), code, world.morning, point.lat, point.lon, 5.0)
    first, again = record_visits(world.walker, [scan, scan])
    assert isinstance(first, Outcome) and not first.repeated
    assert isinstance(again, Outcome) and again.repeated
    future = _one(world, code, timezone.now() + dt.timedelta(hours=1))
    assert isinstance(future, DomainError) and future.code == "impossible_time"
    # The third character from the end carries only signature bits whatever the length; the last
    # two may hold unused padding bits, so changing them can leave the bytes (and signature) intact.
    altered = code[:-3] + ("A" if code[-3] != "A" else "B") + code[-2:]
    forged = _one(world, altered, world.morning)
    assert isinstance(forged, DomainError)
    assert Visit.objects.count() == 1


def test_far_and_too_fast_scans_are_flagged_for_review(world: World) -> None:
    first, second = world.points[0], world.points[2]  # about 300 m apart
    one = _one(
        world,
        plaque_text(world.event, first.serial),
        world.morning,
        lat=first.lat,
        lon=first.lon,
        accuracy_m=5.0,
    )
    assert isinstance(one, Outcome) and one.visit.flags == []
    # 20 seconds later at a plaque 300 m away, and 400 m from where the phone says it is.
    fast = _one(
        world,
        plaque_text(world.event, second.serial),
        world.morning + dt.timedelta(seconds=20),
        lat=second.lat + 0.0036,
        lon=second.lon,
        accuracy_m=10.0,
    )
    assert isinstance(fast, Outcome)
    assert sorted(fast.visit.flags) == [Visit.Flag.FAR, Visit.Flag.TOO_FAST]


def test_the_phone_api_takes_scans_and_refuses_extra_fields_and_strangers(
    world: World, client_for: ClientFor, members: dict[str, User]
) -> None:
    url = f"/api/v1/patrols/{world.event.slug}/visits"
    point = world.points[1]
    item = {
        "id": str(uuid.uuid4()),
        "code": plaque_text(world.event, point.serial),
        "scanned_at": world.morning.isoformat(),
        "lat": point.lat,
        "lon": point.lon,
        "accuracy_m": 6,
    }
    phone = client_for(members["field_officer"])
    answer = phone.post(url, json.dumps({"items": [item]}), content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["items"][0]["status"] == "stored"
    assert answer.json()["items"][0]["point"] == point.name
    again = phone.post(url, json.dumps({"items": [item]}), content_type="application/json")
    assert again.json()["items"][0]["status"] == "duplicate"
    photo = {**item, "id": str(uuid.uuid4()), "photo": "data:image/jpeg;base64,AAAA"}
    refused = phone.post(url, json.dumps({"items": [photo]}), content_type="application/json")
    assert refused.status_code in (400, 422)
    broken = phone.post(url, "{not json", content_type="application/json")
    assert broken.status_code == 400
    viewer = client_for(members["viewer"])
    denied = viewer.post(url, json.dumps({"items": [item]}), content_type="application/json")
    assert denied.status_code == 403
    walk = phone.get(f"/api/v1/patrols/{world.event.slug}/walk")
    assert walk.status_code == 200
    assert {p["name"] for p in walk.json()["plaques"]} == {p.name for p in world.points}
    assert Visit.objects.count() == 1


def test_tours_and_points_refuse_bad_input_by_name(world: World) -> None:
    from garrison.patrols import services

    with pytest.raises(DomainError) as refused:
        services.create_point(world.planner, services.PointData("Gate 1", 21.0, 105.8))
    assert refused.value.code == "duplicate_name"
    with pytest.raises(DomainError) as far:
        services.create_point(world.planner, services.PointData("North", 95, 105.8))
    assert far.value.code == "invalid_point"
    with pytest.raises(DomainError) as slow:
        services.create_tour(
            world.planner,
            services.TourData("Slow", [world.points[0].pk], every_minutes=20, walk_minutes=30),
        )
    assert slow.value.code == "walk_too_long"
    with pytest.raises(DomainError) as times:
        services.create_tour(
            world.planner,
            services.TourData("Night", [world.points[0].pk], schedule="at", times=["25:00"]),
        )
    assert times.value.code == "invalid_time"

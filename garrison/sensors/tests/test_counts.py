"""The counts API: counts only, each message once, in any order, never below nobody."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from garrison.audit.models import Entry
from garrison.events.models import Event, Zone
from garrison.sensors.models import CountMessage, ZoneOccupancy
from garrison.sensors.services import devices
from garrison.sensors.tests.support import Counter, make_counter, make_segment, make_zone, manager


@pytest.fixture
def zone(event: Event) -> Zone:
    return make_zone(event, side_m=20)  # 400 m²


@pytest.fixture
def counter(event: Event, zone: Zone) -> Counter:
    return make_counter(event, zone=zone)


def at(seconds: float = 0) -> str:
    return (timezone.now() + dt.timedelta(seconds=seconds)).isoformat()


def message(mid: str, seconds: float = 0, **counts: Any) -> dict[str, Any]:
    return {"id": mid, "observed_at": at(seconds), "interval_seconds": 60, **counts}


def occupancy(zone: Zone) -> int:
    return ZoneOccupancy.objects.get(zone=zone).occupancy


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"image": "/9j/4AAQ"}, "messages.image"),
        ({"face_crop": "AAAA"}, "messages.face_crop"),
        ({"plate": "29A-123.45"}, "messages.plate"),
        ({"licensePlate": "30E-999.99"}, "messages.licensePlate"),
        ({"person_name": "Nguyễn Văn A"}, "messages.person_name"),
        ({"track_id": 17}, "messages.track_id"),
        ({"snapshotUrl": "http://cam/1.jpg"}, "messages.snapshotUrl"),
    ],
)
def test_it_refuses_a_message_carrying_an_image_a_face_a_plate_or_an_identity(
    counter: Counter, zone: Zone, body: dict[str, Any], field: str
) -> None:
    response = counter.post({"messages": [message("m1", **{"in": 3}) | body]})
    assert response.status_code == 422
    assert response.json()["code"] == "identity_refused"
    assert response.json()["field"] == field
    assert not CountMessage.objects.exists()


def test_it_refuses_an_identity_beside_the_batch_and_any_unknown_field(counter: Counter) -> None:
    response = counter.post({"messages": [], "photos": ["AAAA"]})
    assert (response.status_code, response.json()["code"]) == (422, "identity_refused")
    response = counter.post({"messages": [message("m1", **{"in": 3, "temperature": 30})]})
    assert (response.status_code, response.json()["code"]) == (422, "unknown_field")
    assert response.json()["field"] == "messages.temperature"


@pytest.mark.parametrize(
    "counts",
    [
        {"in": -1},
        {"out": -5},
        {"occupancy": -3},
        {"in": 1.5},
        {"in": "12"},
        {"in": True},
        {"in": 10**12},
        {"interval_seconds": 0, "in": 1},
        {"in": 100_000},  # no gate passes that many in a minute
        {"vehicles": 3},  # a zone's device counts people
        {},  # no count at all
    ],
)
def test_it_refuses_negative_absurd_or_mistyped_counts(
    counter: Counter, counts: dict[str, Any]
) -> None:
    response = counter.post({"messages": [message("ok", **{"in": 1}), message("bad") | counts]})
    assert response.status_code == 422, response.content
    assert response.json()["field"].startswith("messages")
    assert not CountMessage.objects.exists()  # the batch is refused whole


def test_it_refuses_times_ahead_of_the_clock_and_people_that_cannot_fit(counter: Counter) -> None:
    response = counter.post({"messages": [message("m1", seconds=600, **{"in": 1})]})
    assert (response.status_code, response.json()["code"]) == (422, "in_future")
    # 400 m² hold at most 4,000 standing people (10/m²).
    response = counter.post({"messages": [message("m1", occupancy=4_001)]})
    assert (response.status_code, response.json()["code"]) == (422, "implausible")


@pytest.mark.parametrize(
    "raw",
    [b"", b"{", b"[]", b'"messages"', b'{"messages": {}}', b'{"messages": [1]}', b"\xff\xfe"],
)
def test_malformed_bodies_are_4xx(counter: Counter, raw: bytes) -> None:
    assert 400 <= counter.post(raw).status_code < 500


def test_it_stores_and_counts_a_message_sent_twice_once(counter: Counter, zone: Zone) -> None:
    batch = {"messages": [message("a", -30, **{"in": 10}), message("b", -20, **{"in": 5})]}
    first = counter.post(batch)
    assert first.status_code == 200
    assert first.json() == {"stored": 2, "duplicates": 0}
    again = counter.post(
        {"messages": [*batch["messages"], message("c", -10, out=2), message("c", -10, out=2)]}
    )
    assert again.json() == {"stored": 1, "duplicates": 3}
    assert CountMessage.objects.filter(device=counter.device).count() == 3
    assert occupancy(zone) == 13


def test_out_of_order_messages_give_the_occupancy_of_their_times(
    counter: Counter, zone: Zone
) -> None:
    # A camera's absolute count at -60 s, then the gate's entries and exits around it, sent
    # in the wrong order: what happened before the absolute count is already in it.
    counter.post({"messages": [message("late-in", -10, **{"in": 7})]})
    counter.post({"messages": [message("camera", -60, occupancy=100)]})
    counter.post({"messages": [message("early-in", -90, **{"in": 50})]})
    counter.post({"messages": [message("mid-out", -30, out=3)]})
    assert occupancy(zone) == 100 + 7 - 3
    # An older absolute count does not replace the newer one.
    counter.post({"messages": [message("old-camera", -120, occupancy=10)]})
    assert occupancy(zone) == 104


def test_occupancy_never_goes_below_nobody_and_a_reset_starts_afresh(
    counter: Counter, zone: Zone, event: Event
) -> None:
    counter.post({"messages": [message("m1", -50, **{"in": 3}), message("m2", -40, out=10)]})
    assert occupancy(zone) == 0
    row = ZoneOccupancy.objects.get(zone=zone)
    assert row.anchor + row.net == -7  # kept, so that late entries land right
    counter.post({"messages": [message("m3", -45, **{"in": 9})]})
    assert occupancy(zone) == 2
    from garrison.sensors.services.zones import reset_occupancy

    reset_occupancy(manager(event), zone, 40)
    assert occupancy(zone) == 40
    counter.post({"messages": [message("before-reset", -5, out=30)]})
    assert occupancy(zone) == 40  # observed before the reset: already in the count given
    counter.post({"messages": [message("after-reset", 5, out=50)]})
    assert occupancy(zone) == 0
    assert Entry.objects.filter(action="sensors.occupancy.reset").count() == 1


def test_counts_are_not_audited_one_by_one(counter: Counter) -> None:
    before = Entry.objects.count()
    counter.post({"messages": [message(f"m{i}", -i, **{"in": 1}) for i in range(50)]})
    assert Entry.objects.count() == before


def test_a_revoked_or_replaced_token_is_refused_at_the_next_request(
    counter: Counter, event: Event
) -> None:
    assert counter.post({"messages": []}).status_code == 200
    new = devices.issue_token(manager(event), counter.device)
    assert counter.post({"messages": []}).status_code == 401
    counter.token = new
    assert counter.post({"messages": []}).status_code == 200
    devices.revoke_device(manager(event), counter.device)
    response = counter.post({"messages": [message("m", **{"in": 1})]})
    assert (response.status_code, response.json()["code"]) == (401, "unauthorized")
    assert not CountMessage.objects.exists()
    actions = set(Entry.objects.values_list("action", flat=True))
    assert {
        "sensors.device.added",
        "sensors.device.token_issued",
        "sensors.device.revoked",
    } <= actions


def test_no_token_or_another_kind_of_token_is_401(counter: Counter) -> None:
    from django.test import Client
    from django.urls import reverse

    url = reverse("api:sensors_counts")
    body = '{"messages": []}'
    assert Client().post(url, body, content_type="application/json").status_code == 401
    scanner = Client(HTTP_AUTHORIZATION="Bearer gd_not_a_sensor_token")
    assert scanner.post(url, body, content_type="application/json").status_code == 401


def test_a_road_segments_device_counts_vehicles_only(event: Event) -> None:
    segment = make_segment(event, capacity=1200)
    counter = make_counter(event, segment=segment)
    response = counter.post({"messages": [message("p", **{"in": 3})]})
    assert (response.status_code, response.json()["code"]) == (422, "wrong_measure")
    # 240 vehicles a minute is beyond any road (5/s at most).
    response = counter.post({"messages": [message("v", vehicles=400)]})
    assert (response.status_code, response.json()["code"]) == (422, "implausible")
    # 15 a minute = 900/h on a 1,200/h road: v/c 0.75, moderate.
    response = counter.post({"messages": [message("v1", -60, vehicles=15)]})
    assert response.status_code == 200
    segment.refresh_from_db()
    assert (round(segment.flow_per_hour), segment.level) == (900, "moderate")
    counter.post({"messages": [message("v2", -1, vehicles=20)]})
    segment.refresh_from_db()
    # 35 vehicles over 119 s (the first message's start to the second's end): 1,059/h, v/c 0.88.
    assert segment.flow_per_hour == pytest.approx(1059, abs=5)  # the clock ticks meanwhile
    assert segment.level == "heavy"

"""The sensors page: tokens shown once, thresholds edited and audited, segments for the map."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from garrison.accounts.models import User, hash_token
from garrison.audit.models import Entry
from garrison.events.models import Event
from garrison.sensors.models import CountingDevice, RoadSegment, ZoneThresholds
from garrison.sensors.tests.support import make_counter, make_segment, make_zone


def url(event: Event, name: str, **kwargs: int) -> str:
    return reverse(f"sensors:{name}", kwargs={"event": event.slug, **kwargs})


def test_the_page_shows_each_zones_crowd_and_each_device(
    event: Event, viewer: User, client_for: Callable[[User], Client]
) -> None:
    zone = make_zone(event, side_m=10, code="LOBBY")
    counter = make_counter(event, zone=zone)
    counter.post(
        {"messages": [{"id": "1", "observed_at": "2026-11-28T09:59:00+07:00", "occupancy": 250}]}
    )
    page = client_for(viewer).get(url(event, "overview"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "LOBBY" in html and "<td>250<" in html and "<td>2.5" in html  # on about 100 m²
    assert counter.device.name in html
    assert counter.token not in html and "New token" not in html  # a viewer manages nothing


def test_a_new_device_shows_its_token_once_and_keeps_only_its_hash(
    event: Event, planner: User, client_for: Callable[[User], Client]
) -> None:
    zone = make_zone(event)
    client = client_for(planner)
    response = client.post(
        url(event, "device_create"),
        {"name": "Camera, lobby door", "kind": "camera", "target": f"zone:{zone.pk}"},
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = response.context["token"]
    device = CountingDevice.objects.get(name="Camera, lobby door")
    assert device.token_hash == hash_token(token) and token not in str(vars(device))
    assert token not in client.get(url(event, "overview")).content.decode()
    renewed = client.post(url(event, "device_token", pk=device.pk))
    assert renewed.context["token"] != token
    client.post(url(event, "device_revoke", pk=device.pk))
    device.refresh_from_db()
    assert device.revoked_at is not None


def test_thresholds_are_edited_in_order_and_audited(
    event: Event, commander: User, client_for: Callable[[User], Client]
) -> None:
    zone = make_zone(event)
    client = client_for(commander)
    bad = client.post(
        url(event, "thresholds", pk=zone.pk), {"planned": 3, "unstable": 2, "dangerous": 5}
    )
    assert bad.status_code == 400 and not ZoneThresholds.objects.exists()
    good = client.post(
        url(event, "thresholds", pk=zone.pk), {"planned": 1.5, "unstable": 3.5, "dangerous": 4.5}
    )
    assert good.status_code == 302
    row = ZoneThresholds.objects.get(zone=zone)
    assert (row.planned, row.unstable, row.dangerous) == (1.5, 3.5, 4.5)
    entry = Entry.objects.get(action="sensors.thresholds.changed")
    assert entry.after == {"planned": 1.5, "unstable": 3.5, "dangerous": 4.5}


def test_segments_are_drawn_with_their_congestion(
    event: Event, planner: User, viewer: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(planner).post(
        url(event, "segment_create"),
        {
            "name": "Trần Hưng Đạo",
            "capacity_per_hour": 1800,
            "line": '{"type": "LineString", "coordinates": [[105.846, 21.0225], [105.8445, 21.0229]]}',
        },
    )
    assert response.status_code == 302
    segment = RoadSegment.objects.get(name="Trần Hưng Đạo")
    counter = make_counter(event, segment=segment)
    counter.post(
        {"messages": [{"id": "1", "observed_at": "2026-11-28T09:59:30+07:00", "vehicles": 28}]}
    )
    data = client_for(viewer).get(url(event, "segments_geojson")).json()
    [feature] = data["features"]
    assert feature["geometry"]["coordinates"][0] == [105.846, 21.0225]
    assert feature["properties"]["level"] == "heavy"  # 1,680 an hour on 1,800
    bad = client_for(planner).post(
        url(event, "segment_create"), {"name": "x", "capacity_per_hour": 10, "line": "[[1, 2]]"}
    )
    assert bad.status_code == 400
    assert make_segment(event).level == "free"


def test_the_traffic_map_draws_the_counted_segments(
    event: Event, viewer: User, client_for: Callable[[User], Client]
) -> None:
    page = client_for(viewer).get(reverse("traffic:closures", kwargs={"event": event.slug}))
    html = page.content.decode()
    assert f'data-congestion-url="{url(event, "segments_geojson")}"' in html
    assert "sensors/congestion_layer.js" in html

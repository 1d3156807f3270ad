"""One crowd incident per level reached (or about to be), a stale sensor on the live picture."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from garrison.core.models import LiveEvent
from garrison.events.models import Event, Zone
from garrison.ops.models import Incident
from garrison.sensors.models import ZoneOccupancy
from garrison.sensors.services.stale import check_stale
from garrison.sensors.services.zones import set_thresholds
from garrison.sensors.tests.support import Counter, make_counter, make_zone, manager


@pytest.fixture
def zone(event: Event) -> Zone:
    return make_zone(event, side_m=10)  # about 100 m²: unstable from 400 people, dangerous 500


@pytest.fixture
def counter(event: Event, zone: Zone) -> Counter:
    return make_counter(event, zone=zone)


class Feed:
    def __init__(self, counter: Counter) -> None:
        self.counter, self.n = counter, 0

    def occupancy(self, people: int) -> None:
        self.n += 1
        observed = timezone.now().isoformat()
        response = self.counter.post(
            {"messages": [{"id": f"m{self.n}", "observed_at": observed, "occupancy": people}]}
        )
        assert response.status_code == 200, response.content


def crowd_incidents(zone: Zone) -> list[Incident]:
    return list(Incident.objects.filter(zone=zone, type__code="crowd").order_by("pk"))


def test_crossing_a_threshold_raises_one_incident_per_level_and_episode(
    counter: Counter, zone: Zone, clock: time_machine.Traveller
) -> None:
    feed = Feed(counter)
    feed.occupancy(300)  # 3/m²: above plan, no emergency
    assert crowd_incidents(zone) == []
    assert ZoneOccupancy.objects.get(zone=zone).level == "planned"
    clock.shift(dt.timedelta(minutes=10))  # the trend is flat again: only the count matters
    feed.occupancy(410)
    feed.occupancy(420)
    feed.occupancy(415)
    [unstable] = crowd_incidents(zone)
    assert (unstable.severity, unstable.source, unstable.status) == (2, "sensor", "new")
    assert "“Unstable”" in unstable.description and unstable.lat is not None
    clock.shift(dt.timedelta(minutes=10))
    feed.occupancy(510)
    feed.occupancy(505)
    assert [i.severity for i in crowd_incidents(zone)] == [2, 1]
    clock.shift(dt.timedelta(minutes=10))
    feed.occupancy(300)  # well below: the episode ends
    clock.shift(dt.timedelta(minutes=10))
    feed.occupancy(410)  # a new crowding: a new alert
    assert [i.severity for i in crowd_incidents(zone)] == [2, 1, 2]
    kinds = list(LiveEvent.objects.values_list("kind", flat=True))
    assert kinds.count("ops.incident.created") == 3
    assert "sensors.zone.changed" in kinds


def test_a_crowd_forecast_to_reach_unstable_within_minutes_raises_the_alert_before(
    counter: Counter, zone: Zone, clock: time_machine.Traveller
) -> None:
    feed = Feed(counter)
    for people in (200, 220, 240, 260):  # +20 a minute
        feed.occupancy(people)
        clock.shift(dt.timedelta(minutes=1))
    assert crowd_incidents(zone) == []  # at 260, unstable (400) was 7 minutes away
    feed.occupancy(300)  # faster now: 100 to go at ~0.4/s, about 4 minutes
    [incident] = crowd_incidents(zone)
    assert "forecast" in incident.description
    assert ZoneOccupancy.objects.get(zone=zone).alerted == "unstable"
    for minutes, people in ((3, 340), (3, 370), (1, 401)):  # slower, then reaching it
        clock.shift(dt.timedelta(minutes=minutes))
        feed.occupancy(people)
    assert len(crowd_incidents(zone)) == 1  # the same alert


def test_thresholds_are_the_zones_own(counter: Counter, zone: Zone, event: Event) -> None:
    set_thresholds(manager(event), zone, 1.0, 1.5, 2.0)
    Feed(counter).occupancy(160)
    [incident] = crowd_incidents(zone)
    assert incident.severity == 2


def test_a_silent_device_raises_one_stale_alert_until_it_speaks(
    counter: Counter, event: Event, clock: time_machine.Traveller
) -> None:
    Feed(counter).occupancy(10)
    assert check_stale() == 0
    clock.shift(dt.timedelta(minutes=6))
    assert check_stale() == 1
    assert check_stale() == 0  # once
    [stale] = LiveEvent.objects.filter(kind="sensors.device.stale")
    assert stale.payload["device"] == counter.device.pk
    Feed(counter).occupancy(12)
    assert LiveEvent.objects.filter(kind="sensors.device.back").count() == 1
    never = make_counter(event, zone=make_zone(event))
    clock.shift(dt.timedelta(minutes=6))
    assert check_stale() == 2  # the first device again, and one that never spoke
    never.device.refresh_from_db()
    assert never.device.stale_since is not None

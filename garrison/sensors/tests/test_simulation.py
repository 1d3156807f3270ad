"""The simulator's messages are counts a device could send: the API takes every one."""

from __future__ import annotations

import random

from django.utils import timezone

from garrison.events.models import Event
from garrison.sensors.models import CountMessage, ZoneOccupancy
from garrison.sensors.simulation import Simulation
from garrison.sensors.tests.support import make_counter, make_segment, make_zone


def test_simulated_counts_are_accepted_and_fill_the_zone(event: Event) -> None:
    zone = make_zone(event, side_m=30)
    counters = [
        make_counter(event, zone=zone),
        make_counter(event, segment=make_segment(event)),
    ]
    counters[0].device.kind = "turnstile"
    sim = Simulation.of([c.device for c in counters], random.Random(7), growth=2.0)
    for _second in range(5):
        now = timezone.now()
        for counter in counters:
            response = counter.post({"messages": sim.messages(counter.device, now, 20)})
            assert response.json() == {"stored": 20, "duplicates": 0}
    assert CountMessage.objects.count() == 200
    assert ZoneOccupancy.objects.get(zone=zone).occupancy > 0

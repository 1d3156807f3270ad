"""Realistic counts for demonstrations and the benchmark: what each kind of device would send.

A zone's people come and go at random (Poisson arrivals and departures around a drift), a camera
reports the zone's occupancy, turnstiles and clickers what passed them; a road's cameras count
the vehicles of a flow near the road's measured level. The simulator only makes the messages;
whoever runs it posts them (``garrison simulate_counts`` over HTTP, as a device would).
"""

from __future__ import annotations

import datetime as dt
import math
import random
import secrets
from dataclasses import dataclass, field
from typing import Any

from garrison.sensors.models import CountingDevice, DeviceKind, RoadSegment, ZoneOccupancy


def _poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method for small means, the normal approximation for large ones."""
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


@dataclass
class ZoneFlow:
    occupancy: float
    arrivals: float  # people per second coming in
    departures: float  # people per second going out


@dataclass
class Simulation:
    """The event's active devices and the flows they count; ``messages`` advances the clock."""

    devices: list[CountingDevice]
    rng: random.Random
    zones: dict[int, ZoneFlow] = field(default_factory=dict)
    roads: dict[int, float] = field(default_factory=dict)  # vehicles per second, per device
    run: str = field(default_factory=lambda: secrets.token_hex(4))
    sent: int = 0

    @classmethod
    def of(cls, devices: list[CountingDevice], rng: random.Random, growth: float) -> Simulation:
        """Flows that continue what the server last measured; ``growth``: people per second the
        zones fill by (the demo's lobby crowd builds up)."""
        sim = cls(devices, rng)
        rows = {r.zone_id: r for r in ZoneOccupancy.objects.filter(zone__in=_zones(devices))}
        for device in devices:
            if device.zone_id is not None and device.zone_id not in sim.zones:
                row = rows.get(device.zone_id)
                # Each of the zone's devices moves the crowd a share of each second.
                share = _zones(devices).count(device.zone_id)
                base = (2.0 + rng.random() * 3) / share
                sim.zones[device.zone_id] = ZoneFlow(
                    float(row.occupancy if row else 0), base + max(0.0, growth) / share, base
                )
            elif device.segment is not None:
                segment: RoadSegment = device.segment
                share = max(1, segment.devices.filter(revoked_at__isnull=True).count())
                flow = segment.flow_per_hour or 0.6 * segment.capacity_per_hour
                sim.roads[device.pk] = flow / 3600 / share
        return sim

    def messages(self, device: CountingDevice, at: dt.datetime, n: int) -> list[dict[str, Any]]:
        """``n`` messages of ``device``, each a one-second interval, the last ending at ``at``."""
        out = []
        for i in range(n):
            observed = at - dt.timedelta(milliseconds=(n - 1 - i) * 1000 / n)
            self.sent += 1
            body: dict[str, Any] = {
                "id": f"sim-{self.run}-{device.pk}-{self.sent}",
                "observed_at": observed.isoformat(),
                "interval_seconds": 1,
            }
            if device.segment_id is not None:
                body["vehicles"] = _poisson(self.rng, self.roads.get(device.pk, 0.3) / n)
            else:
                body |= self._people(device, n)
            out.append(body)
        return out

    def _people(self, device: CountingDevice, n: int) -> dict[str, int]:
        flow = self.zones[device.zone_id or 0]
        entered = _poisson(self.rng, flow.arrivals / n)
        exited = min(_poisson(self.rng, flow.departures / n), int(flow.occupancy) + entered)
        flow.occupancy += entered - exited
        if device.kind == DeviceKind.CAMERA:
            return {"occupancy": round(flow.occupancy)}
        return {"in": entered, "out": exited}


def _zones(devices: list[CountingDevice]) -> list[int]:
    return [d.zone_id for d in devices if d.zone_id is not None]

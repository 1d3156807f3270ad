"""Disruption of the event's closure plan, and candidate routes compared side by side.

A candidate is one of a movement's routes (the fastest or an alternative) closed with the same
lead and clear times, on top of the event's other closures. The recommendation is the least
disruptive candidate that meets the security constraint: the convoy's time stays within
``max_stretch`` of the fastest route's (a longer drive is longer exposure on the road).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from garrison.events.models import Event
from garrison.traffic.closures import disruption
from garrison.traffic.closures.stretches import as_closed_segments, movement_stretches
from garrison.traffic.models import Closure, Movement, RoadNetwork
from garrison.traffic.routing.router import ClosedSegment, router_for

DEFAULT_MAX_STRETCH = 1.25
MAX_TRIPS = 20_000

_cache: dict[tuple[Any, ...], disruption.Estimate] = {}
_cache_lock = threading.Lock()


def _cached(
    network: RoadNetwork,
    closures: list[ClosedSegment],
    event: Event,
    trips: int,
    seed: int,
    daily_trips: int,
) -> disruption.Estimate:
    key = (
        network.pk,
        network.version,
        network.imported_at.isoformat(),
        tuple(sorted((c.way, c.from_node, c.to_node, c.starts_at, c.ends_at) for c in closures)),
        trips,
        seed,
        daily_trips,
    )
    with _cache_lock:
        found = _cache.get(key)
    if found is None:
        found = disruption.estimate(
            router_for(network),
            closures,
            event.tzinfo,
            trips=trips,
            seed=seed,
            daily_trips=daily_trips,
        )
        with _cache_lock:
            if len(_cache) > 32:
                _cache.clear()
            _cache[key] = found
    return found


def _segments(closures: list[Closure]) -> list[ClosedSegment]:
    return [
        ClosedSegment(int(w), int(a), int(b), c.starts_at, c.ends_at)
        for c in closures
        for w, a, b in c.segments
    ]


def event_estimates(
    event: Event,
    trips: int = disruption.DEFAULT_TRIPS,
    seed: int = disruption.DEFAULT_SEED,
    daily_trips: int = disruption.DEFAULT_DAILY_TRIPS,
) -> list[tuple[RoadNetwork, disruption.Estimate]]:
    """The stored closure plan's disruption, per road network that has closures."""
    found = []
    for network in event.road_networks.all():
        closures = list(Closure.objects.filter(event=event, network=network))
        if closures:
            found.append(
                (network, _cached(network, _segments(closures), event, trips, seed, daily_trips))
            )
    return found


@dataclass
class Candidate:
    index: int
    route: dict[str, Any]
    closures: int
    estimate: disruption.Estimate
    meets_constraints: bool


def compare_routes(
    movement: Movement,
    *,
    lead_minutes: int = 5,
    clear_minutes: int = 2,
    trips: int = disruption.DEFAULT_TRIPS,
    seed: int = disruption.DEFAULT_SEED,
    daily_trips: int = disruption.DEFAULT_DAILY_TRIPS,
    max_stretch: float = DEFAULT_MAX_STRETCH,
) -> tuple[list[Candidate], Candidate | None]:
    """Each of the movement's routes as a closure plan; the least disruptive that is allowed."""
    event = movement.event
    routes = movement.route.get("routes") or []
    plans: list[tuple[RoadNetwork, list[ClosedSegment], int]] = []
    others: dict[int, list[ClosedSegment]] = {}
    for index in range(len(routes)):
        network, router, stretches = movement_stretches(
            movement, index, lead_minutes, clear_minutes
        )
        if network.pk not in others:
            others[network.pk] = _segments(
                list(
                    Closure.objects.filter(event=event, network=network).exclude(movement=movement)
                )
            )
        plan = others[network.pk] + as_closed_segments(router, stretches)
        plans.append((network, plan, len(stretches)))
    # Every candidate's closure states re-costed in one go, so that they share the threads.
    for network in {network.pk: network for network, _p, _n in plans}.values():
        router = router_for(network)
        states = [
            closed
            for mine, plan, _n in plans
            if mine.pk == network.pk
            for _a, _b, closed in disruption.closure_states(router, plan)
        ]
        disruption.recost_states(router, disruption.sample_trips(router, trips, seed), states)
    candidates: list[Candidate] = []
    for (index, found), (network, plan, closures) in zip(enumerate(routes), plans, strict=True):
        result = _cached(network, plan, event, trips, seed, daily_trips)
        fastest = float(routes[0]["seconds"]) or 1.0
        candidates.append(
            Candidate(
                index=index,
                route=found,
                closures=closures,
                estimate=result,
                meets_constraints=float(found["seconds"]) <= fastest * max_stretch,
            )
        )
    allowed = [c for c in candidates if c.meets_constraints]
    best = min(allowed, key=lambda c: (c.estimate.total_hours, c.index)) if allowed else None
    return candidates, best

"""The write path for placements, and the studies behind them.

A study reads the event's zones (or sites) as demand and its sites as candidate positions, asks
traffic for road travel times (``costs``), solves (``solver``) and draws the coverage curve. Saving
one: authorise → validate → solve (before the transaction: it is slow and reads only) → store and
audit in one transaction → emit after commit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError
from garrison.coverage.costs import road_costs
from garrison.coverage.live_events import PLACEMENT_SAVED
from garrison.coverage.models import DemandSource, Placement, PlacementModel
from garrison.coverage.refusals import as_domain_error
from garrison.coverage.roles import PLANNERS
from garrison.coverage.solver import Model, Problem, Refusal, coverage_curve, solve
from garrison.events.models import Event, Site, Zone

MAX_TEAMS = 30
MAX_CURVE = 15
LatLon = tuple[float, float]


@dataclass
class Point:
    key: str
    label: str
    position: LatLon
    weight: float = 1.0


@dataclass
class Study:
    """A solved placement, not (yet) saved."""

    model: Model
    demand: list[Point]
    candidates: list[Point]
    chosen: list[str]
    objective: float
    covered_share: float
    backup_share: float
    optimal: bool
    curve: list[dict[str, float]]
    reach: dict[str, list[str]] = field(default_factory=dict)


def zone_centre(polygon: Any) -> LatLon | None:
    """The mean of a GeoJSON Polygon's outer ring (inside for the convex zones events draw)."""
    try:
        ring = polygon["coordinates"][0]
        points = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
        lon = sum(float(p[0]) for p in points) / len(points)
        lat = sum(float(p[1]) for p in points) / len(points)
    except (KeyError, IndexError, TypeError, ValueError, ZeroDivisionError):
        return None
    return lat, lon


def demand_points(event: Event, source: str) -> list[Point]:
    if source == DemandSource.SITES:
        return [Point(f"s{s.pk}", s.name, (s.lat, s.lon)) for s in Site.objects.filter(event=event)]
    points = []
    for zone in Zone.objects.filter(event=event):
        centre = zone_centre(zone.polygon)
        if centre is not None:
            weight = float(zone.capacity) if zone.capacity else 1.0
            points.append(Point(f"z{zone.pk}", str(zone), centre, weight))
    return points


def candidate_points(event: Event) -> list[Point]:
    return [Point(str(s.pk), s.name, (s.lat, s.lon)) for s in Site.objects.filter(event=event)]


def study(
    event: Event,
    *,
    model: str,
    teams: int | None,
    target_s: int,
    backup: bool = False,
    demand_source: str = DemandSource.ZONES,
    locked: list[str] | None = None,
    weights: Mapping[str, float] | None = None,
    with_curve: bool = True,
) -> Study:
    """Solve a placement on the event's roads now (closures active now count). ``weights``
    replaces the demand points' own weights where it names them (the live crowd)."""
    if model not in PlacementModel.values:
        raise DomainError("invalid_choice", _("Unknown placement model."), field="model")
    if not 1 <= target_s <= 24 * 3600:
        raise DomainError(
            "out_of_range", _("The target must be between 1 s and 24 h."), field="target_s"
        )
    if teams is not None and not 1 <= teams <= MAX_TEAMS:
        raise DomainError(
            "out_of_range",
            _("Place between 1 and %(n)d teams.") % {"n": MAX_TEAMS},
            field="teams",
        )
    demand = demand_points(event, demand_source)
    for point in demand:
        point.weight = float((weights or {}).get(point.key, point.weight))
    candidates = candidate_points(event)
    if not demand:
        raise DomainError("no_demand", _("This event has no zones or sites to cover yet."))
    costs = road_costs(
        event,
        [(p.key, p.position) for p in demand],
        [(p.key, p.position) for p in candidates],
        at=timezone.now(),
    )
    problem = Problem({p.key: p.weight for p in demand}, [p.key for p in candidates], costs)
    kind = Model(model)
    try:
        found = solve(
            problem,
            kind,
            teams=None if kind is Model.SET_COVER else teams,
            target=float(target_s),
            backup=backup,
            locked=locked or [],
        )
        up_to = min(len(found.chosen), MAX_CURVE) if with_curve else 0
        curve = [
            {"teams": len(p.chosen), "share": round(p.covered_share, 4)}
            for p in coverage_curve(problem, float(target_s), up_to)
        ]
    except Refusal as refusal:
        raise as_domain_error(refusal) from refusal
    reach = {c: [d for d in problem.demand if problem.cost(d, c) <= target_s] for c in found.chosen}
    return Study(
        model=kind,
        demand=demand,
        candidates=candidates,
        chosen=found.chosen,
        objective=found.objective if math.isfinite(found.objective) else -1.0,
        covered_share=found.covered_share,
        backup_share=found.backup_weight / found.total_weight if found.total_weight else 0.0,
        optimal=found.optimal,
        curve=curve,
        reach=reach,
    )


def save_placement(
    membership: Membership,
    *,
    name: str,
    model: str,
    teams: int | None,
    target_s: int,
    backup: bool = False,
    demand_source: str = DemandSource.ZONES,
    locked: list[str] | None = None,
) -> Placement:
    require_role(membership, PLANNERS)
    name = name.strip()[:200]
    if not name:
        raise DomainError("required", _("Give the placement a name."), field="name")
    event = membership.event
    found = study(
        event,
        model=model,
        teams=teams,
        target_s=target_s,
        backup=backup,
        demand_source=demand_source,
        locked=locked,
    )
    with transaction.atomic():
        placement = Placement.objects.create(
            event=event,
            name=name,
            model=model,
            demand_source=demand_source,
            teams=None if found.model is Model.SET_COVER else teams,
            target_s=target_s,
            backup=backup,
            chosen=found.chosen,
            locked=list(locked or []),
            objective=found.objective,
            covered_share=found.covered_share,
            backup_share=found.backup_share,
            optimal=found.optimal,
            curve=found.curve,
            coverage={
                "weights": {p.key: p.weight for p in found.demand},
                "reach": found.reach,
                "labels": {p.key: p.label for p in found.demand + found.candidates},
                "positions": {p.key: list(p.position) for p in found.demand + found.candidates},
            },
            created_by=membership.user,
        )
        record(
            Actor.of_user(membership.user),
            "coverage.placement.saved",
            placement,
            event_id=event.pk,
            after={
                "model": model,
                "teams": placement.teams,
                "target_s": target_s,
                "backup": backup,
                "chosen": found.chosen,
                "covered_share": round(found.covered_share, 4),
            },
        )
        PLACEMENT_SAVED.emit(event, {"id": placement.pk})
    return placement


def coverage_lost(placement: Placement, position: str) -> dict[str, Any]:
    """The covered share with and without the team at ``position`` (a chosen site id)."""
    if position not in placement.chosen:
        raise DomainError("not_placed", _("No team of this placement stands there."), status=404)
    weights: dict[str, float] = placement.coverage.get("weights", {})
    reach: dict[str, list[str]] = placement.coverage.get("reach", {})
    total = sum(weights.values()) or 1.0

    def share(positions: list[str]) -> float:
        covered = {d for c in positions for d in reach.get(c, [])}
        return sum(weights.get(d, 0.0) for d in covered) / total

    before = share(placement.chosen)
    after = share([c for c in placement.chosen if c != position])
    return {
        "placement": placement.pk,
        "position": position,
        "covered_share": round(before, 4),
        "without_share": round(after, 4),
        "lost_share": round(before - after, 4),
    }

"""``garrison place_teams --demand FILE --candidates FILE (--costs FILE | --event SLUG) …``.

For planners' studies: demand and candidate points from CSV or GeoJSON (id, position, weight),
costs as road travel times on the event's network or from a cost-matrix CSV (demand id,
candidate id, cost) produced by another tool. Prints the chosen candidates and the objective.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from garrison.core.errors import DomainError
from garrison.coverage.refusals import as_domain_error
from garrison.coverage.solver import Model, Problem, Refusal, solve
from garrison.coverage.tables import Point, read_cost_matrix, read_points
from garrison.events.models import Event


def _positioned(points: list[Point], what: str) -> list[tuple[str, tuple[float, float]]]:
    out = []
    for point in points:
        if point.position is None:
            raise CommandError(f"{what} “{point.id}” has no position (lat, lon) for road times.")
        out.append((point.id, point.position))
    return out


class Command(BaseCommand):
    help = "Choose positions for response teams (covering models on travel times)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--demand", required=True, type=Path, help="CSV or GeoJSON points")
        parser.add_argument("--candidates", required=True, type=Path, help="CSV or GeoJSON")
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--costs", type=Path, help="CSV: demand_id, candidate_id, cost")
        source.add_argument("--event", help="event slug: road travel times on its network")
        parser.add_argument("--model", choices=[m.value for m in Model], default="max-cover")
        parser.add_argument("--teams", type=int, help="number of teams (not for set-cover)")
        parser.add_argument("--target", type=float, help="travel-time target (cost units)")
        parser.add_argument("--backup", action="store_true", help="also maximise double cover")
        parser.add_argument("--lock", default="", help="candidate ids already held: ID,ID")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self._run(options)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        except Refusal as refusal:
            raise CommandError(str(as_domain_error(refusal).message)) from refusal

    def _run(self, options: dict[str, Any]) -> None:
        demand = read_points(options["demand"])
        candidates = read_points(options["candidates"])
        if options["costs"]:
            costs = read_cost_matrix(options["costs"])
            unknown = sorted(set(costs) - {p.id for p in demand})[:3]
            if unknown:
                raise CommandError(f"{options['costs'].name}: unknown demand ids {unknown}.")
        else:
            from garrison.coverage.costs import road_costs

            event = Event.objects.filter(slug=options["event"]).first()
            if event is None:
                raise CommandError(f"No event “{options['event']}”.")
            costs = road_costs(
                event, _positioned(demand, "Demand"), _positioned(candidates, "Candidate")
            )
        model = Model(options["model"])
        locked = [c.strip() for c in options["lock"].split(",") if c.strip()]
        placement = solve(
            Problem({p.id: p.weight for p in demand}, [p.id for p in candidates], costs),
            model,
            teams=options["teams"],
            target=options["target"],
            backup=options["backup"],
            locked=locked,
        )
        self.stdout.write(f"model: {model.value}")
        self.stdout.write(f"chosen ({len(placement.chosen)}): {', '.join(placement.chosen)}")
        self.stdout.write(f"objective: {placement.objective:.12g}")
        self.stdout.write(f"optimal: {'yes' if placement.optimal else 'no (time limit)'}")
        if placement.target is not None:
            self.stdout.write(f"covered: {100 * placement.covered_share:.2f} % of the weight")
            if options["backup"]:
                share = placement.backup_weight / placement.total_weight
                self.stdout.write(f"covered twice: {100 * share:.2f} % of the weight")
        worst = max(
            (min((costs.get(d, {}).get(c, math.inf) for c in placement.chosen)) for d in costs),
            default=math.inf,
        )
        self.stdout.write(f"farthest demand point: {worst:.12g}")

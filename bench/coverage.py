"""Team placement on the demo's roads (Hanoi): 300 demand points × 60 candidate positions.

Targets (issue 18): maximal covering ≤ 2 s; the coverage curve for 1…10 teams ≤ 10 s. Printed
beside them: the road cost matrix (60 one-to-many searches), p-median and p-center on the same
matrix. Figures only; no asserts on speed.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _django

_django.setup()

import numpy as np  # noqa: E402
from scipy.sparse.csgraph import connected_components  # noqa: E402

from garrison.coverage.costs import road_costs  # noqa: E402
from garrison.coverage.solver import Model, Problem, Refusal, coverage_curve, solve  # noqa: E402
from garrison.traffic.routing.router import router_for  # noqa: E402
from garrison.traffic.routing.services import import_network  # noqa: E402

PBF = _django.ROOT / "garrison" / "traffic" / "data" / "hanoi-central.osm.pbf"
DEMAND, CANDIDATES, TEAMS, TARGET_S = 300, 60, 10, 240.0


def main() -> None:
    event = _django.make_event("bench-coverage", "Bench")
    network = import_network(event, PBF)
    graph = router_for(network).graph
    matrix, _arcs = graph.csr()
    _n, labels = connected_components(matrix, directed=True, connection="strong")
    main_part = np.flatnonzero(labels == np.bincount(labels).argmax())
    rng = random.Random(18)
    nodes = rng.sample(main_part.tolist(), DEMAND + CANDIDATES)

    def at(node: int) -> tuple[float, float]:
        return float(graph.lat[node]), float(graph.lon[node])

    demand = [(f"d{i}", at(n)) for i, n in enumerate(nodes[:DEMAND])]
    candidates = [(f"c{i}", at(n)) for i, n in enumerate(nodes[DEMAND:])]
    weights = {d: float(rng.randint(50, 2000)) for d, _p in demand}
    print(f"graph: {graph.node_count:,} nodes; {DEMAND} demand points × {CANDIDATES} candidates")

    started = time.perf_counter()
    costs = road_costs(event, demand, candidates)
    print(
        f"road cost matrix ({DEMAND * CANDIDATES:,} travel times): "
        f"{time.perf_counter() - started:.2f} s"
    )
    problem = Problem(weights, [c for c, _p in candidates], costs)
    if len(sys.argv) > 1:  # keep the instance for solver experiments
        import pickle

        Path(sys.argv[1]).write_bytes(pickle.dumps(problem))

    started = time.perf_counter()
    placement = solve(problem, Model.MAX_COVER, teams=TEAMS, target=TARGET_S)
    took = time.perf_counter() - started
    print(
        f"maximal covering, {TEAMS} teams, {TARGET_S:.0f} s: {took:.2f} s (target ≤ 2 s); "
        f"covered {100 * placement.covered_share:.1f} %, optimal {placement.optimal}"
    )

    started = time.perf_counter()
    curve = coverage_curve(problem, TARGET_S, TEAMS)
    took = time.perf_counter() - started
    shares = " ".join(f"{100 * p.covered_share:.0f}" for p in curve)
    print(f"coverage curve 1…{TEAMS} teams: {took:.2f} s (target ≤ 10 s); % covered: {shares}")

    started = time.perf_counter()
    both = solve(problem, Model.MAX_COVER, teams=TEAMS, target=TARGET_S, backup=True)
    print(
        f"  with backup coverage: {time.perf_counter() - started:.2f} s; "
        f"covered twice {100 * both.backup_weight / both.total_weight:.1f} %"
    )
    for model in (Model.P_MEDIAN, Model.P_CENTER):
        started = time.perf_counter()
        found = solve(problem, model, teams=TEAMS)
        print(
            f"{model.value}, {TEAMS} teams: {time.perf_counter() - started:.2f} s; "
            f"objective {found.objective:,.1f}, optimal {found.optimal}"
        )
    for target in (TARGET_S, 3 * TARGET_S):
        started = time.perf_counter()
        try:
            cover = solve(problem, Model.SET_COVER, target=target)
        except Refusal as refusal:
            print(f"set covering, {target:.0f} s: refused ({refusal.code}, {refusal.params})")
            continue
        print(
            f"set covering, {target:.0f} s: {time.perf_counter() - started:.2f} s; "
            f"{len(cover.chosen)} teams cover everyone"
        )


if __name__ == "__main__":
    main()

"""Correctness: the solver reproduces the optima of a published facility-location instance.

The instance is the San Francisco one that spopt (PySAL's spatial optimisation package) ships in
its own test suite (spopt 0.7.0, ``spopt/tests/test_locate/data``, BSD-3-Clause, licence beside the
data): 205 census tracts weighted by their 2000 population, 16 candidate store sites, and the road
network distance (metres) between every pair — here as a cost-matrix file in the format
``place_teams --costs`` reads. spopt's tests publish two figures for it at 5,000 m and 4 sites:
maximal covering leaves 21 tracts uncovered (89.756 %), reproduced below; and backup set covering
covers 81.463 % of the tracts twice, which we do not reproduce: enumeration proves that no least
cover (8 sites) covers more than 145 of the 205 tracts twice (70.7 %). They publish no objective
values, so each optimum is proven here by enumerating every subset of the 16 candidates
(vectorised; a fraction of a second).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from garrison.coverage.solver import Model, Problem, solve
from garrison.coverage.tables import read_cost_matrix, read_points

DATA = Path(__file__).parent / "data"
RADIUS = 5000.0
TEAMS = 4


@pytest.fixture(scope="module")
def sf() -> Problem:
    demand = {p.id: p.weight for p in read_points(DATA / "sf_demand.csv")}
    candidates = [p.id for p in read_points(DATA / "sf_candidates.csv")]
    return Problem(demand, candidates, read_cost_matrix(DATA / "sf_costs.csv"))


def matrix(problem: Problem) -> npt.NDArray[np.float64]:
    return np.array([[problem.cost(d, c) for c in problem.candidates] for d in problem.demand])


def subsets(n: int, k: int) -> npt.NDArray[np.int64]:
    return np.array(list(itertools.combinations(range(n), k)), dtype=np.int64)


def test_the_file_holds_the_whole_published_instance(sf: Problem) -> None:
    assert len(sf.demand) == 205 and len(sf.candidates) == 16
    assert np.isfinite(matrix(sf)).all()
    assert sum(sf.demand.values()) == 955_113


def test_maximal_covering_reaches_the_enumerated_optimum_and_spopts_figure(sf: Problem) -> None:
    costs, weights = matrix(sf), np.array(list(sf.demand.values()))
    combos = subsets(16, TEAMS)
    covered = (costs[:, combos] <= RADIUS).any(axis=2)  # demand × subset
    best = (weights[:, None] * covered).sum(axis=0).max()

    placement = solve(sf, Model.MAX_COVER, teams=TEAMS, target=RADIUS)

    assert placement.optimal
    assert placement.objective == best == 875_247
    uncovered = sum(1 for d in sf.demand if min(sf.cost(d, c) for c in placement.chosen) > RADIUS)
    assert uncovered == 21  # spopt: n_cli_uncov == 21, perc_cov == 89.756…
    assert 100 * (205 - uncovered) / 205 == pytest.approx(89.75609756097561)


def test_p_median_reaches_the_enumerated_optimum(sf: Problem) -> None:
    costs, weights = matrix(sf), np.array(list(sf.demand.values()))
    combos = subsets(16, TEAMS)
    totals = (weights[:, None] * costs[:, combos].min(axis=2)).sum(axis=0)

    placement = solve(sf, Model.P_MEDIAN, teams=TEAMS)

    assert placement.optimal
    assert placement.objective == pytest.approx(totals.min(), rel=1e-12)
    assert set(placement.chosen) == {sf.candidates[j] for j in combos[int(totals.argmin())]}


def test_p_center_reaches_the_enumerated_optimum(sf: Problem) -> None:
    costs = matrix(sf)
    combos = subsets(16, TEAMS)
    worst = costs[:, combos].min(axis=2).max(axis=0)

    placement = solve(sf, Model.P_CENTER, teams=TEAMS)

    assert placement.objective == worst.min()  # exact: a cost from the file, no rounding
    assert len(placement.chosen) == TEAMS


def least_cover(costs: npt.NDArray[np.float64]) -> tuple[int, npt.NDArray[np.int64]]:
    reach = costs <= RADIUS
    for k in range(1, costs.shape[1] + 1):
        combos = subsets(costs.shape[1], k)
        ok = reach[:, combos].any(axis=2).all(axis=0)
        if ok.any():
            return k, combos[ok]
    raise AssertionError("no cover")


def test_set_covering_reaches_the_enumerated_optimum(sf: Problem) -> None:
    k, _covers = least_cover(matrix(sf))

    placement = solve(sf, Model.SET_COVER, target=RADIUS)

    assert placement.objective == len(placement.chosen) == k == 8
    assert placement.covered_share == 1.0


def test_backup_covering_reaches_the_enumerated_optimum(sf: Problem) -> None:
    # Counted in tracts, as spopt's LSCP-B counts them: the same instance with unit weights.
    tracts = Problem(dict.fromkeys(sf.demand, 1.0), sf.candidates, sf.costs)
    costs = matrix(sf)
    k, covers = least_cover(costs)
    twice = ((costs[:, covers] <= RADIUS).sum(axis=2) >= 2).sum(axis=0).max()

    placement = solve(tracts, Model.SET_COVER, target=RADIUS, backup=True)

    assert placement.optimal and len(placement.chosen) == k
    assert placement.backup_weight == twice == 145


def test_maximal_covering_with_backup_reaches_the_enumerated_lexicographic_optimum(
    sf: Problem,
) -> None:
    costs, weights = matrix(sf), np.array(list(sf.demand.values()))
    combos = subsets(16, TEAMS)
    reached = (costs[:, combos] <= RADIUS).sum(axis=2)  # demand × subset: teams in reach
    once = (weights[:, None] * (reached >= 1)).sum(axis=0)
    twice = (weights[:, None] * (reached >= 2)).sum(axis=0)
    best_twice = twice[once == once.max()].max()

    placement = solve(sf, Model.MAX_COVER, teams=TEAMS, target=RADIUS, backup=True)

    assert placement.optimal
    assert placement.covered_weight == once.max()
    assert placement.backup_weight == best_twice

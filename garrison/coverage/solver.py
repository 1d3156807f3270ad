"""Placement models for response teams, solved with OR-Tools' MIP wrapper on SCIP (no Django).

Why SCIP through ``pywraplp`` rather than CP-SAT or PuLP with HiGHS: SCIP and CBC ship inside the
``ortools`` wheel we already depend on (PuLP and spopt would be new dependencies for the same
branch and bound); and these covering models have tight LP relaxations, so an LP-based solver
closes them at or near the root. Measured on the bench's 300 × 60 instance, maximal covering for
3–6 teams took 0.05–0.08 s with SCIP and 0.6–1.5 s with CP-SAT on two cores; p-median on spopt's
instance 0.6 s against 2.5–7 s (CP-SAT, radius form). The relative gap is set to zero, so a
placement is optimal unless it says otherwise (time limit); objectives are always recomputed from
the original costs.

- set covering: the least teams such that every demand point has one within the target;
- maximal covering: N teams, maximise the weight with a team within the target;
- backup (either covering model): then, keeping that optimum, maximise the weight covered twice;
- p-median: N teams, minimise Σ weight × cost to the nearest team (assignment form);
- p-center: N teams, minimise the largest cost, by bisection over the matrix's distinct costs
  with set covering (exact: a maximum only depends on the order of the costs).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from ortools.linear_solver import pywraplp

DEFAULT_TIME_LIMIT_S = 20.0


class Model(StrEnum):
    SET_COVER = "set-cover"
    MAX_COVER = "max-cover"
    P_MEDIAN = "p-median"
    P_CENTER = "p-center"


class Refusal(Exception):
    """A placement that cannot be made as asked; ``code`` is stable, ``params`` explain it."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Problem:
    """Demand points (id → weight), candidate ids and costs[d][c] (inf or missing = unreachable)."""

    demand: Mapping[str, float]
    candidates: Sequence[str]
    costs: Mapping[str, Mapping[str, float]]

    def cost(self, d: str, c: str) -> float:
        return self.costs.get(d, {}).get(c, math.inf)


@dataclass
class Placement:
    model: Model
    chosen: list[str]
    objective: float
    covered_weight: float
    backup_weight: float
    total_weight: float
    target: float | None
    optimal: bool
    assignment: dict[str, str | None] = field(default_factory=dict)

    @property
    def covered_share(self) -> float:
        return self.covered_weight / self.total_weight if self.total_weight else 1.0


def _check(problem: Problem, teams: int | None, locked: Sequence[str]) -> None:
    if not problem.candidates:
        raise Refusal("no_candidates")
    if not problem.demand:
        raise Refusal("no_demand")
    if len(set(problem.candidates)) != len(problem.candidates):
        raise Refusal("duplicate_candidate")
    known = set(problem.candidates)
    for c in locked:
        if c not in known:
            raise Refusal("unknown_locked", candidate=c)
    for d, w in problem.demand.items():
        if not math.isfinite(w) or w < 0:
            raise Refusal("bad_weight", demand=d)
    if teams is not None:
        if teams < 1:
            raise Refusal("too_few_teams", teams=teams)
        if teams > len(problem.candidates):
            raise Refusal("too_many_teams", teams=teams, candidates=len(problem.candidates))
        if len(set(locked)) > teams:
            raise Refusal("too_many_locked", teams=teams, locked=len(set(locked)))


def covered_by(problem: Problem, chosen: Sequence[str], target: float, need: int = 1) -> float:
    """The demand weight that ``need`` of ``chosen`` reach within ``target``."""
    return sum(
        w
        for d, w in problem.demand.items()
        if sum(1 for c in chosen if problem.cost(d, c) <= target) >= need
    )


def _assign(problem: Problem, chosen: Sequence[str]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for d in problem.demand:
        best = min(chosen, key=lambda c: problem.cost(d, c), default=None)
        out[d] = best if best is not None and math.isfinite(problem.cost(d, best)) else None
    return out


def evaluate(
    problem: Problem,
    model: Model,
    chosen: Sequence[str],
    target: float | None = None,
) -> float:
    """The objective of ``model`` for the set ``chosen`` (also used by the brute-force proofs)."""
    if model is Model.SET_COVER:
        return float(len(chosen))
    if model is Model.MAX_COVER:
        return covered_by(problem, chosen, _need_target(target))
    nearest = [min((problem.cost(d, c) for c in chosen), default=math.inf) for d in problem.demand]
    if model is Model.P_MEDIAN:
        return sum(w * t for w, t in zip(problem.demand.values(), nearest, strict=True))
    return max(nearest)


def _need_target(target: float | None) -> float:
    if target is None or not math.isfinite(target) or target < 0:
        raise Refusal("no_target")
    return target


def solve(
    problem: Problem,
    model: Model,
    *,
    teams: int | None = None,
    target: float | None = None,
    backup: bool = False,
    locked: Sequence[str] = (),
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
) -> Placement:
    """The optimal placement for ``model``; raises Refusal when it cannot be made."""
    if model is not Model.SET_COVER and teams is None:
        raise Refusal("no_teams")
    _check(problem, None if model is Model.SET_COVER else teams, locked)
    if model is Model.P_MEDIAN:
        chosen, optimal = _median(problem, teams or 0, locked, time_limit_s)
        return _placement(problem, model, chosen, target, optimal=optimal)
    if model is Model.P_CENTER:
        chosen = _center(problem, teams or 0, locked, time_limit_s)
        return _placement(problem, model, chosen, target, optimal=True)
    radius = _need_target(target)
    cover_teams = None if model is Model.SET_COVER else teams
    mip, x = _cover_model(problem, model, cover_teams, locked, radius, time_limit_s)
    optimal = _run(mip, time_limit_s)
    if backup:
        # A second model, not the first one changed: SCIP's re-solve of a changed model through
        # pywraplp stopped early ("feasible") in our measurements.
        first = mip.Objective().Value()
        hint = {c: x[c].solution_value() for c in problem.candidates}
        mip, x = _cover_model(problem, model, cover_teams, locked, radius, time_limit_s, first)
        mip.SetHint([x[c] for c in hint], list(hint.values()))
        optimal = _run(mip, time_limit_s) and optimal
    chosen = [c for c in problem.candidates if x[c].solution_value() > 0.5]
    return _placement(problem, model, chosen, target, optimal=optimal)


def _cover_model(
    problem: Problem,
    model: Model,
    teams: int | None,
    locked: Sequence[str],
    radius: float,
    time_limit_s: float,
    pinned: float | None = None,
) -> tuple[pywraplp.Solver, dict[str, pywraplp.Variable]]:
    """Set covering or maximal covering within ``radius``.

    With ``pinned`` (the first objective's optimum), backup coverage (Hogan & ReVelle's BACOP,
    spopt's LSCP-B): keep the first objective at that value and, among those placements,
    maximise the demand weight a second team also reaches. Requiring two teams everywhere would
    refuse most real inputs (a demand point with one candidate in reach); this is the published
    model, and it covers twice wherever it can.
    """
    mip, x = _mip(problem, teams, locked, time_limit_s)
    reach = {
        d: [x[c] for c in problem.candidates if problem.cost(d, c) <= radius]
        for d in problem.demand
    }
    # The first objective, as coefficients, so that a backup model can pin it.
    first: list[tuple[pywraplp.Variable, float]] = []
    if model is Model.SET_COVER:
        for d, options in reach.items():
            if not options:
                raise Refusal("unreachable", demand=d, target=radius)
            _at_least(mip, options, 1)
        first = [(var, 1.0) for var in x.values()]
    else:
        for d, options in reach.items():
            if options and problem.demand[d] > 0:
                covered = mip.NumVar(0, 1, "")  # integral at any optimum: x is integral
                _at_least(mip, options, 0, minus=covered)
                first.append((covered, problem.demand[d]))
    objective = mip.Objective()
    if pinned is None:
        for var, coefficient in first:
            objective.SetCoefficient(var, coefficient)
        if model is Model.SET_COVER:
            objective.SetMinimization()
        else:
            objective.SetMaximization()
        return mip, x
    # A hair of slack for the solver's tolerances; weights and counts differ by far more.
    slack = 1e-6 * max(1.0, abs(pinned))
    if model is Model.SET_COVER:
        pin = mip.Constraint(-mip.infinity(), pinned + slack)
    else:
        pin = mip.Constraint(pinned - slack, mip.infinity())
    for var, coefficient in first:
        pin.SetCoefficient(var, coefficient)
    for d, options in reach.items():
        if len(options) >= 2 and problem.demand[d] > 0:
            twice = mip.BoolVar("")
            _at_least(mip, options, 0, minus=twice, times=2)
            objective.SetCoefficient(twice, problem.demand[d])
    objective.SetMaximization()
    return mip, x


def _mip(
    problem: Problem, teams: int | None, locked: Sequence[str], time_limit_s: float
) -> tuple[pywraplp.Solver, dict[str, pywraplp.Variable]]:
    """A SCIP model (CBC when a build lacks SCIP) with one 0-1 variable per candidate."""
    mip = pywraplp.Solver.CreateSolver("SCIP") or pywraplp.Solver.CreateSolver("CBC")
    if mip is None:  # pragma: no cover - both ship in the ortools wheel
        raise Refusal("no_solver")
    mip.SetTimeLimit(round(time_limit_s * 1000))
    # Two threads at most: the machines this runs on have two cores, shared.
    mip.SetNumThreads(2)
    x = {c: mip.BoolVar(f"x{i}") for i, c in enumerate(problem.candidates)}
    for c in set(locked):
        x[c].SetLb(1)
    if teams is not None:
        count = mip.Constraint(teams, teams)
        for var in x.values():
            count.SetCoefficient(var, 1)
    return mip, x


def _at_least(
    mip: pywraplp.Solver,
    options: Sequence[pywraplp.Variable],
    bound: float,
    *,
    minus: pywraplp.Variable | None = None,
    times: float = 1.0,
) -> None:
    """Σ options − times·minus ≥ bound."""
    row = mip.Constraint(bound, mip.infinity())
    for var in options:
        row.SetCoefficient(var, 1)
    if minus is not None:
        row.SetCoefficient(minus, -times)


def _run(mip: pywraplp.Solver, time_limit_s: float) -> bool:
    """Solve to a zero gap; True when proven optimal, a refusal when nothing was found."""
    params = pywraplp.MPSolverParameters()
    params.SetDoubleParam(params.RELATIVE_MIP_GAP, 0.0)
    status = mip.Solve(params)
    if status == pywraplp.Solver.INFEASIBLE:
        raise Refusal("infeasible")
    if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        raise Refusal("no_solution", seconds=time_limit_s)
    return bool(status == pywraplp.Solver.OPTIMAL)


def _placement(
    problem: Problem, model: Model, chosen: list[str], target: float | None, *, optimal: bool
) -> Placement:
    total = float(sum(problem.demand.values()))
    return Placement(
        model=model,
        chosen=chosen,
        objective=evaluate(problem, model, chosen, target),
        covered_weight=covered_by(problem, chosen, target) if target is not None else total,
        backup_weight=covered_by(problem, chosen, target, need=2) if target is not None else 0.0,
        total_weight=total,
        target=target,
        optimal=optimal,
        assignment=_assign(problem, chosen),
    )


def _median(
    problem: Problem, teams: int, locked: Sequence[str], time_limit_s: float
) -> tuple[list[str], bool]:
    """p-median in the classic assignment form: each demand point is assigned to one open
    position (z ≤ x), minimising Σ weight × cost. Its LP relaxation is nearly integral; measured
    on the bench's 300 × 60 instance it solves in about 5 s where Elloumi's radius form (dense
    rows) ran past 30 s on SCIP."""
    mip, x = _mip(problem, teams, locked, time_limit_s)
    objective = mip.Objective()
    for d in problem.demand:
        options = [(c, t) for c in problem.candidates if math.isfinite(t := problem.cost(d, c))]
        if not options:
            raise Refusal("unreachable", demand=d, target=math.inf)
        one = mip.Constraint(1, 1)
        for c, cost in options:
            assigned = mip.NumVar(0, 1, "")  # integral at an optimum once x is
            one.SetCoefficient(assigned, 1)
            link = mip.Constraint(-mip.infinity(), 0)
            link.SetCoefficient(assigned, 1)
            link.SetCoefficient(x[c], -1)
            objective.SetCoefficient(assigned, problem.demand[d] * cost)
    objective.SetMinimization()
    optimal = _run(mip, time_limit_s)
    chosen = [c for c in problem.candidates if x[c].solution_value() > 0.5]
    return chosen, optimal


def _center(problem: Problem, teams: int, locked: Sequence[str], time_limit_s: float) -> list[str]:
    """p-center: the least radius among the matrix's costs that ``teams`` teams cover everyone
    within, by bisection over the sorted distinct costs (exact on any real costs)."""
    for d in problem.demand:
        if all(not math.isfinite(problem.cost(d, c)) for c in problem.candidates):
            raise Refusal("unreachable", demand=d, target=math.inf)
    steps = sorted(
        {
            t
            for d in problem.demand
            for c in problem.candidates
            if math.isfinite(t := problem.cost(d, c))
        }
    )
    best: list[str] | None = None
    low, high = 0, len(steps) - 1
    while low <= high:
        middle = (low + high) // 2
        try:
            cover = solve(
                problem,
                Model.SET_COVER,
                target=steps[middle],
                locked=locked,
                time_limit_s=time_limit_s,
            )
        except Refusal as refusal:
            if refusal.code != "unreachable":
                raise
            cover = None
        if cover is not None and len(cover.chosen) <= teams:
            best, high = cover.chosen, middle - 1
        else:
            low = middle + 1
    if best is None:
        raise Refusal("infeasible")
    # Fill up to ``teams`` (the radius cannot get worse), each spare team where it cuts the
    # weighted total travel time most: spare teams should still be of use.
    chosen = list(best)
    while len(chosen) < teams:
        rest = [c for c in problem.candidates if c not in chosen]
        chosen.append(min(rest, key=lambda c: evaluate(problem, Model.P_MEDIAN, [*chosen, c])))
    return [c for c in problem.candidates if c in set(chosen)]


def coverage_curve(
    problem: Problem, target: float, up_to: int, *, locked: Sequence[str] = ()
) -> list[Placement]:
    """Maximal covering for 1…``up_to`` teams (from the locked count up), one placement each."""
    start = max(1, len(set(locked)))
    up_to = min(up_to, len(problem.candidates))
    return [
        solve(problem, Model.MAX_COVER, teams=n, target=target, locked=locked)
        for n in range(start, up_to + 1)
    ]


def coverage_without(problem: Problem, chosen: Sequence[str], target: float, team: str) -> float:
    """The covered share left when ``team`` leaves its position (dispatched elsewhere)."""
    total = sum(problem.demand.values())
    rest = [c for c in chosen if c != team]
    return covered_by(problem, rest, target) / total if total else 1.0

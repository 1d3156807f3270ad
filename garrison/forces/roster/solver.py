"""The roster optimiser: a CP-SAT model of who stands at which post in every hour.

Hard: nobody in two places; every shift stays at one post and lasts between the rules' minimum
and maximum; at least the rules' rest between shifts; at most the rules' hours per local day;
pins are kept. Coverage of headcount and qualifications is hard in effect: every missing
person-hour costs far more than anything else, so a full-coverage roster always wins, and when
none exists the best partial roster still comes back with its gaps named. Soft: fair hours and
night hours, members' unavailability, a post staffed by few units.

To keep the model small each member gets a few candidate posts (see ``candidates``), chosen by
qualification, load and unit, before the solver starts.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from garrison.forces.roster.greedy import first_roster
from garrison.forces.roster.problem import MemberIn, PostIn, Problem
from garrison.forces.roster.rules import Shift

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

SHORTFALL = 1000  # per missing person-hour: dwarfs every soft cost below
UNAVAILABLE = 50  # per hour worked while marked unavailable
SPREAD = 5  # per hour of the longest member's total, and of their night hours
UNIT_MIX = 20  # per extra unit on a post
CANDIDATE_POSTS = 3  # posts each member may be considered for, before qualified top-ups


@dataclass
class Progress:
    """What the running solver has reached so far; read by another thread."""

    solutions: int = 0
    objective: float | None = None
    bound: float | None = None
    started: float = field(default_factory=time.monotonic)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started


@dataclass
class Solution:
    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN, MODEL_INVALID
    objective: float | None
    bound: float | None
    elapsed: float
    shifts: dict[int, list[Shift]]  # member -> shifts
    needed: int  # person-hours of headcount
    covered: int
    gaps: dict[tuple[int, int], int]  # (post, slot) -> missing people (headcount + skills)

    @property
    def coverage(self) -> float:
        return self.covered / self.needed if self.needed else 1.0

    @property
    def found(self) -> bool:
        return self.status in ("OPTIMAL", "FEASIBLE")


def evaluate(
    problem: Problem, shifts: dict[int, list[Shift]]
) -> tuple[int, int, dict[tuple[int, int], tuple[int, tuple[int, ...]]]]:
    """Needed and covered person-hours of a roster, and what is missing per (post, slot):
    (missing headcount, missing people per required skill in ``skill_need`` order)."""
    quals = {m.id: m.qualifications for m in problem.members}
    staffed: dict[tuple[int, int], list[int]] = defaultdict(list)
    for m_id, runs in shifts.items():
        for r in runs:
            for t in range(max(r.start, 0), min(r.end, problem.horizon.hours)):
                staffed[(r.post_id, t)].append(m_id)
    needed = covered = 0
    missing: dict[tuple[int, int], tuple[int, tuple[int, ...]]] = {}
    for post in problem.posts:
        for t, demand in enumerate(post.demand):
            if demand <= 0:
                continue
            here = staffed.get((post.id, t), [])
            needed += demand
            covered += min(demand, len(here))
            skills = tuple(
                max(0, n - sum(1 for m in here if q in quals.get(m, frozenset())))
                for q, n in problem.skill_need(post, t)
            )
            if len(here) < demand or any(skills):
                missing[(post.id, t)] = (max(0, demand - len(here)), skills)
    return needed, covered, missing


def _pool_size(problem: Problem, hours_needed: int, peak: int) -> int:
    """Members a post (or one of its skills) needs in its pool: its work at a safe load."""
    days = max(1, math.ceil(problem.horizon.hours / 24))
    per_member = problem.rules.max_per_day * days * 0.45
    return max(peak + 1, math.ceil(hours_needed / per_member) + 1) if hours_needed else 0


def candidates(problem: Problem) -> dict[int, set[int]]:
    """Member -> the posts the model may put them on.

    Scarce skills first: for each post's qualifications the least-loaded qualified members,
    then its headcount from the least-loaded members, preferring units already in the pool so
    that a post is held by few units.
    """
    chosen: dict[int, set[int]] = defaultdict(set)
    for pin in problem.pins:
        chosen[pin.member_id].add(pin.post_id)
    by_id = {m.id: m for m in problem.members}

    def fill(post: PostIn, pool: list[MemberIn], size: int, cap: int) -> None:
        units = {by_id[m].unit_id for m, posts in chosen.items() if post.id in posts}
        have = sum(1 for m in pool if post.id in chosen[m.id])
        ranked = sorted(
            (m for m in pool if post.id not in chosen[m.id] and len(chosen[m.id]) < cap),
            key=lambda m: (len(chosen[m.id]), m.unit_id not in units, m.unit_id, m.id),
        )
        for member in ranked[: max(0, size - have)]:
            chosen[member.id].add(post.id)
            units.add(member.unit_id)

    def scarcity(post: PostIn) -> float:
        ratios = [
            sum(1 for m in problem.members if q in m.qualifications) / max(n, 1)
            for q, n in post.skills
        ]
        return min(ratios, default=float(len(problem.members)))

    for post in sorted(problem.posts, key=scarcity):
        for qual, count in post.skills:
            hours = sum(min(count, d) for d in post.demand)
            pool = [m for m in problem.members if qual in m.qualifications]
            # Qualified people may go over the cap: without them the skill cannot be covered.
            fill(post, pool, _pool_size(problem, hours, count), CANDIDATE_POSTS + 2)
        fill(
            post,
            problem.members,
            _pool_size(problem, sum(post.demand), max(post.demand, default=0)),
            CANDIDATE_POSTS,
        )
    return chosen


def _callback(progress: Progress) -> cp_model.CpSolverSolutionCallback:
    from ortools.sat.python import cp_model

    class Callback(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            with progress.lock:
                progress.solutions += 1
                progress.objective = self.ObjectiveValue()
                progress.bound = self.BestObjectiveBound()

    return Callback()


def solve(
    problem: Problem,
    time_limit: float,
    progress: Progress | None = None,
    workers: int | None = None,
    log: Callable[[str], None] | None = None,
) -> Solution:
    # OR-Tools' CP-SAT is imported here, not with the module: with pandas under it, it cost a
    # quarter of a second of CPU in every process that loads the URLs (servers, commands).
    from ortools.sat.python import cp_model

    progress = progress or Progress()
    rules, hours = problem.rules, problem.horizon.hours
    model = cp_model.CpModel()
    pools = candidates(problem)
    # Start from the greedy roster: the solver improves a covered roster instead of searching
    # for one from nothing, which on large events it may not finish within the time limit.
    greedy = first_roster(problem, pools)
    members = [m for m in problem.members if pools.get(m.id)]
    posts = {p.id: p for p in problem.posts}
    pinned = {(p.member_id, p.post_id, s) for p in problem.pins for s in range(p.start, p.end)}
    pinned_count: dict[tuple[int, int], int] = defaultdict(int)
    for _m, p_id, s in pinned:
        pinned_count[(p_id, s)] += 1

    x: dict[tuple[int, int, int], cp_model.IntVar] = {}
    work: dict[tuple[int, int], cp_model.IntVar] = {}
    for m in members:
        for t in range(hours):
            here = []
            for p_id in sorted(pools[m.id]):
                if posts[p_id].demand[t] > 0 or (m.id, p_id, t) in pinned:
                    var = model.new_bool_var("")
                    x[(m.id, p_id, t)] = var
                    here.append(var)
                    if (m.id, p_id, t) in pinned:
                        model.add(var == 1)
            if here:
                on = model.new_bool_var("")
                model.add(sum(here) == on)  # one place at a time
                work[(m.id, t)] = on

    def w(m_id: int, t: int) -> Any:  # a variable, or 0 where the member cannot work
        return work.get((m_id, t), 0) if 0 <= t < hours else 0

    for m in members:
        active = [t for t in range(hours) if (m.id, t) in work]
        if not active:
            continue
        for t in range(1, hours):
            # A shift starting at t runs at least min_shift hours (or to the horizon's end).
            span = min(rules.min_shift - 1, hours - 1 - t)
            if span > 0 and (m.id, t) in work:
                model.add(
                    sum(w(m.id, t + k) for k in range(1, span + 1))
                    >= span * (w(m.id, t) - w(m.id, t - 1))
                )
            # A shift ending at t is followed by min_rest hours off.
            rest = min(rules.min_rest - 1, hours - 1 - t)
            if rest > 0 and (m.id, t - 1) in work:
                model.add(
                    sum(w(m.id, t + k) for k in range(1, rest + 1))
                    + rest * (w(m.id, t - 1) - w(m.id, t))
                    <= rest
                )
        for t in range(0, hours - rules.max_shift):
            window = [w(m.id, t + k) for k in range(rules.max_shift + 1)]
            if any(not isinstance(v, int) for v in window):
                model.add(sum(window) <= rules.max_shift)
        by_day: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for t in active:
            by_day[problem.horizon.day(t)].append(work[(m.id, t)])
        for day_vars in by_day.values():
            if len(day_vars) > rules.max_per_day:
                model.add(sum(day_vars) <= rules.max_per_day)
        # A shift stays at one post: working on at t+1 after post p at t means p at t+1.
        for p_id in pools[m.id]:
            for t in range(hours - 1):
                now = x.get((m.id, p_id, t))
                if now is not None and (m.id, t + 1) in work:
                    nxt = x.get((m.id, p_id, t + 1), 0)
                    model.add(now + work[(m.id, t + 1)] - nxt <= 1)

    costs: list[cp_model.LinearExprT] = []
    gaps: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    by_post_slot: dict[tuple[int, int], list[tuple[MemberIn, cp_model.IntVar]]] = defaultdict(list)
    by_member = {m.id: m for m in members}
    for (m_id, p_id, t), var in x.items():
        by_post_slot[(p_id, t)].append((by_member[m_id], var))
    for post in problem.posts:
        for t in range(hours):
            demand = post.demand[t]
            staff = by_post_slot.get((post.id, t), [])
            if demand <= 0:
                continue
            short = model.new_int_var(0, demand, "")
            model.add(sum(v for _m, v in staff) + short >= demand)
            model.add(sum(v for _m, v in staff) <= max(demand, pinned_count[(post.id, t)]))
            gaps[(post.id, t)].append(short)
            for qual, count in problem.skill_need(post, t):
                short_q = model.new_int_var(0, count, "")
                model.add(sum(v for m, v in staff if qual in m.qualifications) + short_q >= count)
                gaps[(post.id, t)].append(short_q)
    costs.append(SHORTFALL * sum(v for vs in gaps.values() for v in vs))

    # Fairness: the busiest member's hours and night hours, pushed down.
    longest = model.new_int_var(0, hours, "longest")
    nights = model.new_int_var(0, hours, "nights")
    for m in members:
        mine = [work[(m.id, t)] for t in range(hours) if (m.id, t) in work]
        if mine:
            model.add(sum(mine) <= longest)
            night = [
                work[(m.id, t)]
                for t in range(hours)
                if (m.id, t) in work and problem.horizon.night(t)
            ]
            if night:
                model.add(sum(night) <= nights)
        unavailable = [work[(m.id, t)] for t in m.unavailable if (m.id, t) in work]
        if unavailable:
            costs.append(UNAVAILABLE * sum(unavailable))
    costs.append(SPREAD * (longest + nights))

    # Keeping units together: each unit that stands at a post costs a little.
    unit_on_post: dict[tuple[int, int], cp_model.IntVar] = {}
    for (m_id, p_id, _t), var in x.items():
        key = (p_id, by_member[m_id].unit_id)
        if key not in unit_on_post:
            unit_on_post[key] = model.new_bool_var("")
        model.add_implication(var, unit_on_post[key])
    costs.append(UNIT_MIX * sum(unit_on_post.values()))
    model.minimize(sum(costs))

    # A complete hint (every variable) so the solver starts from the greedy roster at once.
    hint = {
        (m_id, r.post_id, t)
        for m_id, runs in greedy.items()
        for r in runs
        for t in range(r.start, r.end)
    }
    for x_key, var in x.items():
        model.add_hint(var, x_key in hint)
    busy = {(m_id, t) for m_id, _p, t in hint}
    for slot_key, var in work.items():
        model.add_hint(var, slot_key in busy)
    _needed, _covered, greedy_gaps = evaluate(problem, greedy)
    for (p_id, t), vs in gaps.items():
        lack = greedy_gaps.get((p_id, t), (0, ()))
        model.add_hint(vs[0], lack[0])
        for var, qual_missing in zip(vs[1:], lack[1] or [0] * (len(vs) - 1), strict=True):
            model.add_hint(var, qual_missing)
    model.add_hint(longest, max((sum(r.hours for r in rs) for rs in greedy.values()), default=0))
    model.add_hint(
        nights,
        max(
            (
                sum(1 for t in range(hours) if (m_id, t) in busy and problem.horizon.night(t))
                for m_id in greedy
            ),
            default=0,
        ),
    )
    used = {(p_id, by_member[m_id].unit_id) for m_id, p_id, _t in hint if m_id in by_member}
    for unit_key, var in unit_on_post.items():
        model.add_hint(var, unit_key in used)

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(time_limit)
    solver.parameters.num_workers = workers or max(1, min(8, os.cpu_count() or 1))
    if log is not None:
        log(f"model: {len(x)} assignment variables, {len(members)} members, {len(posts)} posts")
    status = solver.solve(model, _callback(progress))
    name = solver.status_name(status)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    shifts: dict[int, list[Shift]] = dict(greedy)  # the fallback when nothing better was found
    if found:
        shifts = {}
        for (m_id, p_id, t), var in sorted(x.items(), key=lambda item: (item[0][0], item[0][2])):
            if not solver.boolean_value(var):
                continue
            runs = shifts.setdefault(m_id, [])
            last = runs[-1] if runs else None
            if last and last.end == t and last.post_id == p_id:
                runs[-1] = Shift(last.start, t + 1, p_id)
            else:
                runs.append(Shift(t, t + 1, p_id))
    needed, covered, missing = evaluate(problem, shifts)
    gap_counts = {key: head + sum(quals) for key, (head, quals) in missing.items()}
    objective = solver.objective_value if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None
    return Solution(
        status=name,
        objective=objective,
        bound=solver.best_objective_bound if objective is not None else None,
        elapsed=solver.wall_time,
        shifts=shifts,
        needed=needed,
        covered=covered,
        gaps=gap_counts,
    )

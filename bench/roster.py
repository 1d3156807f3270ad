"""Roster optimiser: solve time, objective, bound, gap and coverage.

1. The demo congress (its 15 posts, ~300 members), solved as ``garrison solve_roster`` does.
2. 400 members, 40 posts, 72 hours (target: full coverage within 30 s on 2 cores).
3. 1,500 members, 150 posts, 72 hours: what it reaches in 120 s.
Sizes and limits can be cut for a quick look: ``ROSTER_BENCH_QUICK=1``.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import zoneinfo

from _django import setup

QUICK = os.environ.get("ROSTER_BENCH_QUICK") == "1"


def _print(name: str, solution: object) -> None:
    from garrison.forces.roster.solver import Solution

    assert isinstance(solution, Solution)
    gap = (
        (solution.objective - solution.bound) / solution.objective
        if solution.objective and solution.bound is not None
        else 0.0
    )
    print(
        f"{name}: {solution.status}, {solution.elapsed:.1f} s, coverage "
        f"{100 * solution.coverage:.1f} % ({solution.covered}/{solution.needed} person-hours), "
        f"objective {solution.objective}, bound {solution.bound}, gap {100 * gap:.1f} %"
    )


def generated(members: int, posts: int, limit: float) -> None:
    from garrison.forces.roster.problem import MemberIn, PostIn, Problem
    from garrison.forces.roster.rules import Horizon, Rules
    from garrison.forces.roster.solver import solve

    tz = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    hours = 72
    horizon = Horizon(dt.datetime(2026, 12, 15, tzinfo=tz), hours, tz)
    rng = random.Random(2026)
    people = [
        MemberIn(i, i // 20, frozenset(q for q in range(6) if rng.random() < 0.2))
        for i in range(members)
    ]
    demand_posts = []
    for p in range(posts):
        peak = rng.choice([1, 2, 2, 3, 4])
        day_only = p % 3 == 0  # a third of the posts close at night
        demand = tuple(peak if not day_only or 6 <= t % 24 < 22 else 0 for t in range(hours))
        skills = ((p % 6, 1),) if p % 2 == 0 else ()
        demand_posts.append(PostIn(p, f"Post {p}", demand, skills))
    problem = Problem(horizon, Rules(), people, demand_posts)
    solution = solve(problem, limit, workers=2)
    _print(f"{members} members / {posts} posts / {hours} h, limit {limit:.0f} s", solution)


def demo(limit: float) -> None:
    from django.core.management import call_command

    from garrison.forces.roster.services.data import build_problem
    from garrison.forces.roster.solver import solve

    with open(os.devnull, "w") as quiet:
        call_command("load_demo", "--quiet-qr", "--only", "forces,posts", stdout=quiet)
    from garrison.events.models import Event

    event = Event.objects.get(slug="dai-hoi-2026")
    problem = build_problem(event)
    solution = solve(problem, limit, workers=2)
    _print(
        f"demo congress ({len(problem.members)} members / {len(problem.posts)} posts / "
        f"{problem.horizon.hours} h), limit {limit:.0f} s",
        solution,
    )


if __name__ == "__main__":
    setup()
    demo(10 if QUICK else 30)
    generated(400, 40, 10 if QUICK else 30)
    generated(600 if QUICK else 1500, 60 if QUICK else 150, 20 if QUICK else 120)

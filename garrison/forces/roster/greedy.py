"""A quick first roster, hour by hour, that the optimiser starts from.

Walking forward in time, each post's uncovered need is filled with the candidate who has worked
least and whose schedule, with the new shift added, still keeps every rule (``rules.check``:
the same rules hand edits are held to). When a post's candidates run out it takes
anyone free and adds the post to their candidates (``pools`` is updated in place).
"""

from __future__ import annotations

from collections import defaultdict

from garrison.forces.roster.problem import Problem
from garrison.forces.roster.rules import Shift, check


def _length(demand: tuple[int, ...], t: int, shortest: int, longest: int) -> int:
    run = 0
    while t + run < len(demand) and demand[t + run] > 0:
        run += 1
    length = min(longest, run)
    if 0 < run - length < shortest and run - shortest >= shortest:
        length = run - shortest  # leave enough for the next shift to be a full one
    return max(length, 1)


class _Greedy:
    def __init__(self, problem: Problem, pools: dict[int, set[int]]) -> None:
        self.problem, self.pools = problem, pools
        self.members = {m.id: m for m in problem.members}
        self.shifts: dict[int, list[Shift]] = defaultdict(list)
        self.staffed: dict[tuple[int, int], list[int]] = defaultdict(list)  # (post, slot)
        self.worked: dict[int, int] = defaultdict(int)
        self.pool_of: dict[int, list[int]] = defaultdict(list)
        self.skills_of = {p.id: frozenset(q for q, _n in p.skills) for p in problem.posts}
        for m_id, posts in pools.items():
            for p_id in posts:
                self.pool_of[p_id].append(m_id)
        for pin in problem.pins:
            self.shifts[pin.member_id].append(Shift(pin.start, pin.end, pin.post_id))
            for t in range(max(pin.start, 0), min(pin.end, problem.horizon.hours)):
                self.staffed[(pin.post_id, t)].append(pin.member_id)

    def place(self, m_id: int, shift: Shift) -> bool:
        mine = self.shifts[m_id]
        if any(s.start < shift.end and shift.start < s.end for s in mine):
            return False
        if check([*mine, shift], self.problem.rules, self.problem.horizon):
            return False
        mine.append(shift)
        self.worked[m_id] += shift.hours
        for slot in range(shift.start, shift.end):
            self.staffed[(shift.post_id, slot)].append(m_id)
        if m_id not in self.pool_of[shift.post_id]:
            self.pool_of[shift.post_id].append(m_id)
            self.pools.setdefault(m_id, set()).add(shift.post_id)
        return True

    def fill(self, shift: Shift, qual: int | None, count: int, demand: int) -> None:
        """Add people to the post from ``shift.start`` until ``count`` of them (holding ``qual``
        when given) stand there: its own candidates first, then whoever is free, least worked
        first, who then become candidates of the post."""
        here = self.staffed[(shift.post_id, shift.start)]

        wanted = self.skills_of.get(shift.post_id, frozenset())

        pool = set(self.pool_of[shift.post_id])
        # For a skill, those holding more of the post's skills first (one person can cover two
        # needs), then the post's candidates, then the least worked.
        # For the headcount alone, those with fewest skills first: keep the skilled for skills.
        sign = 1 if qual is None else -1
        ranked = sorted(
            self.members,
            key=lambda m: (
                m not in pool if qual is None else 0,
                sign * len(wanted & self.members[m].qualifications),
                m not in pool,
                self.worked[m],
                m,
            ),
        )

        for m_id in ranked:
            have = sum(1 for m in here if qual is None or qual in self.members[m].qualifications)
            if have >= count or len(here) >= demand:
                return
            if qual is None or qual in self.members[m_id].qualifications:
                self.place(m_id, shift)


def first_roster(problem: Problem, pools: dict[int, set[int]]) -> dict[int, list[Shift]]:
    rules = problem.rules
    state = _Greedy(problem, pools)
    for t in range(problem.horizon.hours):
        for post in problem.posts:
            demand = post.demand[t]
            if demand <= 0:
                continue
            length = _length(post.demand, t, rules.min_shift, rules.max_shift)
            shift = Shift(t, t + length, post.id)
            for qual, count in problem.skill_need(post, t):
                state.fill(shift, qual, count, demand)
            state.fill(shift, None, demand, demand)
    return dict(state.shifts)

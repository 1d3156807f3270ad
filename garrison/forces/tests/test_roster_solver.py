"""The roster rules, the pre-check and the CP-SAT optimiser on plain data (no database)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from garrison.forces.roster.problem import MemberIn, PinIn, PostIn, Problem, precheck
from garrison.forces.roster.rules import Horizon, Rules, Shift, check
from garrison.forces.roster.solver import solve

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
HORIZON = Horizon(dt.datetime(2026, 12, 15, tzinfo=TZ), 48, TZ)
RULES = Rules(min_shift=4, max_shift=8, min_rest=8, max_per_day=12)
ACCESS = 1


def _problem(members: int, access_holders: int, pins: list[PinIn] | None = None) -> Problem:
    people = [
        MemberIn(
            i, unit_id=i // 4, qualifications=frozenset({ACCESS} if i < access_holders else ())
        )
        for i in range(members)
    ]
    door = PostIn(1, "Main-hall door", tuple([2] * 48), ((ACCESS, 1),))
    desk = PostIn(2, "Duty desk", tuple([1] * 48))
    return Problem(HORIZON, RULES, people, [door, desk], pins or [], {ACCESS: "Access control"})


def test_rules_name_every_broken_rule() -> None:
    shifts = [Shift(2, 12, 1), Shift(14, 18, 2), Shift(17, 19, 1)]
    codes = {v.code for v in check(shifts, RULES, HORIZON)}
    assert {"shift_too_long", "rest_too_short", "two_places"} <= codes


def test_rules_accept_a_kept_schedule_and_join_back_to_back_shifts() -> None:
    assert check([Shift(4, 8, 1), Shift(8, 12, 1), Shift(20, 24, 2)], RULES, HORIZON) == []


def test_rules_refuse_too_many_hours_in_a_day() -> None:
    shifts = [Shift(0, 8, 1), Shift(16, 24, 1)]
    assert [v.code for v in check(shifts, Rules(max_per_day=12), HORIZON)] == ["too_many_hours"]


def test_solver_covers_every_post_hour_and_keeps_the_rules() -> None:
    problem = _problem(members=16, access_holders=6)
    solution = solve(problem, time_limit=5, workers=2)
    assert solution.found
    assert solution.coverage == 1.0 and solution.gaps == {}
    for shifts in solution.shifts.values():
        assert check(shifts, RULES, HORIZON) == []
    for t in range(48):
        at_door = [
            m
            for m, ss in solution.shifts.items()
            for s in ss
            if s.post_id == 1 and s.start <= t < s.end
        ]
        assert len(at_door) == 2
        assert any(m < 6 for m in at_door)  # someone with access control
    assert solution.objective is not None and solution.bound is not None
    assert solution.bound <= solution.objective


def test_solver_keeps_pins() -> None:
    pin = PinIn(member_id=9, post_id=2, start=10, end=16)
    # A pin is a hard constraint: any roster found keeps it, the first one will do.
    solution = solve(_problem(16, 6, [pin]), time_limit=0.5, workers=1)
    assert any(s.post_id == 2 and s.start <= 10 and s.end >= 16 for s in solution.shifts[9])


def test_precheck_explains_a_post_and_hour_nobody_qualified_can_cover() -> None:
    problem = _problem(members=16, access_holders=1)
    problem.members[0] = MemberIn(0, 0, frozenset({ACCESS}), unavailable=frozenset(range(2, 6)))
    shortages = precheck(problem)
    assert [(s.post_id, s.start, s.end, s.need, s.free) for s in shortages] == [(1, 2, 6, 1, 0)]
    assert "Main-hall door, 15/12 02:00–06:00: needs 1 with “Access control”" in shortages[0].text


def test_solver_reports_gaps_when_too_few_people() -> None:
    # Short: with too few people no roster is optimal-provable soon. Whatever answers in the
    # time (the solver's roster, or on a loaded machine the greedy one it started from) names
    # its gaps rather than pretending to cover.
    solution = solve(_problem(members=3, access_holders=3), time_limit=0.5, workers=1)
    assert solution.shifts
    assert solution.coverage < 1.0 and solution.gaps
    # Each missing head is a gap (a missing qualification is one more).
    assert sum(solution.gaps.values()) >= solution.needed - solution.covered

"""Between the database and the solver: the event's roster problem and its current shifts.

Saving a solution is a write: ``runs.save_solution``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from garrison.events.models import Event
from garrison.forces.models import (
    Assignment,
    ForceMember,
    Post,
    Qualification,
    Unavailability,
)
from garrison.forces.roster.problem import MemberIn, PinIn, PostIn, Problem
from garrison.forces.roster.rules import Horizon
from garrison.forces.roster.services import horizon_of, rules_for, rules_of


def _slots(horizon: Horizon, starts_at: Any, ends_at: Any) -> range:
    start = max(0, horizon.slot(starts_at))
    # An end part-way through an hour still takes that hour.
    end_seconds = (ends_at - horizon.start).total_seconds()
    end = min(horizon.hours, int(-(-end_seconds // 3600)))
    return range(start, max(start, end))


def build_problem(event: Event) -> Problem:
    settings = rules_for(event)
    horizon = horizon_of(settings, event)
    unavailable: dict[int, set[int]] = defaultdict(set)
    for row in Unavailability.objects.filter(member__event=event):
        unavailable[row.member_id].update(_slots(horizon, row.starts_at, row.ends_at))
    quals: dict[int, set[int]] = defaultdict(set)
    for member_id, qual_id in ForceMember.qualifications.through.objects.filter(
        forcemember__event=event
    ).values_list("forcemember_id", "qualification_id"):
        quals[member_id].add(qual_id)
    members = [
        MemberIn(pk, unit_id, frozenset(quals[pk]), frozenset(unavailable[pk]))
        for pk, unit_id in ForceMember.objects.filter(event=event)
        .order_by("pk")
        .values_list("pk", "unit_id")
    ]
    posts = []
    for post in Post.objects.filter(event=event).prefetch_related("windows", "skills"):
        demand = [0] * horizon.hours
        for window in post.windows.all():
            for slot in _slots(horizon, window.starts_at, window.ends_at):
                demand[slot] += window.headcount
        skills = tuple((s.qualification_id, s.count) for s in post.skills.all())
        posts.append(PostIn(post.pk, f"{post.code} {post.name}", tuple(demand), skills))
    pins = [
        PinIn(a.member_id, a.post_id, horizon.slot(a.starts_at), horizon.slot(a.ends_at))
        for a in Assignment.objects.filter(event=event, pinned=True)
    ]
    names = dict(Qualification.objects.filter(event=event).values_list("pk", "name"))
    return Problem(horizon, rules_of(settings), members, posts, pins, names)


def current_shifts(event: Event, horizon: Horizon) -> dict[int, list[Any]]:
    """The roster as it stands (solved and pinned), as the solver's shifts per member."""
    from garrison.forces.roster.rules import Shift

    shifts: dict[int, list[Shift]] = defaultdict(list)
    for a in Assignment.objects.filter(event=event).only(
        "member_id", "post_id", "starts_at", "ends_at"
    ):
        shifts[a.member_id].append(
            Shift(horizon.slot(a.starts_at), horizon.slot(a.ends_at), a.post_id)
        )
    return dict(shifts)

"""The roster problem as plain data (no database), and the pre-check that explains shortfalls.

The pre-check runs before the optimiser: for every post and hour it counts the members who could
possibly stand there (qualified, not pinned elsewhere, not marked unavailable) and says exactly
where the need is larger, in words a planner can act on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from garrison.forces.roster.rules import Horizon, Rules


@dataclass(frozen=True)
class MemberIn:
    id: int
    unit_id: int
    qualifications: frozenset[int]
    unavailable: frozenset[int] = frozenset()  # slots


@dataclass(frozen=True)
class PostIn:
    id: int
    label: str
    demand: tuple[int, ...]  # headcount per slot
    skills: tuple[tuple[int, int], ...] = ()  # (qualification id, how many)


@dataclass(frozen=True)
class PinIn:
    member_id: int
    post_id: int
    start: int
    end: int


@dataclass
class Problem:
    horizon: Horizon
    rules: Rules
    members: list[MemberIn]
    posts: list[PostIn]
    pins: list[PinIn] = field(default_factory=list)
    qualification_names: dict[int, str] = field(default_factory=dict)

    def skill_need(self, post: PostIn, slot: int) -> list[tuple[int, int]]:
        """(qualification, count) needed at the slot: never more than the headcount then."""
        need = post.demand[slot]
        return [(q, min(n, need)) for q, n in post.skills if need > 0]


@dataclass(frozen=True)
class Shortage:
    post_id: int
    start: int
    end: int
    need: int
    free: int
    qualification: str | None
    text: str

    def as_dict(self) -> dict[str, object]:
        return {
            "post": self.post_id,
            "from": self.start,
            "to": self.end,
            "need": self.need,
            "free": self.free,
            "qualification": self.qualification,
            "text": self.text,
        }


def _describe(
    problem: Problem, post: PostIn, start: int, end: int, need: int, free: int, qual: str | None
) -> str:
    h = problem.horizon
    span = f"{h.label(start)}–{h.at(end).astimezone(h.tz):%H:%M}"
    if qual is None:
        return _("%(post)s, %(span)s: needs %(need)d, only %(free)d member(s) free") % {
            "post": post.label,
            "span": span,
            "need": need,
            "free": free,
        }
    return _(
        "%(post)s, %(span)s: needs %(need)d with “%(q)s”, only %(free)d qualified member(s) free"
    ) % {
        "post": post.label,
        "span": span,
        "need": need,
        "q": qual,
        "free": free,
    }


def precheck(problem: Problem) -> list[Shortage]:
    """Post-hours whose need exceeds the members who could be there, merged into spans.

    Counts are per post on its own (other posts compete for the same people, which only the
    optimiser can weigh); a shortage here means no roster can cover that post then.
    """
    hours = problem.horizon.hours
    pinned_at: dict[int, dict[int, int]] = {}  # slot -> member -> post
    for pin in problem.pins:
        for slot in range(max(pin.start, 0), min(pin.end, hours)):
            pinned_at.setdefault(slot, {})[pin.member_id] = pin.post_id
    shortages: list[Shortage] = []
    for post in problem.posts:
        quals: list[int | None] = [None, *[q for q, _n in post.skills]]
        for qual in quals:
            run: tuple[int, int, int] | None = None  # start, need, free
            for slot in range(hours + 1):
                gap: tuple[int, int] | None = None
                if slot < hours and post.demand[slot] > 0:
                    need = post.demand[slot]
                    if qual is not None:
                        need = dict(problem.skill_need(post, slot)).get(qual, 0)
                    pins = pinned_at.get(slot, {})
                    free = sum(
                        1
                        for m in problem.members
                        if (qual is None or qual in m.qualifications)
                        and slot not in m.unavailable
                        and pins.get(m.id, post.id) == post.id
                    )
                    if free < need:
                        gap = (need, free)
                if run is not None and (gap is None or gap != run[1:]):
                    name = problem.qualification_names.get(qual, "") if qual else None
                    text = _describe(problem, post, run[0], slot, run[1], run[2], name)
                    shortages.append(Shortage(post.id, run[0], slot, run[1], run[2], name, text))
                    run = None
                if gap is not None and run is None:
                    run = (slot, *gap)
    return shortages

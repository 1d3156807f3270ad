"""The roster as a duty officer reads it: a post × hour grid per day, and each person's shifts.

A cell is one post in one local hour of the day. Its need is the post's headcount then (the sum
of its windows, as ``services.data.build_problem`` gives the solver); a cell holding fewer
people than that is a gap. Coverage is counted over everyone on the post, but a unit-scoped
viewer sees only the names of their subtree (and their own): the others are a bare count, so a
gap never looks bigger than it is and no name leaks outside the scope.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from garrison.events.models import Event
from garrison.forces.models import Assignment, ForceMember, Post, PostWindow

HOUR = dt.timedelta(hours=1)


@dataclass
class Person:
    """A member named in the grid: ``label`` (initials, unique within the day) in the cells."""

    member: ForceMember
    label: str = ""
    shifts: list[Assignment] = field(default_factory=list)


@dataclass
class Cell:
    hour: dt.datetime  # local start of the hour
    need: int = 0
    people: list[Person] = field(default_factory=list)
    hidden: int = 0  # people outside the viewer's scope

    @property
    def staffed(self) -> int:
        return len(self.people) + self.hidden

    @property
    def shortfall(self) -> int:
        return max(0, self.need - self.staffed)


@dataclass
class Row:
    post: Post
    cells: list[Cell]

    @property
    def gaps(self) -> int:
        return sum(1 for cell in self.cells if cell.shortfall)


@dataclass
class Group:
    title: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class DayGrid:
    day: dt.date
    hours: list[dt.datetime]  # the local start of each hour of the day (23 to 25 of them)
    groups: list[Group]
    people: list[Person]  # the visible people on duty that day, by name

    @property
    def gap_hours(self) -> int:
        return sum(row.gaps for group in self.groups for row in group.rows)

    @property
    def missing(self) -> int:
        """Person-hours short over the day."""
        return sum(c.shortfall for g in self.groups for r in g.rows for c in r.cells)


def event_days(event: Event) -> list[dt.date]:
    count = (event.ends_on - event.starts_on).days + 1
    return [event.starts_on + dt.timedelta(days=n) for n in range(count)]


def day_hours(day: dt.date, tz: dt.tzinfo) -> list[dt.datetime]:
    """The day's hours in zone ``tz``, stepped in absolute time (a DST day has 23 or 25)."""
    moment = dt.datetime.combine(day, dt.time(), tzinfo=tz).astimezone(dt.UTC)
    hours = []
    while (local := moment.astimezone(tz)).date() == day:
        hours.append(local)
        moment += HOUR
    return hours


def initials(full_name: str) -> str:
    return "".join(word[0] for word in full_name.split() if word).upper() or "?"


def label_people(people: Iterable[Person]) -> None:
    """Initials, numbered when two people of the day share them (NVA, NVA2)."""
    seen: dict[str, int] = defaultdict(int)
    for person in people:
        base = initials(person.member.full_name)
        seen[base] += 1
        person.label = base if seen[base] == 1 else f"{base}{seen[base]}"


def _group_title(post: Post) -> str:
    if post.site is None:
        return _("No site")
    return f"{post.site.name} · {post.zone.name}" if post.zone else post.site.name


def _overlaps(start: dt.datetime, end: dt.datetime, hour: dt.datetime) -> bool:
    return start < hour + HOUR and end > hour


def build_day(event: Event, day: dt.date, visible: frozenset[int] | None) -> DayGrid:
    """The grid of ``day``; ``visible`` is the member ids the viewer may name (None: all)."""
    hours = day_hours(day, event.tzinfo)
    start, end = hours[0], hours[-1] + HOUR
    windows = PostWindow.objects.filter(starts_at__lt=end, ends_at__gt=start)
    posts = (
        Post.objects.filter(event=event)
        .select_related("site", "zone")
        .prefetch_related(Prefetch("windows", queryset=windows))
    )
    shifts = (
        Assignment.objects.filter(event=event, starts_at__lt=end, ends_at__gt=start)
        .select_related("member__unit", "post")
        .order_by("starts_at", "post__code")
    )
    people: dict[int, Person] = {}
    by_post: dict[int, list[Assignment]] = defaultdict(list)
    for shift in shifts:
        by_post[shift.post_id].append(shift)
        if visible is None or shift.member_id in visible:
            person = people.setdefault(shift.member_id, Person(shift.member))
            person.shifts.append(shift)
    ordered = sorted(people.values(), key=lambda p: (p.member.full_name, p.member.pk))
    label_people(ordered)

    groups: dict[str, Group] = {}
    keyed = sorted(
        posts,
        key=lambda p: (p.site is None, p.site.name if p.site else "", str(p.zone or ""), p.code),
    )
    for post in keyed:
        cells = []
        for hour in hours:
            cell = Cell(
                hour,
                sum(
                    w.headcount
                    for w in post.windows.all()
                    if _overlaps(w.starts_at, w.ends_at, hour)
                ),
            )
            for shift in by_post[post.pk]:
                if _overlaps(shift.starts_at, shift.ends_at, hour):
                    if shift.member_id in people:
                        cell.people.append(people[shift.member_id])
                    else:
                        cell.hidden += 1
            cells.append(cell)
        if any(cell.need or cell.staffed for cell in cells):
            title = _group_title(post)
            groups.setdefault(title, Group(title)).rows.append(Row(post, cells))
    return DayGrid(day, hours, list(groups.values()), ordered)


def people_shifts(event: Event, members: Iterable[ForceMember]) -> list[Person]:
    """Each member's shifts across the event, members with none left out."""
    people = {m.pk: Person(m) for m in members}
    shifts = (
        Assignment.objects.filter(event=event, member_id__in=list(people))
        .select_related("post__site")
        .order_by("starts_at")
    )
    for shift in shifts:
        people[shift.member_id].shifts.append(shift)
    return [p for p in people.values() if p.shifts]

"""The roster as a duty officer reads it: the day's post × hour grid, gaps in red, and each
person's shifts, each viewer seeing the names of their own scope only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Membership, Role, User
from garrison.conftest import make_member
from garrison.events.models import Event
from garrison.forces.models import ForceMember, Post
from garrison.forces.posts import services as post_services
from garrison.forces.roster import grid
from garrison.forces.roster import services as roster_services
from garrison.forces.tests.conftest import Tree

ClientFor = Callable[[User], Client]


class _Grid(HTMLParser):
    """(post code, local hour "HH:MM") → (the cell's class, its text) from the grid's table."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[tuple[str, str], tuple[str, str]] = {}
        self._post = ""
        self._cell: tuple[str, str] | None = None
        self._class = ""
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "tr" and found.get("data-post"):
            self._post = found["data-post"] or ""
        if tag == "td" and found.get("data-hour"):
            self._cell = (self._post, found["data-hour"] or "")
            self._class, self._text = found.get("class") or "", []

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.cells[self._cell] = (self._class, " ".join("".join(self._text).split()))
            self._cell = None


def _cells(html: str) -> dict[tuple[str, str], tuple[str, str]]:
    parser = _Grid()
    parser.feed(html)
    return parser.cells


@dataclass
class Roster:
    event: Event
    door: Post
    day: dt.date


def _local(event: Event, day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=event.tzinfo)


@pytest.fixture
def roster(planning: Membership, tree: Tree) -> Roster:
    """The door needs two people 08:00–12:00 on the first day; An (team A) stands there alone,
    and Bình (fire brigade) stands at the desk 08:00–12:00."""
    event = planning.event
    day = event.starts_on
    start, end = _local(event, day, 8), _local(event, day, 12)
    door = post_services.save_post(
        planning,
        post_services.PostData(
            "Main-hall door", "DOOR", windows=[post_services.WindowData(start, end, 2)]
        ),
    )
    desk = post_services.save_post(
        planning,
        post_services.PostData(
            "Duty desk", "DESK", windows=[post_services.WindowData(start, end, 1)]
        ),
    )
    roster_services.assign(planning, door, tree.patrol_a, start, end)
    roster_services.assign(planning, desk, tree.firefighter, start, end)
    return Roster(event, door, day)


def _page(client: Client, event: Event, name: str = "forces:roster", **query: str) -> str:
    response = client.get(reverse(name, kwargs={"event": event.slug}), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_grid_shows_the_gap_in_red_and_the_person_in_their_hours(
    roster: Roster, planner: User, client_for: ClientFor
) -> None:
    html = _page(client_for(planner), roster.event)
    cells = _cells(html)
    # The event's days are 24 local hours (Asia/Ho_Chi_Minh, no DST), from 00:00 to 23:00.
    assert sorted({hour for _post, hour in cells}) == [f"{h:02d}:00" for h in range(24)]
    # 08:00–12:00 local: An is there alone, one short of the two needed.
    for hour in ("08:00", "09:00", "10:00", "11:00"):
        assert cells[("DOOR", hour)] == ("gap", "NVA −1")
        assert cells[("DESK", hour)] == ("", "TVB")
    assert cells[("DOOR", "07:00")] == ("off", "")
    assert cells[("DOOR", "12:00")] == ("off", "")
    assert 'title="1 more person needed"' in html
    assert '<abbr title="Nguyễn Văn An">NVA</abbr>' in html
    assert "4 post-hours short of people (4 person-hours missing)" in html
    # The solver's figures are behind "details", not in the main view.
    details = html.index("<details")
    assert html.index('id="roster-run"') > details
    assert html.index('class="roster-grid"') < details
    # Printable: the print header names the event, the day and when it was printed.
    assert f"{roster.event.name}</strong> · Roster · " in html
    assert "Printed" in html


def test_the_grid_counts_hours_in_the_event_time_zone(
    roster: Roster, planner: User, client_for: ClientFor
) -> None:
    # The shift starts at 01:00 UTC, which is 08:00 in Ho Chi Minh City: the 08 column.
    shift = roster.door.assignments.get()
    assert shift.starts_at.astimezone(dt.UTC).hour == 1
    days = grid.build_day(roster.event, roster.day, None)
    door = next(r for g in days.groups for r in g.rows if r.post == roster.door)
    assert [c.hour.hour for c in door.cells if c.people] == [8, 9, 10, 11]
    # A day with a clock change has 23 or 25 hours.
    assert len(grid.day_hours(dt.date(2026, 3, 29), dt.UTC)) == 24
    assert len(grid.day_hours(dt.date(2026, 3, 29), ZoneInfo("Europe/Paris"))) == 23


def test_the_day_list_and_the_event_list_show_each_persons_shifts(
    roster: Roster, planner: User, client_for: ClientFor
) -> None:
    client = client_for(planner)
    html = _page(client, roster.event)
    people = html[html.index("On duty this day") :]
    assert "Nguyễn Văn An" in people and "08:00–12:00 · DOOR" in people
    assert "Trần Văn Bình" in people and "08:00–12:00 · DESK" in people
    everyone = _page(client, roster.event, "forces:roster_people")
    first = roster.day.strftime("%d/%m")
    assert f"{first} 08:00–12:00 · DOOR Main-hall door" in everyone
    assert "PA · Patrol team A" in everyone and "FIRE · Fire brigade" in everyone


def test_the_day_picker_lists_the_event_days_and_refuses_others(
    roster: Roster, planner: User, client_for: ClientFor
) -> None:
    client = client_for(planner)
    html = _page(client, roster.event)
    for day in grid.event_days(roster.event):
        assert f'href="?day={day:%Y-%m-%d}"' in html
    second = roster.day + dt.timedelta(days=1)
    quiet = _page(client, roster.event, day=second.isoformat())
    assert "No post needs anyone this day" in quiet
    url = reverse("forces:roster", kwargs={"event": roster.event.slug})
    assert client.get(url, {"day": "2020-01-01"}).status_code == 404
    assert client.get(url, {"day": "tomorrow"}).status_code == 404


def test_a_unit_commander_reads_only_their_subtrees_names(
    roster: Roster, police_commander: User, client_for: ClientFor
) -> None:
    client = client_for(police_commander)
    html = _page(client, roster.event)
    cells = _cells(html)
    assert cells[("DOOR", "09:00")] == ("gap", "NVA −1")
    # The fire brigade's member is counted (the desk is covered) but not named.
    assert cells[("DESK", "09:00")] == ("", "+1")
    assert "Trần Văn Bình" not in html
    everyone = _page(client, roster.event, "forces:roster_people")
    assert "Nguyễn Văn An" in everyone and "Trần Văn Bình" not in everyone


def test_a_field_officer_sees_their_own_shifts_even_outside_their_unit(
    roster: Roster, tree: Tree, event: Event, client_for: ClientFor
) -> None:
    officer = make_member(event, Role.FIELD_OFFICER, username="officer-b", unit_id=tree.team_b.pk)
    tree.firefighter.user = officer
    tree.firefighter.save()
    client = client_for(officer)
    html = _page(client, roster.event)
    assert _cells(html)[("DESK", "09:00")] == ("", "TVB")
    assert _cells(html)[("DOOR", "09:00")] == ("gap", "+1 −1")
    assert "Nguyễn Văn An" not in html
    everyone = _page(client, roster.event, "forces:roster_people")
    assert "Trần Văn Bình" in everyone and "Nguyễn Văn An" not in everyone


def test_another_events_user_gets_404(
    roster: Roster, other_event: Event, client_for: ClientFor
) -> None:
    stranger = make_member(other_event, Role.COMMANDER, username="other-commander")
    for name in ("forces:roster", "forces:roster_people"):
        url = reverse(name, kwargs={"event": roster.event.slug})
        assert client_for(stranger).get(url).status_code == 404


def test_initials_are_numbered_when_two_people_share_them() -> None:
    people = [grid.Person(ForceMember(full_name=n)) for n in ("Lê Văn An", "Lý Văn Anh", "Hà")]
    grid.label_people(people)
    assert [p.label for p in people] == ["LVA", "LVA2", "H"]

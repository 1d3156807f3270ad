"""The dashboard at a glance: each domain app's card (registered through core.glance) counts the
right rows, scoped to a unit commander's subtree where the data is, links to its list, stays
cheap in queries, and names the live events that draw it again."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from garrison.accounts.models import Membership, Role, User
from garrison.checkin.glance import occupancy_card
from garrison.checkin.models import Presence
from garrison.conftest import make_member
from garrison.core.glance import ALERT, WARN, GlanceCard, glances_for
from garrison.events.models import Event, Site, SiteKind, Zone
from garrison.forces.glance import coverage_card
from garrison.forces.models import Assignment, ForceMember, Post, PostWindow, Unit
from garrison.ops.glance import incidents_card
from garrison.ops.models import Status
from garrison.ops.tests.factories import make_incident, make_unit
from garrison.planning.glance import tasks_card
from garrison.planning.tasks.models import Task, TaskStatus
from garrison.traffic.glance import closures_card
from garrison.traffic.models import Closure, ClosureSource, RoadNetwork

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[105.84, 21.02], [105.85, 21.02], [105.85, 21.03], [105.84, 21.02]]],
}


@dataclass
class Scene:
    event: Event
    commander: Membership
    unit_commander: Membership
    team: Unit
    fire: Unit


def _member(event: Event, unit: Unit, name: str) -> ForceMember:
    return ForceMember.objects.create(event=event, unit=unit, full_name=name)


def _shift(event: Event, post: Post, member: ForceMember, start: dt.datetime) -> None:
    Assignment.objects.create(
        event=event,
        post=post,
        member=member,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=8),
    )


@pytest.fixture
def scene(event: Event, members: dict[str, User]) -> Scene:
    now = timezone.now()
    hour = now.replace(minute=0, second=0, microsecond=0)
    police = make_unit(event)
    team = make_unit(event, police)
    fire = make_unit(event, type="fire")
    boss = make_member(event, Role.UNIT_COMMANDER, "team-boss", unit_id=team.pk)
    # Incidents: a critical one waiting five minutes (reported by the team), a high one with a
    # unit at work, a medium one just in, a closed one.
    make_incident(event, severity=1, received_at=now - dt.timedelta(minutes=5), reporting_unit=team)
    make_incident(event, severity=2, status=Status.DISPATCHED)
    make_incident(event, severity=3, received_at=now - dt.timedelta(seconds=30))
    make_incident(event, severity=4, status=Status.CLOSED)
    # Tasks: two past their deadline (one the team's), one due tomorrow, one late but done.
    for unit, deadline, status in (
        (team, now - dt.timedelta(days=1), TaskStatus.OPEN),
        (fire, now - dt.timedelta(hours=2), TaskStatus.IN_PROGRESS),
        (team, now + dt.timedelta(days=1), TaskStatus.OPEN),
        (fire, now - dt.timedelta(days=2), TaskStatus.DONE),
    ):
        Task.objects.create(event=event, title="T", unit=unit, deadline=deadline, status=status)
    # Zones: the hall nearly full (9 of 10), the yard without a capacity.
    site = Site.objects.create(
        event=event, name="Hall", kind=SiteKind.VENUE, lat=21.02, lon=105.84, polygon=SQUARE
    )
    hall, yard = (
        Zone.objects.create(
            event=event,
            site=site,
            code=code,
            name=code.title(),
            polygon=SQUARE,
            access_level="controlled",
            capacity=capacity,
        )
        for code, capacity in (("HALL", 10), ("YARD", None))
    )
    Presence.objects.bulk_create(
        [Presence(event=event, zone=hall, serial=n, inside=True) for n in range(9)]
        + [Presence(event=event, zone=yard, serial=n, inside=True) for n in range(3)]
        + [Presence(event=event, zone=yard, serial=99, inside=False)]
    )
    # Posts: the door needs two now and has one (the team's); the desk needs one and has it.
    door = Post.objects.create(event=event, name="Door", code="DOOR")
    desk = Post.objects.create(event=event, name="Desk", code="DESK")
    for post, headcount in ((door, 2), (desk, 1)):
        PostWindow.objects.create(
            post=post, starts_at=hour, ends_at=hour + dt.timedelta(hours=4), headcount=headcount
        )
    _shift(event, door, _member(event, team, "A"), hour - dt.timedelta(hours=1))
    _shift(event, desk, _member(event, fire, "B"), hour - dt.timedelta(hours=1))
    _shift(event, door, _member(event, fire, "C"), hour + dt.timedelta(hours=8))  # later
    # Closures: one now, one in two hours, one over.
    network = RoadNetwork.objects.create(
        event=event,
        name="roads",
        source="roads.osm",
        imported_at=now,
        min_lat=21.0,
        min_lon=105.8,
        max_lat=21.1,
        max_lon=105.9,
    )
    for start in (-1, 2, -5):
        begins = now + dt.timedelta(hours=start)
        Closure.objects.create(
            event=event,
            network=network,
            source=ClosureSource.HAND,
            street="Tràng Tiền",
            starts_at=begins,
            ends_at=begins + dt.timedelta(hours=2),
        )
    return Scene(
        event=event,
        commander=Membership.objects.get(user=members[Role.COMMANDER], event=event),
        unit_commander=Membership.objects.get(user=boss, event=event),
        team=team,
        fire=fire,
    )


def _lines(card: GlanceCard) -> dict[str, tuple[str, str]]:
    return {str(line.label): (line.value, line.level) for line in card.lines}


def test_the_incidents_card_counts_open_reports_by_severity_and_the_longest_wait(
    scene: Scene,
) -> None:
    card = incidents_card(scene.event, scene.commander)
    assert card.figure == "3"
    lines = _lines(card)
    assert lines["1 · Critical"] == ("1", WARN)
    assert lines["2 · High"] == ("1", WARN)
    assert lines["3 · Medium"][0] == "1" and lines["4 · Low"][0] == "0"
    # Five minutes against the one-minute call-processing target.
    assert lines["Longest wait"] == ("5 min 00 s (target 1 min 00 s)", ALERT)
    assert card.level == ALERT
    assert card.url == reverse("ops:incidents", kwargs={"event": scene.event.slug})

    mine = incidents_card(scene.event, scene.unit_commander)
    assert mine.figure == "1"  # only the report the team made
    assert _lines(mine)["2 · High"][0] == "0"


def test_the_tasks_card_counts_the_overdue_and_the_due_soon_in_the_viewers_scope(
    scene: Scene,
) -> None:
    card = tasks_card(scene.event, scene.commander)
    assert (card.figure, card.level) == ("2", ALERT)
    assert _lines(card)["Due in the next 48 hours"] == ("1", WARN)
    assert card.url.endswith("?view=overdue")
    assert tasks_card(scene.event, scene.unit_commander).figure == "1"


def test_the_occupancy_card_sets_who_is_inside_against_each_zones_capacity(scene: Scene) -> None:
    card = occupancy_card(scene.event, scene.commander)
    assert card.figure == "12"
    assert card.caption == "inside now of 10"
    lines = _lines(card)
    assert lines["HALL Hall"] == ("9 / 10", WARN)
    assert lines["YARD Yard"] == ("3", "")
    assert card.level == WARN
    assert card.url == reverse("checkin:occupancy", kwargs={"event": scene.event.slug})


def test_the_coverage_card_sets_people_on_post_now_against_the_headcount(scene: Scene) -> None:
    card = coverage_card(scene.event, scene.commander)
    assert (card.figure, card.level) == ("2 / 3", ALERT)
    lines = _lines(card)
    assert lines["Posts needing people now"][0] == "2"
    assert lines["Posts short"] == ("1", ALERT)
    assert lines["DOOR"] == ("1 / 2", ALERT)
    # A unit commander answers for their own people, not for the event's posts.
    mine = coverage_card(scene.event, scene.unit_commander)
    assert (mine.figure, mine.lines) == ("1", ())


def test_the_closures_card_counts_the_roads_closed_now_and_closing_today(scene: Scene) -> None:
    card = closures_card(scene.event, scene.commander)
    assert (card.figure, card.level) == ("1", WARN)
    assert _lines(card)["Closing in the next 24 hours"][0] == "1"
    assert card.url == reverse("traffic:closures", kwargs={"event": scene.event.slug})


def test_the_dashboard_draws_every_card_with_its_links_and_live_hooks_in_few_queries(
    scene: Scene,
    members: dict[str, User],
    client_for: Callable[[User], Client],
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(members[Role.COMMANDER])
    url = reverse("events:dashboard", kwargs={"event": scene.event.slug})
    client.get(url)  # warm the session and the caches
    # The page without the cards makes 13 (session, user, membership, sites, zones, map…); the
    # five cards 9 between them, whatever the number of rows.
    with django_assert_max_num_queries(22):
        page = client.get(url).content.decode()
    slug = {"event": scene.event.slug}
    for name in ("incidents", "tasks", "occupancy", "coverage", "closures"):
        assert f'data-testid="glance-{name}"' in page
        card_url = reverse("events:dashboard_glance", kwargs={**slug, "name": name})
        assert f'data-glance-url="{card_url}"' in page
    for link in (
        reverse("ops:incidents", kwargs=slug),
        reverse("ops:queue", kwargs=slug),
        reverse("planning:tasks", kwargs=slug) + "?view=overdue",
        reverse("checkin:occupancy", kwargs=slug),
        reverse("forces:roster", kwargs=slug),
        reverse("traffic:closures", kwargs=slug),
    ):
        assert f'href="{link}"' in page, link
    hooks = dict(re.findall(r'id="glance-(\w+)"[^>]*?data-glance-live="([^"]*)"', page, re.S))
    assert hooks["incidents"] == "ops.incident. ops.timer."
    assert hooks["occupancy"].startswith("checkin.scans.")
    assert "events/live.js" in page
    script = (Path(__file__).resolve().parents[1] / "static" / "events" / "live.js").read_text()
    assert "[data-glance-live]" in script and "refreshCard" in script


def test_one_card_is_drawn_alone_for_the_live_refresh_and_an_unknown_one_is_404(
    scene: Scene, members: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    client = client_for(members[Role.UNIT_COMMANDER])
    slug = {"event": scene.event.slug}
    card = client.get(reverse("events:dashboard_glance", kwargs={**slug, "name": "tasks"}))
    assert card.status_code == 200
    html = card.content.decode()
    assert html.lstrip().startswith('<section class="card glance')
    assert "<html" not in html
    missing = client.get(reverse("events:dashboard_glance", kwargs={**slug, "name": "nothing"}))
    assert missing.status_code == 404


def test_every_role_sees_the_cards_in_order() -> None:
    names = [glance.name for glance in glances_for(Role.VIEWER)]
    assert names[:5] == ["incidents", "tasks", "occupancy", "coverage", "closures"]

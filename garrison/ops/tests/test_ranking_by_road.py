"""Dispatch by road: units ranked by travel time to the incident, closures in force now."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from garrison.accounts.models import Role, User
from garrison.events.models import Event, Site
from garrison.forces.models import Assignment as Shift
from garrison.forces.models import ForceMember, Post
from garrison.ops.dispatch.ranking import ROAD, haversine_m, rank_units
from garrison.ops.tests.factories import make_incident, make_unit
from garrison.traffic.models import Closure
from garrison.traffic.routing.services import import_network
from garrison.traffic.routing.travel import travel_time
from garrison.traffic.tests.fixtures import node_position, write_osm
from garrison.traffic.tests.hanoi import hanoi_network

# Found on the Hanoi extract: near the incident as the crow flies, but the one-way streets round
# it send the nearer unit the long way (about 230 m away, over four minutes by road); the other
# is twice as far (about 450 m) and arrives in a minute and a half.
INCIDENT = (21.03226, 105.85043)
NEAR_BUT_SLOW = (21.03031, 105.85111)
FAR_BUT_FAST = (21.03610, 105.84899)


def test_on_hanoi_the_unit_that_arrives_first_ranks_first(event: Event) -> None:
    hanoi_network(event)
    slow = make_unit(event, lat=NEAR_BUT_SLOW[0], lon=NEAR_BUT_SLOW[1])
    fast = make_unit(event, lat=FAR_BUT_FAST[0], lon=FAR_BUT_FAST[1])
    assert haversine_m(INCIDENT, NEAR_BUT_SLOW) < haversine_m(INCIDENT, FAR_BUT_FAST) / 1.5
    slow_s = travel_time(NEAR_BUT_SLOW, INCIDENT, timezone.now(), event=event)
    fast_s = travel_time(FAR_BUT_FAST, INCIDENT, timezone.now(), event=event)
    assert fast_s * 2 < slow_s
    ranked = rank_units(make_incident(event, lat=INCIDENT[0], lon=INCIDENT[1]))
    assert [r.unit for r in ranked] == [fast, slow]
    assert all(r.basis == ROAD for r in ranked)
    assert ranked[0].cost == pytest.approx(fast_s) and ranked[1].cost == pytest.approx(slow_s)
    assert ranked[0].eta_minutes == 2 and ranked[1].eta_minutes == 5
    # The road distance, not the straight line.
    assert ranked[0].metres is not None and ranked[0].metres > haversine_m(INCIDENT, FAR_BUT_FAST)


def test_a_closure_in_force_now_sends_the_nearer_unit_below(
    event: Event, tmp_path: Path, members: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    network = import_network(event, write_osm(tmp_path))
    at_2 = make_unit(event, lat=node_position(2)[0], lon=node_position(2)[1])
    at_7 = make_unit(event, lat=node_position(7)[0], lon=node_position(7)[1])
    incident = make_incident(event, lat=node_position(1)[0], lon=node_position(1)[1])
    assert [r.unit for r in rank_units(incident)] == [at_2, at_7]
    # Main A closed between 1 and 2 from a minute ago: the unit at 2 goes round by 5 and 4.
    now = timezone.now()
    Closure.objects.create(
        event=event,
        network=network,
        source="hand",
        segments=[[100, 1, 2], [100, 2, 1]],
        starts_at=now - dt.timedelta(minutes=1),
        ends_at=now + dt.timedelta(hours=1),
    )
    ranked = rank_units(incident)
    assert [r.unit for r in ranked] == [at_7, at_2]
    page = client_for(members[Role.DUTY_OFFICER]).get(
        reverse("ops:incident", kwargs={"event": event.slug, "pk": incident.pk})
    )
    html = page.content.decode()
    assert "travel time by road, with the closures in force now" in html
    assert f"ETA {ranked[0].eta_minutes} min" in html and "m by road" in html


def test_without_a_network_the_page_says_the_ranking_is_straight_line(
    event: Event, members: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    make_unit(event)
    incident = make_incident(event)
    ranked = rank_units(incident)
    assert ranked and not ranked[0].by_road and ranked[0].unit_of_cost == "m"
    page = client_for(members[Role.DUTY_OFFICER]).get(
        reverse("ops:incident", kwargs={"event": event.slug, "pk": incident.pk})
    )
    html = page.content.decode()
    assert "nearest first in a straight line" in html and "in a straight line" in html
    assert "ETA" not in html


def test_a_unit_without_a_position_starts_from_the_site_of_its_post_on_shift_now(
    event: Event, tmp_path: Path
) -> None:
    import_network(event, write_osm(tmp_path))
    lat, lon = node_position(9)
    gate = Site.objects.create(event=event, name="Gate 9", kind="venue", lat=lat, lon=lon)
    on_post = make_unit(event, lat=None, lon=None)
    nowhere = make_unit(event, lat=None, lon=None)
    post = Post.objects.create(event=event, name="Gate", code="G9", site=gate)
    now = timezone.now()
    for unit, hours in ((on_post, 0), (nowhere, 5)):  # the second one's shift starts later
        member = ForceMember.objects.create(event=event, unit=unit, full_name=f"M {unit.code}")
        Shift.objects.create(
            event=event,
            post=post,
            member=member,
            starts_at=now + dt.timedelta(hours=hours - 1),
            ends_at=now + dt.timedelta(hours=hours + 4),
        )
    incident = make_incident(event, lat=node_position(8)[0], lon=node_position(8)[1])
    ranked = rank_units(incident)
    assert [r.unit for r in ranked] == [on_post, nowhere]
    assert ranked[0].by_road and ranked[0].metres == pytest.approx(104, abs=3)
    assert ranked[1].cost is None  # position unknown

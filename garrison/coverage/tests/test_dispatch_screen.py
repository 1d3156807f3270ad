""" "Coverage lost if this team is dispatched" on the incident's dispatch list: a unit based at a
position of the latest placement points at that position's answer."""

from __future__ import annotations

from collections.abc import Callable
from html import unescape
from pathlib import Path

from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Membership, Role, User
from garrison.coverage.services import save_placement
from garrison.coverage.tests.fixtures import grid_event
from garrison.events.models import Event
from garrison.ops.tests.factories import make_incident, make_unit


def test_a_unit_based_at_a_placed_position_shows_what_its_dispatch_costs(
    event: Event,
    tmp_path: Path,
    members: dict[str, User],
    membership_of: Callable[[User, Event], Membership],
    client_for: Callable[[User], Client],
) -> None:
    sites = grid_event(event, tmp_path)
    placement = save_placement(
        membership_of(members[Role.PLANNER], event),
        name="Day 1",
        model="max-cover",
        teams=1,
        target_s=30,
    )
    placed = make_unit(event)
    placed.base_site_id = int(placement.chosen[0])
    placed.save(update_fields=["base_site"])
    elsewhere = make_unit(event)
    elsewhere.base_site = next(s for s in sites.values() if str(s.pk) not in placement.chosen)
    elsewhere.save(update_fields=["base_site"])
    incident = make_incident(event)
    desk = client_for(members[Role.DISPATCHER])
    page = desk.get(
        reverse("ops:incident", kwargs={"event": event.slug, "pk": incident.pk})
    ).content.decode()
    assert "coverage/lost.js" in page
    url = reverse("coverage:lost", kwargs={"event": event.slug, "site": placement.chosen[0]})
    assert page.count("data-coverage-lost=") == 2  # both are based at sites...
    assert f'data-coverage-lost="{url}"' in page
    answer = desk.get(url).json()
    assert unescape(answer["text"]).startswith("coverage lost if dispatched: ")
    assert answer["lost_share"] == answer["covered_share"] > 0  # a lone team takes it all
    other = reverse(
        "coverage:lost", kwargs={"event": event.slug, "site": str(elsewhere.base_site_id)}
    )
    assert desk.get(other).status_code == 404  # ...only one stands at a placed position

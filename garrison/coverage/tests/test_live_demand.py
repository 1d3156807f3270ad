"""A placement solved again when the live crowd moves its demand: kept as a live suggestion
beside the saved placement, which stays as saved."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from garrison.accounts.models import Membership, User
from garrison.audit.models import Entry
from garrison.coverage.live_demand.services import check_live_demand, moved
from garrison.coverage.models import LiveSuggestion, Placement
from garrison.coverage.services import save_placement
from garrison.coverage.tests.fixtures import grid_event
from garrison.events.models import Event, Site, Zone
from garrison.sensors.models import ZoneOccupancy


@pytest.fixture
def placed(
    event: Event,
    tmp_path: Path,
    planner: User,
    membership_of: Callable[[User, Event], Membership],
) -> tuple[Placement, dict[str, Site]]:
    sites = grid_event(event, tmp_path)
    placement = save_placement(
        membership_of(planner, event), name="Day 1", model="max-cover", teams=1, target_s=30
    )
    assert placement.chosen == [str(sites["n1"].pk)]  # where the planned crowd is
    return placement, sites


def _count(event: Event, code: str, people: int) -> None:
    zone = Zone.objects.get(event=event, code=code)
    ZoneOccupancy.objects.update_or_create(
        zone=zone,
        defaults={"event": event, "occupancy": people, "anchor": people, "updated": timezone.now()},
    )


def test_a_shift_of_a_quarter_and_twenty_people_moves_the_demand() -> None:
    basis = {"z1": 500.0, "z2": 40.0, "z3": 10.0}
    assert moved(basis, {"z1": 600.0, "z2": 40.0, "z3": 10.0}) == []  # +20 %
    assert moved(basis, {"z1": 500.0, "z2": 61.0, "z3": 25.0}) == [
        {"key": "z2", "saved": 40.0, "live": 61.0}  # z3: +150 %, but only 15 people
    ]


def test_a_crowd_elsewhere_is_solved_again_beside_the_saved_placement(
    event: Event,
    placed: tuple[Placement, dict[str, Site]],
    viewer: User,
    client_for: Callable[[User], Client],
    django_capture_on_commit_callbacks: Any,
) -> None:
    placement, sites = placed
    _count(event, "Z1", 480)  # about as planned
    with django_capture_on_commit_callbacks(execute=True):
        assert check_live_demand() == 0
    _count(event, "Z9", 5000)  # planned for 50
    with django_capture_on_commit_callbacks(execute=True):
        assert check_live_demand() == 1
    live = LiveSuggestion.objects.get(placement=placement)
    assert live.state == LiveSuggestion.State.DONE
    z9 = Zone.objects.get(event=event, code="Z9")
    assert live.chosen != placement.chosen and f"z{z9.pk}" in live.reach[live.chosen[0]]
    assert live.covered_share > live.saved_share
    assert live.changed == [{"key": f"z{z9.pk}", "saved": 50.0, "live": 5000.0}]
    placement.refresh_from_db()
    assert placement.chosen == [str(sites["n1"].pk)]  # the saved one stays
    assert Entry.objects.filter(action="coverage.placement.live_solved").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert check_live_demand() == 0  # solved on these counts already

    client = client_for(viewer)
    page = client.get(
        reverse("coverage:placement", kwargs={"event": event.slug, "pk": placement.pk})
    )
    html = page.content.decode()
    assert 'data-testid="live-suggestion" data-state="done"' in html
    assert Site.objects.get(pk=int(live.chosen[0])).name in html
    layer = client.get(reverse("coverage:layer", kwargs={"event": event.slug})).json()
    assert [t["id"] for t in layer["placement"]["live"]] == live.chosen
    assert [t["id"] for t in layer["placement"]["teams"]] == placement.chosen


def test_a_placement_of_sites_is_left_to_its_planners(
    event: Event,
    tmp_path: Path,
    planner: User,
    membership_of: Callable[[User, Event], Membership],
    django_capture_on_commit_callbacks: Any,
) -> None:
    grid_event(event, tmp_path)
    save_placement(
        membership_of(planner, event),
        name="Sites",
        model="max-cover",
        teams=1,
        target_s=30,
        demand_source="sites",
    )
    _count(event, "Z9", 5000)
    with django_capture_on_commit_callbacks(execute=True):
        assert check_live_demand() == 0
    assert not LiveSuggestion.objects.exists()

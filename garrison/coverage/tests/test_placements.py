"""Placements per event: solved on the event's roads, saved and audited, shown, and what a
team's dispatch costs in coverage."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Membership, User
from garrison.audit.models import Entry
from garrison.conftest import verified_client
from garrison.core.errors import DomainError
from garrison.coverage.models import Placement
from garrison.coverage.services import save_placement, study, zone_centre
from garrison.coverage.tests.fixtures import grid_event, square
from garrison.events.models import Event, Site

Members = Callable[[User, Event], Membership]


@pytest.fixture
def sites(event: Event, tmp_path: Path) -> dict[str, Site]:
    return grid_event(event, tmp_path)


def test_a_zone_counts_from_its_centre() -> None:
    assert zone_centre(square(21.0, 105.0)) == pytest.approx((21.0, 105.0))
    assert zone_centre({"type": "Polygon"}) is None


def test_one_team_goes_where_the_crowd_is(event: Event, sites: dict[str, Site]) -> None:
    found = study(event, model="max-cover", teams=1, target_s=30)
    assert found.chosen == [str(sites["n1"].pk)]
    assert found.covered_share == pytest.approx(600 / 650)  # node 3 is 200 m along the main road
    assert [p["teams"] for p in found.curve] == [1]


def test_set_covering_finds_the_least_teams_and_the_curve_reaches_everyone(
    event: Event, sites: dict[str, Site]
) -> None:
    found = study(event, model="set-cover", teams=None, target_s=30)
    assert found.covered_share == 1.0
    assert found.curve[-1]["share"] == 1.0
    assert len(found.curve) == len(found.chosen)


def test_it_refuses_more_teams_than_positions_by_name(event: Event, sites: dict[str, Site]) -> None:
    with pytest.raises(DomainError) as caught:
        study(event, model="p-median", teams=5, target_s=60)
    assert caught.value.code == "too_many_teams" and caught.value.status == 400


def test_saving_is_for_planners_and_audited(
    event: Event,
    sites: dict[str, Site],
    planner: User,
    viewer: User,
    membership_of: Members,
) -> None:
    with pytest.raises(DomainError) as caught:
        save_placement(
            membership_of(viewer, event), name="x", model="p-center", teams=1, target_s=60
        )
    assert caught.value.status == 403
    placement = save_placement(
        membership_of(planner, event),
        name="Morning",
        model="max-cover",
        teams=2,
        target_s=30,
        locked=[str(sites["n9"].pk)],
    )
    assert str(sites["n9"].pk) in placement.chosen and len(placement.chosen) == 2
    entry = Entry.objects.get(action="coverage.placement.saved")
    assert entry.after is not None and entry.after["chosen"] == placement.chosen


def test_the_pages_show_a_saved_placement_and_the_json_tells_the_loss(
    event: Event,
    sites: dict[str, Site],
    planner: User,
    viewer: User,
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(planner)
    url = reverse("coverage:placements", kwargs={"event": event.slug})
    answer = client.post(
        url,
        {
            "name": "Congress day 1",
            "model": "max-cover",
            "teams": 2,
            "target_minutes": 1,
            "demand_source": "zones",
        },
    )
    assert answer.status_code == 302
    placement = Placement.objects.get()
    page = client_for(viewer).get(answer["Location"])
    assert page.status_code == 200
    assert "Congress day 1" in page.content.decode()
    assert "placement-map-data" in page.content.decode()

    def lost(site: str) -> str:
        return reverse("coverage:lost", kwargs={"event": event.slug, "site": site})

    first = placement.chosen[0]
    data = client_for(viewer).get(lost(first)).json()
    assert data["covered_share"] == pytest.approx(placement.covered_share, abs=1e-4)
    assert data["lost_share"] == pytest.approx(data["covered_share"] - data["without_share"])
    assert client.get(lost(first), {"placement": placement.pk}).json() == data
    assert client.get(lost("nowhere")).status_code == 404
    assert client.get(lost(first), {"placement": "x"}).status_code == 400


def test_a_lone_team_takes_all_its_coverage_with_it(
    event: Event, sites: dict[str, Site], planner: User, membership_of: Members
) -> None:
    alone = save_placement(
        membership_of(planner, event), name="Alone", model="p-center", teams=1, target_s=30
    )
    later = save_placement(
        membership_of(planner, event), name="Later", model="set-cover", teams=None, target_s=30
    )
    assert later.chosen != alone.chosen or later.pk != alone.pk
    client = verified_client(planner)
    url = reverse("coverage:lost", kwargs={"event": event.slug, "site": alone.chosen[0]})
    data = client.get(url, {"placement": alone.pk}).json()
    assert data["lost_share"] == data["covered_share"] == round(alone.covered_share, 4) > 0
    assert data["without_share"] == 0


def test_a_bad_study_answers_400_with_the_reason(
    event: Event, sites: dict[str, Site], planner: User, client_for: Callable[[User], Client]
) -> None:
    url = reverse("coverage:placements", kwargs={"event": event.slug})
    answer = client_for(planner).post(
        url,
        {
            "name": "Too many",
            "model": "p-center",
            "teams": 9,
            "target_minutes": 5,
            "demand_source": "zones",
        },
    )
    assert answer.status_code == 400
    assert "cannot be placed on 4 candidate" in answer.content.decode()
    assert not Placement.objects.exists()


def test_sites_can_be_the_demand_and_backup_is_reported(
    event: Event, sites: dict[str, Site]
) -> None:
    found = study(
        event, model="set-cover", teams=None, target_s=60, demand_source="sites", backup=True
    )
    assert {p.key for p in found.demand} == {f"s{s.pk}" for s in sites.values()}
    assert found.covered_share == 1.0
    assert 0.0 <= found.backup_share <= 1.0


def test_a_target_out_of_range_and_an_unknown_model_are_refused(
    event: Event, sites: dict[str, Site]
) -> None:
    for kwargs, code in (
        ({"model": "max-cover", "teams": 1, "target_s": 0}, "out_of_range"),
        ({"model": "max-cover", "teams": 99, "target_s": 60}, "out_of_range"),
        ({"model": "k-means", "teams": 1, "target_s": 60}, "invalid_choice"),
    ):
        with pytest.raises(DomainError) as caught:
            study(event, **kwargs)  # type: ignore[arg-type]
        assert caught.value.code == code

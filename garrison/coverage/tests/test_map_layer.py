"""The saved placement as a layer of the live picture: teams, demand points, what each reaches."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Membership, User
from garrison.coverage.services import save_placement
from garrison.coverage.tests.fixtures import grid_event
from garrison.events.models import Event


def test_the_layer_shows_the_latest_placement_with_what_each_team_reaches(
    event: Event,
    tmp_path: Path,
    planner: User,
    viewer: User,
    membership_of: Callable[[User, Event], Membership],
    client_for: Callable[[User], Client],
) -> None:
    url = reverse("coverage:layer", kwargs={"event": event.slug})
    client = client_for(viewer)
    assert client.get(url).json()["placement"] is None
    grid_event(event, tmp_path)
    placement = save_placement(
        membership_of(planner, event), name="Day 1", model="max-cover", teams=1, target_s=30
    )
    data = client.get(url).json()["placement"]
    assert data["id"] == placement.pk and data["name"] == "Day 1"
    assert [t["id"] for t in data["teams"]] == placement.chosen
    covered = {d["id"] for d in data["demand"] if d["covered"]}
    assert covered == set(data["teams"][0]["reaches"]) and covered
    assert data["covered_share"] == pytest.approx(placement.covered_share)
    assert len(data["teams"][0]["position"]) == 2

"""The demo congress's rapid-response teams: three teams placed to reach the most of the
congress's places (venue, hotels, hospital, key targets…) within 2½ minutes by road.

Called by ``garrison load_demo`` after the traffic part (it needs the road network). Idempotent:
the placement is saved only when the event has none of its name.
"""

from __future__ import annotations

from garrison.accounts.models import Membership, Role
from garrison.coverage.models import DemandSource, Placement, PlacementModel
from garrison.coverage.services import save_placement
from garrison.events.models import Event

NAME = "Tổ phản ứng nhanh – phương án ngày 1"
TEAMS = 3
TARGET_S = 150


def load(event: Event) -> dict[str, int]:
    created = {"placements": 0}
    if Placement.objects.filter(event=event, name=NAME).exists():
        return created
    if not event.road_networks.exists():
        return created
    planner = (
        Membership.objects.select_related("user", "event")
        .filter(event=event, role=Role.PLANNER)
        .order_by("pk")
        .first()
    )
    if planner is None:
        return created
    save_placement(
        planner,
        name=NAME,
        model=PlacementModel.MAX_COVER,
        teams=TEAMS,
        target_s=TARGET_S,
        demand_source=DemandSource.SITES,
    )
    created["placements"] += 1
    return created

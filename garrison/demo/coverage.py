"""The demo congress's rapid-response teams: three teams placed to reach the most of the
congress's crowd (its zones, weighted by their capacity: the venue's halls and lobby, the hotels'
floors) within 2½ minutes by road. Zones, not sites, so that the crowd the counting devices see
in the lobby moves the demand and the workers solve the placement again on it (a live
suggestion beside the saved one). The rapid-response unit is based at the first position, so the
dispatch screen tells what sending it costs in coverage.

Called by ``garrison load_demo`` after the traffic part (it needs the road network). Idempotent:
the placement is saved only when the event has none of its name.
"""

from __future__ import annotations

from garrison.accounts.models import Membership, Role
from garrison.coverage.models import DemandSource, Placement, PlacementModel
from garrison.coverage.services import save_placement
from garrison.events.models import Event
from garrison.forces.models import Unit
from garrison.forces.units.services import UnitData, update_unit

NAME = "Tổ phản ứng nhanh – phương án ngày 1"
TEAMS = 3
TARGET_S = 150
RESPONSE_UNIT = "CD"  # Tổ phản ứng nhanh (demo.forces)


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
    placement = save_placement(
        planner,
        name=NAME,
        model=PlacementModel.MAX_COVER,
        teams=TEAMS,
        target_s=TARGET_S,
        demand_source=DemandSource.ZONES,
    )
    created["placements"] += 1
    _base_response_unit(event, int(placement.chosen[0]))
    return created


def _base_response_unit(event: Event, site_id: int) -> None:
    unit = Unit.objects.filter(event=event, code=RESPONSE_UNIT, base_site__isnull=True).first()
    commander = (
        Membership.objects.select_related("user", "event")
        .filter(event=event, role=Role.COMMANDER)
        .order_by("pk")
        .first()
    )
    if unit is None or commander is None:
        return
    data = UnitData(
        name=unit.name,
        code=unit.code,
        type=unit.type,
        parent_id=unit.parent_id,
        base_site_id=site_id,
        lat=unit.lat,
        lon=unit.lon,
    )
    update_unit(commander, unit, data)

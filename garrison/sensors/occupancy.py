"""Sensors' public read: how many people the counting devices see in each zone now.

Other apps read the live crowd through this module only (coverage weighs its demand zones by
it). Counts, never identities.
"""

from __future__ import annotations

from collections.abc import Iterable

from garrison.sensors.models import ZoneOccupancy


def occupancy_of(zone_ids: Iterable[int]) -> dict[int, int]:
    """{zone id: people inside now} for the zones among ``zone_ids`` that are counted."""
    rows = ZoneOccupancy.objects.filter(zone_id__in=list(zone_ids), updated__isnull=False)
    return dict(rows.values_list("zone_id", "occupancy"))

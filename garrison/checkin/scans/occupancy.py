"""Who is inside: per zone (from presence rows) and per checkpoint (entries and exits let
through today, from the scans). Counts only, no names: every member of the event may see it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from garrison.checkin.models import Checkpoint, Direction, Presence, Scan
from garrison.events.models import Event, Zone


@dataclass(frozen=True)
class ZoneCount:
    zone: Zone
    inside: int

    @property
    def load(self) -> int | None:
        """Percent of capacity, when the zone has one."""
        if not self.zone.capacity:
            return None
        return round(100 * self.inside / self.zone.capacity)


@dataclass(frozen=True)
class CheckpointCount:
    checkpoint: Checkpoint
    entries: int
    exits: int
    refused: int


def day_start(event: Event) -> dt.datetime:
    today = timezone.localdate(timezone=event.tzinfo)
    return dt.datetime.combine(today, dt.time(0), tzinfo=event.tzinfo)


def zone_counts(event: Event) -> list[ZoneCount]:
    inside = dict(
        Presence.objects.filter(event=event, inside=True)
        .values("zone")
        .annotate(n=Count("pk"))
        .values_list("zone", "n")
    )
    return [ZoneCount(zone, inside.get(zone.pk, 0)) for zone in Zone.objects.filter(event=event)]


def checkpoint_counts(event: Event) -> list[CheckpointCount]:
    since = day_start(event)
    rows: dict[int, tuple[int, int, int]] = {
        checkpoint_id: (entries, exits, refused)
        for checkpoint_id, entries, exits, refused in Scan.objects.filter(
            event=event, scanned_at__gte=since
        )
        .values("checkpoint")
        .annotate(
            entries=Count("pk", filter=Q(result="ok", direction=Direction.ENTRY)),
            exits=Count("pk", filter=Q(result="ok", direction=Direction.EXIT)),
            refused=Count("pk", filter=~Q(result="ok")),
        )
        .values_list("checkpoint", "entries", "exits", "refused")
    }
    return [
        CheckpointCount(checkpoint, *rows.get(checkpoint.pk, (0, 0, 0)))
        for checkpoint in Checkpoint.objects.filter(event=event).select_related("zone")
    ]

"""What the gates put in the event's archive (garrison.core.archive): the checkpoints, and the
scans as counts — per checkpoint, zone, direction, result and day — never one scan, which
names a badge and so its holder. The statistics count them the same way."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncDate

from garrison.checkin.models import Checkpoint, Scan
from garrison.core.archive import Table, contribute, model_table
from garrison.events.models import Event

COUNT_COLUMNS = ("checkpoint_id", "zone_id", "direction", "result", "day", "scans")


def _scan_counts(event: Event) -> Table:
    def rows() -> Iterator[Sequence[Any]]:
        counted = (
            Scan.objects.filter(event=event)
            .annotate(day=TruncDate("scanned_at", tzinfo=event.tzinfo))
            .values("checkpoint_id", "zone_id", "direction", "result", "day")
            .annotate(scans=Count("pk"))
            .order_by("checkpoint_id", "zone_id", "direction", "result", "day")
            .values_list(*COUNT_COLUMNS)
        )
        yield from counted

    return Table("checkin/scan_counts", COUNT_COLUMNS, rows)


def _tables(event: Event) -> list[Table]:
    return [
        model_table(
            "checkin/checkpoints",
            Checkpoint.objects.filter(event=event),
            ["id", "name", "zone_id", "zone__code", "direction"],
        ),
        _scan_counts(event),
    ]


def scan_statistics(event: Event) -> dict[str, Any]:
    scans = Scan.objects.filter(event=event)
    by_place = (
        scans.values("checkpoint_id", "zone_id", "result")
        .annotate(n=Count("pk"))
        .order_by("checkpoint_id", "zone_id", "result")
    )
    return {
        "scans": scans.count(),
        "by_result": {
            row["result"]: row["n"]
            for row in scans.values("result").annotate(n=Count("pk")).order_by("result")
        },
        "by_checkpoint_zone_result": [
            {
                "checkpoint": row["checkpoint_id"],
                "zone": row["zone_id"],
                "result": row["result"],
                "n": row["n"],
            }
            for row in by_place
        ],
    }


contribute("checkin", tables=_tables, statistics=scan_statistics)

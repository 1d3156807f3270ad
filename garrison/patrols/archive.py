"""What patrols put in the event's archive (garrison.core.archive): the points and tours, every
round with its state and the points it missed, and every plaque scanned — when, in which round,
how far from the plaque, with its flags; where the phone was only when personal data is asked
for (``patrols.personal``). Statistics: rounds per state."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from garrison.core.archive import Table, contribute, model_table
from garrison.events.models import Event
from garrison.patrols.models import Point, Round, Tour, Visit


def _tables(event: Event) -> list[Table]:
    return [
        model_table(
            "patrols/points",
            Point.objects.filter(event=event),
            ["id", "serial", "name", "site_id", "zone_id", "lat", "lon", "radius_m"],
        ),
        model_table(
            "patrols/tours",
            Tour.objects.filter(event=event),
            ["id", "name", "unit_id", "ordered", "schedule", "walk_minutes", "grace_minutes"],
        ),
        model_table(
            "patrols/rounds",
            Round.objects.filter(tour__event=event),
            ["id", "tour_id", "starts_at", "ends_at", "order", "state", "missing"],
        ),
        model_table(
            "patrols/visits",
            Visit.objects.filter(event=event),
            [
                "id",
                "point_id",
                "round_id",
                "walker_id",
                "scanned_at",
                "received_at",
                "lat",
                "lon",
                "accuracy_m",
                "distance_m",
                "flags",
            ],
        ),
    ]


def patrol_statistics(event: Event) -> dict[str, Any]:
    rounds = Round.objects.filter(tour__event=event)
    per_state = rounds.values("state").annotate(n=Count("pk")).order_by("state")
    return {
        "rounds": rounds.count(),
        "rounds_by_state": {row["state"]: row["n"] for row in per_state},
        "plaques_scanned": Visit.objects.filter(event=event).count(),
    }


contribute("patrols", tables=_tables, statistics=patrol_statistics)

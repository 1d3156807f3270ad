"""What the desk puts in the event's archive (garrison.core.archive): its incidents with their
status changes, dispatches and logs, the units' status changes, and its statistics — the
incidents counted by type, status and source, and the response times as the statistics page
shows them (real operations only: drills are the drills' own). Contacts, photos, free text and
positions are withheld unless personal data is asked for, as the registers say
(``ops.personal``); photos are never in it."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from garrison.core.archive import Table, contribute, model_table
from garrison.events.models import Event
from garrison.ops.models import (
    Assignment,
    Incident,
    IncidentTransition,
    Note,
    UnitNote,
    UnitStatusChange,
)
from garrison.ops.stats.queries import Row, real_operations, statistics


def _tables(event: Event) -> list[Table]:
    incidents = Incident.objects.filter(event=event)
    return [
        model_table(
            "ops/incidents",
            incidents,
            [
                "id",
                "reference",
                "type__code",
                "severity",
                "status",
                "source",
                "exercise",
                "received_at",
                "site_id",
                "zone_id",
                "lat",
                "lon",
                "location_text",
                "description",
                "contact",
                "duplicate_of_id",
            ],
        ),
        model_table(
            "ops/status_changes",
            IncidentTransition.objects.filter(incident__event=event),
            ["id", "incident_id", "from_status", "to_status", "at", "actor_label", "note"],
        ),
        model_table(
            "ops/dispatches",
            Assignment.objects.filter(incident__event=event),
            [
                "id",
                "incident_id",
                "unit__code",
                "dispatched_at",
                "acknowledged_at",
                "en_route_at",
                "on_scene_at",
                "cleared_at",
            ],
        ),
        model_table(
            "ops/incident_log",
            Note.objects.filter(incident__event=event),
            ["id", "incident_id", "at", "actor_label", "text"],
        ),
        model_table(
            "ops/unit_log",
            UnitNote.objects.filter(unit__event=event),
            ["id", "unit__code", "at", "actor_label", "text"],
        ),
        model_table(
            "ops/unit_states",
            UnitStatusChange.objects.filter(unit__event=event),
            ["id", "unit__code", "state", "at", "incident_id", "actor_label"],
        ),
    ]


def _row(row: Row) -> dict[str, Any]:
    return {
        "n": row.n,
        "p50_s": row.p50,
        "p90_s": row.p90,
        "worst_s": row.worst,
        "target_s": row.target,
        "met_percent": row.met_percent,
    }


def _counts(field: str, event: Event) -> dict[str, int]:
    rows = Incident.objects.filter(event=event).values(field).annotate(n=Count("pk"))
    return {str(row[field]): row["n"] for row in rows.order_by(field)}


def incident_statistics(event: Event) -> dict[str, Any]:
    """The desk's figures: counts, and the response times of real operations."""
    intervals = statistics(event, real_operations(Incident.objects.filter(event=event)))
    return {
        "incidents": Incident.objects.filter(event=event).count(),
        "exercise_incidents": Incident.objects.filter(event=event, exercise=True).count(),
        "by_type": _counts("type__code", event),
        "by_status": _counts("status", event),
        "by_source": _counts("source", event),
        "response_times": {
            name: {
                "all": _row(interval.all),
                "by_type": {key: _row(r) for key, r in sorted(interval.by_type.items())},
                "by_unit": {key: _row(r) for key, r in sorted(interval.by_unit.items())},
            }
            for name, interval in intervals.items()
        },
    }


contribute("ops", tables=_tables, statistics=incident_statistics)

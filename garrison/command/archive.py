"""What the command puts in the event's archive (garrison.core.archive): the directives it sent
down the event tree and received (each delivery, with the task it became), and the situation
reports its sub-events sent it and it sent its parent — their words and numbers."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from garrison.command.models import Delivery, Directive, SituationReport
from garrison.core.archive import Table, contribute, model_table
from garrison.events.models import Event


def _tables(event: Event) -> list[Table]:
    return [
        model_table(
            "command/directives",
            Directive.objects.filter(Q(event=event) | Q(deliveries__event=event)).distinct(),
            ["id", "event__slug", "text", "deadline", "sent_by_id", "sent_at"],
        ),
        model_table(
            "command/deliveries",
            Delivery.objects.filter(Q(event=event) | Q(directive__event=event)),
            ["id", "directive_id", "event__slug", "task_id"],
        ),
        model_table(
            "command/situation_reports",
            SituationReport.objects.filter(Q(event=event) | Q(parent=event)),
            [
                "id",
                "event__slug",
                "parent__slug",
                "sent_at",
                "sent_by_id",
                "forces_on_duty",
                "incidents_open",
                "injured",
                "text",
            ],
        ),
    ]


def command_statistics(event: Event) -> dict[str, Any]:
    return {
        "directives_sent": Directive.objects.filter(event=event).count(),
        "situation_reports_sent": SituationReport.objects.filter(event=event).count(),
        "situation_reports_received": SituationReport.objects.filter(parent=event).count(),
    }


contribute("command", tables=_tables, statistics=command_statistics)

"""What the forces put in the event's archive (garrison.core.archive): the unit tree and its
members — by id, unit and rank; names and contacts only when personal data is asked for
(``forces.personal``). Statistics: units and members per unit."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from garrison.core.archive import Table, contribute, model_table
from garrison.events.models import Event
from garrison.forces.models import ForceMember, Unit


def _tables(event: Event) -> list[Table]:
    return [
        model_table(
            "forces/units",
            Unit.objects.filter(event=event),
            ["id", "parent_id", "code", "name", "type", "base_site_id"],
        ),
        model_table(
            "forces/members",
            ForceMember.objects.filter(event=event),
            ["id", "unit__code", "rank", "full_name", "contact"],
        ),
    ]


def forces_statistics(event: Event) -> dict[str, Any]:
    members = ForceMember.objects.filter(event=event)
    per_unit = members.values("unit__code").annotate(n=Count("pk")).order_by("unit__code")
    return {
        "units": Unit.objects.filter(event=event).count(),
        "members": members.count(),
        "members_by_unit": {row["unit__code"]: row["n"] for row in per_unit},
    }


contribute("forces", tables=_tables, statistics=forces_statistics)

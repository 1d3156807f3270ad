"""Each unit's page of the action plan on a phone: its own assignments (its part of ICS 204) and
its radio channels, read from the version in force as it was published, never from live data."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from garrison.accounts.decorators import EventRequest, event_view
from garrison.reports import access


@event_view()
@require_GET
def unit_list(request: EventRequest) -> HttpResponse:
    """The units the member may open, with how many shifts each has in the version in force."""
    version = access.current_version(request.event)
    counts: dict[int, int] = {}
    if version is not None and version.snapshot is not None:
        for row in version.snapshot.get("assignments", []):
            counts[row["unit"]] = counts.get(row["unit"], 0) + 1
    units = [(unit, counts.get(unit.pk, 0)) for unit in access.units_for(request.membership)]
    return render(request, "reports/unit_list.html", {"version": version, "units": units})


def _channels(snapshot: dict[str, Any], code: str) -> list[dict[str, Any]]:
    """The channels the unit is on, and those for everyone (no unit named)."""
    return [
        c
        for c in snapshot.get("radio", [])
        if not c["units"] or code in [u.strip() for u in c["units"].split(",")]
    ]


@event_view()
@require_GET
def unit_page(request: EventRequest, unit_id: int) -> HttpResponse:
    unit = access.access_unit_by_id(request.membership, unit_id)
    version = access.current_version(request.event)
    shifts: list[dict[str, Any]] = []
    channels: list[dict[str, Any]] = []
    if version is not None and version.snapshot is not None:
        shifts = [r for r in version.snapshot.get("assignments", []) if r["unit"] == unit.pk]
        channels = _channels(version.snapshot, unit.code)
    return render(
        request,
        "reports/unit_page.html",
        {"unit": unit, "version": version, "shifts": shifts, "channels": channels},
    )

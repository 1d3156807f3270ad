"""Screens of the scans: the log (with each verdict in words) and occupancy, refreshed live."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from garrison.accounts.decorators import EventRequest, event_view
from garrison.checkin.models import Checkpoint, Scan
from garrison.checkin.roles import OFFICERS
from garrison.checkin.scans import occupancy
from garrison.checkin.scans.rules import reason, result_codes
from garrison.core.models import LiveEvent


@event_view(*OFFICERS)
@require_GET
def scan_list(request: EventRequest) -> HttpResponse:
    scans = Scan.objects.filter(event=request.event).select_related("checkpoint")
    result = request.GET.get("result", "")
    checkpoint = request.GET.get("checkpoint", "")
    if result in result_codes():
        scans = scans.filter(result=result)
    if checkpoint.isdigit():
        scans = scans.filter(checkpoint_id=int(checkpoint))
    page = Paginator(scans, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "checkin/scan_list.html",
        {
            "page": page,
            "rows": [(scan, reason(scan.result)) for scan in page.object_list],
            "codes": result_codes(),
            "result": result,
            "checkpoint": checkpoint,
            "checkpoints": Checkpoint.objects.filter(event=request.event),
        },
    )


def _occupancy_context(request: EventRequest) -> dict[str, object]:
    return {
        "zones": occupancy.zone_counts(request.event),
        "checkpoints": occupancy.checkpoint_counts(request.event),
    }


@event_view()
@require_GET
def occupancy_view(request: EventRequest) -> HttpResponse:
    """Inside now per zone, entries and exits per checkpoint today; refreshed live."""
    last = (
        LiveEvent.objects.filter(event=request.event)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    context = {**_occupancy_context(request), "live_last": last or 0}
    return render(request, "checkin/occupancy.html", context)


@event_view()
@require_GET
def occupancy_panel(request: EventRequest) -> HttpResponse:
    return render(request, "checkin/_occupancy_panel.html", _occupancy_context(request))

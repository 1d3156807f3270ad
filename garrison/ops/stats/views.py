"""Statistics of response times: percentiles per interval, by day, unit and type."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from garrison.accounts.decorators import EventRequest, event_view
from garrison.ops.access import visible_incidents
from garrison.ops.stats.queries import real_operations, statistics
from garrison.ops.timers.targets import Targets

INTERVAL_LABELS = {  # lazy: the page is read in the reader's language
    "call_processing": gettext_lazy("Call processing (received → first unit dispatched)"),
    "turnout": gettext_lazy("Turnout (dispatched → en route)"),
    "travel": gettext_lazy("Travel (en route → on scene)"),
}


@event_view()
@require_GET
def stats(request: EventRequest) -> HttpResponse:
    incidents = visible_incidents(request.membership)
    if request.GET.get("drills") != "1":
        incidents = real_operations(incidents)
    intervals = statistics(request.event, incidents)
    return render(
        request,
        "ops/stats.html",
        {
            "intervals": [
                (str(INTERVAL_LABELS[name]), interval) for name, interval in intervals.items()
            ],
            "targets": Targets.of(request.event),
            "with_drills": request.GET.get("drills") == "1",
            "group_labels": {"day": _("Day"), "unit": _("Unit"), "type": _("Type")},
        },
    )

"""Drills compared: the event's series of drills side by side, and re-testing the areas for
improvement in the next drill's script."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.drills import access
from garrison.drills.improvement import services
from garrison.drills.models import DrillState, Observation, ObservationKind
from garrison.drills.report import INTERVALS
from garrison.drills.roles import READERS, SCRIPT_EDITORS
from garrison.drills.series.compare import CHART_TITLE, chart, compare


@event_view(*READERS)
@require_GET
def drills_compared(request: EventRequest) -> HttpResponse:
    comparison = compare(request.event)
    can_retest = request.membership.role in SCRIPT_EDITORS
    with_areas = set(
        Observation.objects.filter(
            drill_id__in=[row.drill.pk for row in comparison.rows],
            kind=ObservationKind.IMPROVEMENT,
        ).values_list("drill_id", flat=True)
    )
    sources = [row.drill for row in comparison.rows if row.drill.pk in with_areas]
    # The next drill's script: one no drill has run yet (its injects can still change).
    targets = (
        access.event_scripts(request.event)
        .exclude(drills__state__in=[s for s in DrillState.values if s != DrillState.READY])
        .distinct()
    )
    return render(
        request,
        "drills/compare.html",
        {
            "comparison": comparison,
            "intervals": [(key, label) for key, _s, _e, label in INTERVALS],
            "chart": chart(comparison) if comparison.rows else None,
            "chart_title": CHART_TITLE,
            "can_retest": can_retest and bool(sources),
            "sources": list(reversed(sources)),
            "targets": list(targets),
        },
    )


@event_view(*SCRIPT_EDITORS)
@require_POST
def retest(request: EventRequest) -> HttpResponse:
    try:
        drill = access.access_drill_by_id(request.user, request.event, int(request.POST["drill"]))
        script = access.access_script_by_id(
            request.user, request.event, int(request.POST["script"])
        )
    except (KeyError, ValueError):
        messages.error(request, _("Choose a drill and the script to re-test in."))
        return redirect("drills:compare", event=request.event.slug)
    try:
        added = services.retest_areas(request.membership, drill, script)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        messages.error(request, str(error.message))
        return redirect("drills:compare", event=request.event.slug)
    messages.success(
        request,
        _("%(n)d areas for improvement added to the script to re-test.") % {"n": added},
    )
    return redirect("drills:script", event=request.event.slug, pk=script.pk)

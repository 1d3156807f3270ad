"""Drill screens: create a run, the controller's page and its actions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.drills import access
from garrison.drills.models import LIVE_STATES, Release, ReleaseState
from garrison.drills.roles import CONTROLLERS, EVALUATORS, READERS
from garrison.drills.running import services
from garrison.drills.running.forms import DrillForm


def _back(request: EventRequest, drill_id: int, error: DomainError | None = None) -> HttpResponse:
    if error is not None:
        if error.status in (403, 404):
            raise error
        messages.error(request, str(error.message))
    return redirect("drills:drill", event=request.event.slug, pk=drill_id)


@event_view(*CONTROLLERS)
@require_POST
def drill_create(request: EventRequest, pk: int) -> HttpResponse:
    script = access.access_script_by_id(request.user, request.event, pk)
    form = DrillForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The speed goes from 1 (real time) to 600."))
        return redirect("drills:script", event=request.event.slug, pk=script.pk)
    try:
        drill = services.create_drill(
            request.membership, script, form.cleaned_data["name"], form.cleaned_data["speed"]
        )
    except DomainError as error:
        if error.status in (403, 404):
            raise
        messages.error(request, str(error.message))
        return redirect("drills:script", event=request.event.slug, pk=script.pk)
    return redirect("drills:drill", event=request.event.slug, pk=drill.pk)


@event_view(*READERS)
@require_GET
def drill_detail(request: EventRequest, pk: int) -> HttpResponse:
    drill = access.access_drill_by_id(request.user, request.event, pk)
    releases = list(
        Release.objects.filter(drill=drill)
        .select_related("inject", "incident")
        .order_by("inject__offset_seconds", "inject__number")
    )
    released = {row.inject_id for row in releases}
    contingencies = [
        inject
        for inject in drill.script.injects.filter(contingency_of__isnull=False).select_related(
            "contingency_of"
        )
        if inject.pk not in released
    ]
    return render(
        request,
        "drills/drill_detail.html",
        {
            "drill": drill,
            "releases": releases,
            "contingencies": contingencies,
            "live": drill.state in LIVE_STATES,
            "clock_minutes": services.drill_seconds(drill) / 60,
            "control": request.membership.role in CONTROLLERS,
            "can_evaluate": request.membership.role in EVALUATORS,
            "pending": ReleaseState.PENDING,
        },
    )


@event_view(*CONTROLLERS)
@require_POST
def drill_control(request: EventRequest, pk: int) -> HttpResponse:
    drill = access.access_drill_by_id(request.user, request.event, pk)
    action = request.POST.get("action", "")
    membership = request.membership
    try:
        if action == "start":
            services.start_drill(membership, drill)
        elif action == "pause":
            services.pause_drill(membership, drill)
        elif action == "resume":
            services.resume_drill(membership, drill)
        elif action == "stop":
            services.stop_drill(membership, drill, note=request.POST.get("note", ""))
        elif action == "emergency":
            services.stop_drill(
                membership, drill, emergency=True, note=request.POST.get("note", "")
            )
            messages.warning(
                request, _("The drill is stopped: the desk is free for the real emergency.")
            )
        else:
            raise DomainError("invalid_action", _("Unknown action."))
    except DomainError as error:
        return _back(request, drill.pk, error)
    return _back(request, drill.pk)


@event_view(*CONTROLLERS)
@require_POST
def release_action(request: EventRequest, pk: int, release_id: int) -> HttpResponse:
    drill = access.access_drill_by_id(request.user, request.event, pk)
    row = Release.objects.filter(pk=release_id, drill=drill).select_related("drill", "inject")
    found = row.first()
    if found is None:
        return _back(request, drill.pk, DomainError("not_found", _("Not found."), status=404))
    try:
        if request.POST.get("action") == "skip":
            services.skip(request.membership, found)
        else:
            services.publish_now(request.membership, found)
    except DomainError as error:
        return _back(request, drill.pk, error)
    return _back(request, drill.pk)


@event_view(*CONTROLLERS)
@require_POST
def contingency_release(request: EventRequest, pk: int, inject_id: int) -> HttpResponse:
    drill = access.access_drill_by_id(request.user, request.event, pk)
    inject = access.access_inject_by_id(request.user, request.event, inject_id)
    try:
        services.release_contingency(request.membership, drill, inject)
    except DomainError as error:
        return _back(request, drill.pk, error)
    return _back(request, drill.pk)

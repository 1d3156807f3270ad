"""Phases: the event's before / during / after, each a time window in the event's zone."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from garrison.accounts.decorators import EventRequest, can_plan, event_view
from garrison.core.errors import DomainError
from garrison.core.pages import confirm_delete, render_form
from garrison.events import services
from garrison.events.access import access_phase_by_id
from garrison.events.forms import PhaseForm
from garrison.events.models import Phase
from garrison.events.roles import EDITORS

TEMPLATE = "events/phase_form.html"


def _context(phase: Phase | None) -> dict[str, Any]:
    return {"phase": phase}


@event_view()
@require_GET
def phase_list(request: EventRequest) -> HttpResponse:
    return render(
        request,
        "events/phase_list.html",
        {
            "phases": Phase.objects.filter(event=request.event).order_by("starts_at"),
            "can_plan": can_plan(request),
        },
    )


@event_view(*EDITORS)
@require_http_methods(["GET", "POST"])
def phase_create(request: EventRequest) -> HttpResponse:
    if request.method != "POST":
        return render_form(request, TEMPLATE, PhaseForm(), _context(None))
    # Times typed into the form are read in the event's zone, which @event_view activated.
    form = PhaseForm(request.POST)
    if not form.is_valid():
        return render_form(request, TEMPLATE, form, _context(None))
    try:
        phase = services.create_phase(request.membership, form.to_data())
    except DomainError as error:
        return render_form(request, TEMPLATE, form, _context(None), error=error)
    messages.success(request, _("Phase “%(name)s” has been created.") % {"name": phase.name})
    return redirect("events:phases", event=request.event.slug)


@event_view(*EDITORS)
@require_http_methods(["GET", "POST"])
def phase_edit(request: EventRequest, pk: int) -> HttpResponse:
    phase = access_phase_by_id(request.user, request.event, pk)
    if request.method != "POST":
        form = PhaseForm(initial=services.phase_summary(phase))
        return render_form(request, TEMPLATE, form, _context(phase))
    form = PhaseForm(request.POST)
    if not form.is_valid():
        return render_form(request, TEMPLATE, form, _context(phase))
    try:
        phase = services.update_phase(request.membership, phase, form.to_data())
    except DomainError as error:
        return render_form(request, TEMPLATE, form, _context(phase), error=error)
    messages.success(request, _("Phase “%(name)s” has been saved.") % {"name": phase.name})
    return redirect("events:phases", event=request.event.slug)


@event_view(*EDITORS)
@require_http_methods(["GET", "POST"])
def phase_delete(request: EventRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation (works without JavaScript); only POST deletes."""
    phase = access_phase_by_id(request.user, request.event, pk)
    if request.method != "POST":
        question = _("Delete phase “%(name)s”?") % {"name": phase.name}
        return confirm_delete(request, question, "events:phases")
    name = phase.name
    services.delete_phase(request.membership, phase)
    messages.success(request, _("Phase “%(name)s” has been deleted.") % {"name": name})
    return redirect("events:phases", event=request.event.slug)

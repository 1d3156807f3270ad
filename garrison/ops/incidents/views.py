"""Incident screens: the list and reporting one. The incident's own page, which shows the
dispatch, photo and timer folders' pieces, lives with the desk (``desk/views.py``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.core.pages import render_form
from garrison.ops.access import visible_incidents
from garrison.ops.incidents import services
from garrison.ops.incidents.forms import IncidentForm
from garrison.ops.incidents.lifecycle import OPEN
from garrison.ops.roles import REPORTERS


@event_view()
@require_GET
def incident_list(request: EventRequest) -> HttpResponse:
    show_all = request.GET.get("all") == "1"
    incidents = visible_incidents(request.membership).select_related("type", "site", "handler")
    if not show_all:
        incidents = incidents.filter(status__in=OPEN)
    # Real incidents first, newest first within each: a drill's injects never push one down.
    incidents = incidents.order_by("exercise", "-received_at", "-pk")
    return render(
        request,
        "ops/incident_list.html",
        {
            "incidents": incidents[:500],
            "show_all": show_all,
            "can_report": request.membership.role in REPORTERS,
        },
    )


@event_view(*REPORTERS)
@require_http_methods(["GET", "POST"])
def incident_create(request: EventRequest) -> HttpResponse:
    template = "ops/incident_form.html"
    if request.method != "POST":
        return render_form(request, template, IncidentForm(event=request.event))
    form = IncidentForm(request.POST, event=request.event)
    if not form.is_valid():
        return render_form(request, template, form)
    try:
        incident = services.create_incident(request.membership, form.to_data())
    except DomainError as error:
        return render_form(request, template, form, error=error)
    messages.success(request, _("Incident %(ref)s recorded.") % {"ref": incident.reference})
    return redirect("ops:incident", event=request.event.slug, pk=incident.pk)

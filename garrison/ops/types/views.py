"""The editable list of incident types."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.core.pages import render_form
from garrison.ops.access import access_incident_type_by_id
from garrison.ops.models import IncidentType
from garrison.ops.roles import TYPE_EDITORS
from garrison.ops.types import services as types
from garrison.ops.types.forms import IncidentTypeForm

TEMPLATE = "ops/type_form.html"


@event_view()
@require_GET
def type_list(request: EventRequest) -> HttpResponse:
    return render(
        request,
        "ops/type_list.html",
        {
            "types": IncidentType.objects.filter(event=request.event),
            "can_edit": request.membership.role in TYPE_EDITORS,
        },
    )


@event_view(*TYPE_EDITORS)
@require_http_methods(["GET", "POST"])
def type_create(request: EventRequest) -> HttpResponse:
    if request.method != "POST":
        return render_form(request, TEMPLATE, IncidentTypeForm())
    form = IncidentTypeForm(request.POST)
    if not form.is_valid():
        return render_form(request, TEMPLATE, form)
    d = form.cleaned_data
    try:
        types.create_type(request.membership, d["code"], d["name"], d["order"])
    except DomainError as error:
        return render_form(request, TEMPLATE, form, error=error)
    messages.success(request, _("Incident type saved."))
    return redirect("ops:types", event=request.event.slug)


@event_view(*TYPE_EDITORS)
@require_http_methods(["GET", "POST"])
def type_edit(request: EventRequest, pk: int) -> HttpResponse:
    kind = access_incident_type_by_id(request.user, request.event, pk)
    context = {"kind": kind}
    if request.method != "POST":
        initial = types.type_summary(kind)
        return render_form(request, TEMPLATE, IncidentTypeForm(initial=initial), context)
    # The code is fixed once made; the form shows it read-only.
    data = request.POST.copy()
    data["code"] = kind.code
    form = IncidentTypeForm(data)
    if not form.is_valid():
        return render_form(request, TEMPLATE, form, context)
    d = form.cleaned_data
    try:
        types.update_type(request.membership, kind, d["name"], d["active"], d["order"])
    except DomainError as error:
        return render_form(request, TEMPLATE, form, context, error=error)
    messages.success(request, _("Incident type saved."))
    return redirect("ops:types", event=request.event.slug)

"""The medical plan's screens: the plan at an hour, its ICS 206 print, a hospital's details."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.core.pages import render_form
from garrison.readiness.ics_models import Hospital
from garrison.readiness.medical import services
from garrison.readiness.medical.forms import HospitalForm
from garrison.readiness.medical.plan import medical_plan
from garrison.readiness.roles import LOGISTICS

FORM = "readiness/hospital_form.html"


def hour_of(request: EventRequest) -> dt.datetime:
    """The hour the plan is for: ``?at=2026-12-01T07:15`` in the event's zone, or now."""
    text = request.GET.get("at", "").strip()
    if not text:
        return timezone.now()
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise DomainError("bad_time", _("Write the hour as 2026-12-01T07:15."), field="at") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=request.event.tzinfo)


def _plan(request: EventRequest, template: str) -> HttpResponse:
    at = hour_of(request)
    plan = medical_plan(request.event, at)
    local = timezone.localtime(at, request.event.tzinfo)
    return render(
        request,
        template,
        {
            "plan": plan,
            "at": local,
            "at_value": local.strftime("%Y-%m-%dT%H:%M"),
            "can_edit": request.membership.role in LOGISTICS,
        },
    )


@event_view()
@require_GET
def medical(request: EventRequest) -> HttpResponse:
    return _plan(request, "readiness/medical_plan.html")


@event_view()
@require_GET
def medical_print(request: EventRequest) -> HttpResponse:
    """The plan laid out as the ICS 206 form, for the browser's print command."""
    return _plan(request, "readiness/medical_print.html")


@event_view(*LOGISTICS)
@require_http_methods(["GET", "POST"])
def hospital_edit(request: EventRequest, pk: int) -> HttpResponse:
    site = services.hospital_site(request.membership, pk)
    context = {"site": site}
    if request.method != "POST":
        initial = HospitalForm.initial_for(Hospital.objects.filter(site=site).first())
        return render_form(request, FORM, HospitalForm(initial=initial), context)
    form = HospitalForm(request.POST)
    if not form.is_valid():
        return render_form(request, FORM, form, context)
    try:
        services.save_hospital(request.membership, site.pk, form.to_data())
    except DomainError as error:
        return render_form(request, FORM, form, context, error=error)
    messages.success(request, _("The hospital's details have been saved."))
    return redirect("readiness:medical", event=request.event.slug)

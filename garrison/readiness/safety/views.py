"""The safety messages' screens: the list, a message, its approval and its ICS 208 print."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.core.pages import render_form
from garrison.events.models import Event
from garrison.readiness.ics_models import SafetyMessage
from garrison.readiness.roles import LOGISTICS, SAFETY_APPROVERS
from garrison.readiness.safety import services
from garrison.readiness.safety.forms import SafetyForm

FORM = "readiness/safety_form.html"


def access_safety_message_by_id(event: Event, pk: int) -> SafetyMessage:
    """A safety message of this event (the view's decorator has checked the membership)."""
    found = (
        SafetyMessage.objects.filter(pk=pk, event=event)
        .select_related("prepared_by", "approved_by")
        .first()
    )
    if found is None:
        raise Http404
    return found


@event_view()
@require_GET
def safety_list(request: EventRequest) -> HttpResponse:
    found = SafetyMessage.objects.filter(event=request.event).select_related("approved_by")
    return render(
        request,
        "readiness/safety_list.html",
        {
            "messages_208": found,
            "current": services.message_for(request.event),
            "can_edit": request.membership.role in LOGISTICS,
        },
    )


@event_view(*LOGISTICS)
@require_http_methods(["GET", "POST"])
def safety_create(request: EventRequest) -> HttpResponse:
    if request.method != "POST":
        starts, ends = services.current_period(request.event)
        if SafetyMessage.objects.filter(event=request.event, period_starts=starts).exists():
            starts, ends = ends, ends + services.PERIOD  # the next period
        zone = request.event.tzinfo
        initial = {
            "period_starts": timezone.localtime(starts, zone),
            "period_ends": timezone.localtime(ends, zone),
        }
        return render_form(request, FORM, SafetyForm(initial=initial))
    form = SafetyForm(request.POST)
    if not form.is_valid():
        return render_form(request, FORM, form)
    try:
        message = services.create_safety_message(request.membership, form.to_data())
    except DomainError as error:
        return render_form(request, FORM, form, error=error)
    messages.success(request, _("The safety message has been written."))
    return redirect("readiness:safety_print", event=request.event.slug, pk=message.pk)


@event_view(*LOGISTICS)
@require_http_methods(["GET", "POST"])
def safety_edit(request: EventRequest, pk: int) -> HttpResponse:
    message = access_safety_message_by_id(request.event, pk)
    context = {"safety": message}
    if request.method != "POST":
        form = SafetyForm(initial=SafetyForm.initial_for(message))
        return render_form(request, FORM, form, context)
    form = SafetyForm(request.POST)
    if not form.is_valid():
        return render_form(request, FORM, form, context)
    try:
        services.update_safety_message(request.membership, message, form.to_data())
    except DomainError as error:
        return render_form(request, FORM, form, context, error=error)
    messages.success(request, _("The safety message has been saved."))
    return redirect("readiness:safety_print", event=request.event.slug, pk=message.pk)


@event_view(*SAFETY_APPROVERS)
@require_POST
def safety_approve(request: EventRequest, pk: int) -> HttpResponse:
    message = access_safety_message_by_id(request.event, pk)
    services.approve_safety_message(request.membership, message)
    messages.success(request, _("The safety message has been approved."))
    return redirect("readiness:safety_print", event=request.event.slug, pk=message.pk)


@event_view()
@require_GET
def safety_print(request: EventRequest, pk: int) -> HttpResponse:
    """The message laid out as the ICS 208 form, for the browser's print command."""
    message = access_safety_message_by_id(request.event, pk)
    return render(
        request,
        "readiness/safety_print.html",
        {
            "safety": message,
            "can_edit": request.membership.role in LOGISTICS,
            "can_approve": request.membership.role in SAFETY_APPROVERS,
        },
    )

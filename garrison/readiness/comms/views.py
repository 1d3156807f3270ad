"""The communications plan's screens: the plan, a channel, and the printable ICS 205."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.core.pages import confirm_delete, render_form
from garrison.readiness.comms import services
from garrison.readiness.comms.access import access_channel_by_id
from garrison.readiness.comms.forms import ChannelForm
from garrison.readiness.comms.models import Channel
from garrison.readiness.roles import LOGISTICS

FORM = "readiness/channel_form.html"


def _plan(request: EventRequest, template: str) -> HttpResponse:
    channels = Channel.objects.filter(event=request.event).prefetch_related("units")
    return render(
        request,
        template,
        {"channels": channels, "can_edit": request.membership.role in LOGISTICS},
    )


@event_view()
@require_GET
def comms_plan(request: EventRequest) -> HttpResponse:
    return _plan(request, "readiness/comms_plan.html")


@event_view()
@require_GET
def comms_print(request: EventRequest) -> HttpResponse:
    """The plan laid out as the ICS 205 form, for the browser's print command."""
    return _plan(request, "readiness/comms_print.html")


@event_view(*LOGISTICS)
@require_http_methods(["GET", "POST"])
def channel_create(request: EventRequest) -> HttpResponse:
    event_id = request.event.pk
    if request.method != "POST":
        following = Channel.objects.filter(event_id=event_id).order_by("-number").first()
        initial = {"number": following.number + 1 if following else 1}
        return render_form(request, FORM, ChannelForm(event_id, initial=initial))
    form = ChannelForm(event_id, request.POST)
    if not form.is_valid():
        return render_form(request, FORM, form)
    try:
        services.create_channel(request.membership, form.to_data())
    except DomainError as error:
        return render_form(request, FORM, form, error=error)
    messages.success(request, _("The channel has been added."))
    return redirect("readiness:comms", event=request.event.slug)


@event_view(*LOGISTICS)
@require_http_methods(["GET", "POST"])
def channel_edit(request: EventRequest, pk: int) -> HttpResponse:
    channel = access_channel_by_id(request.user, request.event, pk)
    event_id = request.event.pk
    context = {"channel": channel}
    if request.method != "POST":
        form = ChannelForm(event_id, initial=ChannelForm.initial_for(channel))
        return render_form(request, FORM, form, context)
    form = ChannelForm(event_id, request.POST)
    if not form.is_valid():
        return render_form(request, FORM, form, context)
    try:
        services.update_channel(request.membership, channel, form.to_data())
    except DomainError as error:
        return render_form(request, FORM, form, context, error=error)
    messages.success(request, _("The channel has been saved."))
    return redirect("readiness:comms", event=request.event.slug)


@event_view(*LOGISTICS)
@require_http_methods(["GET", "POST"])
def channel_delete(request: EventRequest, pk: int) -> HttpResponse:
    channel = access_channel_by_id(request.user, request.event, pk)
    if request.method != "POST":
        question = _("Delete the channel “%(channel)s”?") % {"channel": channel}
        return confirm_delete(request, question, "readiness:comms")
    services.delete_channel(request.membership, channel)
    messages.success(request, _("The channel has been deleted."))
    return redirect("readiness:comms", event=request.event.slug)

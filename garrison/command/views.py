"""Screens of the command: the roll-up of the sub-events, directives down, reports up."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from garrison.accounts.decorators import EventRequest, event_view
from garrison.accounts.roles import COMMANDERS
from garrison.command import access, services
from garrison.command.forms import DirectiveForm, ParentForm, ReportForm
from garrison.command.roles import READERS, REPORTERS, SENDERS
from garrison.command.rollup import directive_states, rollup
from garrison.core.errors import DomainError
from garrison.core.pages import render_form
from garrison.events.services.tree import set_parent

RECENT = 20


@event_view(*READERS)
@require_GET
def rollup_view(request: EventRequest) -> HttpResponse:
    event = request.event
    directives = list(access.directives_sent(event)[:RECENT])
    states = directive_states([d.pk for d in directives])
    own = request.membership.inherited_from_id is None
    context = {
        "rows": rollup(event),
        "directives": [(d, states.get(d.pk)) for d in directives],
        "reports": access.reports_received(event)[:RECENT],
        "received": access.deliveries_to(event)[:RECENT],
        "sent_reports": access.reports_sent(event)[:RECENT],
        "can_direct": own and request.membership.role in SENDERS,
        "can_report": own and request.membership.role in REPORTERS and event.parent_id is not None,
        "can_attach": own and request.membership.role in COMMANDERS,
    }
    return render(request, "command/rollup.html", context)


@event_view(*SENDERS)
@require_http_methods(["GET", "POST"])
def directive_create(request: EventRequest) -> HttpResponse:
    template = "command/directive_form.html"
    form = DirectiveForm(request.POST or None, event=request.event)
    if request.method != "POST" or not form.is_valid():
        return render_form(request, template, form)
    try:
        directive = services.send_directive(request.membership, form.to_data())
    except DomainError as error:
        return render_form(request, template, form, error=error)
    count = directive.deliveries.count()
    messages.success(request, _("The directive went to %(n)s sub-events.") % {"n": count})
    return redirect("command:rollup", event=request.event.slug)


@event_view(*REPORTERS)
@require_http_methods(["GET", "POST"])
def report_create(request: EventRequest) -> HttpResponse:
    template = "command/report_form.html"
    form = ReportForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render_form(request, template, form)
    try:
        services.send_report(request.membership, form.to_data())
    except DomainError as error:
        return render_form(request, template, form, error=error)
    messages.success(request, _("The situation report has been sent."))
    return redirect("command:rollup", event=request.event.slug)


@event_view(*COMMANDERS)
@require_http_methods(["GET", "POST"])
def parent_edit(request: EventRequest) -> HttpResponse:
    template = "command/parent_form.html"
    current = request.event.parent
    form = ParentForm(request.POST or None, initial={"parent": current.slug if current else ""})
    if request.method != "POST" or not form.is_valid():
        return render_form(request, template, form)
    try:
        set_parent(request.membership, form.cleaned_data["parent"] or None)
    except DomainError as error:
        return render_form(request, template, form, error=error)
    messages.success(request, _("The event's place in the command tree has been saved."))
    return redirect("command:rollup", event=request.event.slug)

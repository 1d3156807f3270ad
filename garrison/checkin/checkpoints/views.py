"""Screens for checkpoints and enrolling their scanners."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.checkin.access import access_checkpoint_by_id
from garrison.checkin.checkpoints import services
from garrison.checkin.checkpoints.forms import CheckpointForm, EnrolmentForm
from garrison.checkin.models import Checkpoint, Scanner
from garrison.checkin.roles import OFFICERS
from garrison.checkin.scanner.services import start_enrolment
from garrison.core.errors import DomainError
from garrison.core.pages import confirm_delete, render_form

FORM = "checkin/checkpoint_form.html"


@event_view(*OFFICERS)
@require_GET
def checkpoint_list(request: EventRequest) -> HttpResponse:
    checkpoints = Checkpoint.objects.filter(event=request.event).select_related("zone")
    scanners = Scanner.objects.filter(checkpoint__event=request.event).select_related("device")
    by_checkpoint: dict[int, list[Scanner]] = {}
    for scanner in scanners:
        by_checkpoint.setdefault(scanner.checkpoint_id, []).append(scanner)
    rows = [(c, by_checkpoint.get(c.pk, [])) for c in checkpoints]
    return render(
        request, "checkin/checkpoint_list.html", {"rows": rows, "enrol_form": EnrolmentForm()}
    )


@event_view(*OFFICERS)
@require_http_methods(["GET", "POST"])
def checkpoint_create(request: EventRequest) -> HttpResponse:
    form = CheckpointForm(request.POST or None, event=request.event)
    if request.method != "POST" or not form.is_valid():
        return render_form(request, FORM, form)
    try:
        checkpoint = services.create_checkpoint(request.membership, form.to_data())
    except DomainError as error:
        return render_form(request, FORM, form, error=error)
    messages.success(
        request, _("Checkpoint %(name)s has been created.") % {"name": checkpoint.name}
    )
    return redirect("checkin:checkpoints", event=request.event.slug)


@event_view(*OFFICERS)
@require_http_methods(["GET", "POST"])
def checkpoint_edit(request: EventRequest, pk: int) -> HttpResponse:
    checkpoint = access_checkpoint_by_id(request.user, request.event, pk)
    context = {"checkpoint": checkpoint}
    if request.method != "POST":
        form = CheckpointForm(initial=services.checkpoint_summary(checkpoint), event=request.event)
        return render_form(request, FORM, form, context)
    form = CheckpointForm(request.POST, event=request.event)
    if not form.is_valid():
        return render_form(request, FORM, form, context)
    try:
        services.update_checkpoint(request.membership, checkpoint, form.to_data())
    except DomainError as error:
        return render_form(request, FORM, form, context, error=error)
    messages.success(request, _("Checkpoint %(name)s has been saved.") % {"name": checkpoint.name})
    return redirect("checkin:checkpoints", event=request.event.slug)


@event_view(*OFFICERS)
@require_http_methods(["GET", "POST"])
def checkpoint_delete(request: EventRequest, pk: int) -> HttpResponse:
    checkpoint = access_checkpoint_by_id(request.user, request.event, pk)
    if request.method != "POST":
        question = _("Delete checkpoint %(name)s?") % {"name": checkpoint.name}
        return confirm_delete(request, question, "checkin:checkpoints")
    services.delete_checkpoint(request.membership, checkpoint)
    messages.success(
        request, _("Checkpoint %(name)s has been deleted.") % {"name": checkpoint.name}
    )
    return redirect("checkin:checkpoints", event=request.event.slug)


@event_view(*OFFICERS)
@require_POST
def enrol(request: EventRequest, pk: int) -> HttpResponse:
    """Show a one-time code for a phone to become this checkpoint's scanner (once, now)."""
    checkpoint = access_checkpoint_by_id(request.user, request.event, pk)
    form = EnrolmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the device a name."))
        return redirect("checkin:checkpoints", event=request.event.slug)
    try:
        enrolment, code = start_enrolment(request.membership, checkpoint, form.cleaned_data["name"])
    except DomainError as error:
        if error.status in (403, 404):
            raise
        messages.error(request, str(error.message))
        return redirect("checkin:checkpoints", event=request.event.slug)
    response = render(
        request,
        "checkin/enrolment.html",
        {"checkpoint": checkpoint, "enrolment": enrolment, "code": code},
    )
    response["Cache-Control"] = "no-store"
    return response

"""Screens for checkpoints, scanner enrolment and the scans log."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.checkin import occupancy, services
from garrison.checkin.access import access_checkpoint_by_id
from garrison.checkin.forms import CheckpointForm, EnrolmentForm
from garrison.checkin.models import Checkpoint, Scan, Scanner
from garrison.checkin.rules import reason, result_codes
from garrison.checkin.services import OFFICERS
from garrison.core.errors import DomainError
from garrison.core.models import LiveEvent
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
        enrolment, code = services.start_enrolment(
            request.membership, checkpoint, form.cleaned_data["name"]
        )
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


@event_view(*OFFICERS)
@require_GET
def scan_list(request: EventRequest) -> HttpResponse:
    scans = Scan.objects.filter(event=request.event).select_related("checkpoint")
    result = request.GET.get("result", "")
    checkpoint = request.GET.get("checkpoint", "")
    if result in result_codes():
        scans = scans.filter(result=result)
    if checkpoint.isdigit():
        scans = scans.filter(checkpoint_id=int(checkpoint))
    page = Paginator(scans, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "checkin/scan_list.html",
        {
            "page": page,
            "rows": [(scan, reason(scan.result)) for scan in page.object_list],
            "codes": result_codes(),
            "result": result,
            "checkpoint": checkpoint,
            "checkpoints": Checkpoint.objects.filter(event=request.event),
        },
    )


def _occupancy_context(request: EventRequest) -> dict[str, object]:
    return {
        "zones": occupancy.zone_counts(request.event),
        "checkpoints": occupancy.checkpoint_counts(request.event),
    }


@event_view()
@require_GET
def occupancy_view(request: EventRequest) -> HttpResponse:
    """Inside now per zone, entries and exits per checkpoint today; refreshed live."""
    last = (
        LiveEvent.objects.filter(event=request.event)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    context = {**_occupancy_context(request), "live_last": last or 0}
    return render(request, "checkin/occupancy.html", context)


@event_view()
@require_GET
def occupancy_panel(request: EventRequest) -> HttpResponse:
    return render(request, "checkin/_occupancy_panel.html", _occupancy_context(request))

"""Screens for importing an inventory: upload a file, then confirm or discard its preview."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.core.pages import render_form
from garrison.forces.models import Unit
from garrison.readiness import refs
from garrison.readiness.access import access_import_by_id
from garrison.readiness.imports import services
from garrison.readiness.imports.forms import ImportForm
from garrison.readiness.imports.table import COLUMNS, MAX_FILE_BYTES
from garrison.readiness.models import ImportBatch, ResourceType
from garrison.readiness.resources.checks import reason_text
from garrison.readiness.roles import LOGISTICS


@event_view(*LOGISTICS)
@require_http_methods(["GET", "POST"])
def import_upload(request: EventRequest) -> HttpResponse:
    template = "readiness/import_upload.html"
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"columns": list(COLUMNS)}
    if request.method != "POST" or not form.is_valid():
        return render_form(request, template, form, context)
    upload = form.cleaned_data["file"]
    if upload.size > MAX_FILE_BYTES:
        form.add_error("file", _("The file is larger than 1 MB."))
        return render_form(request, template, form, context)
    try:
        batch = services.preview_import(request.membership, upload.name or "", upload.read())
    except DomainError as error:
        return render_form(request, template, form, context, error=error)
    return redirect("readiness:import_preview", event=request.event.slug, pk=batch.pk)


@event_view(*LOGISTICS)
@require_http_methods(["GET", "POST"])
def import_preview(request: EventRequest, pk: int) -> HttpResponse:
    batch = access_import_by_id(request.user, request.event, pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "confirm":
                created = services.confirm_import(request.membership, batch)
                messages.success(request, _("%(n)d items have been imported.") % {"n": created})
                return redirect("readiness:resources", event=request.event.slug)
            services.discard_import(request.membership, batch)
        except DomainError as error:
            if error.status in (403, 404):
                raise
            messages.error(request, str(error.message))
            return redirect("readiness:import_preview", event=request.event.slug, pk=batch.pk)
        return redirect("readiness:import_upload", event=request.event.slug)
    types = dict(ResourceType.objects.filter(event=request.event).values_list("pk", "name"))
    units = dict(Unit.objects.filter(event=request.event).values_list("pk", "code"))
    places = refs.labels(request.event.pk)
    rows = [
        {
            **row,
            "type": types.get(row["type_id"], "?"),
            "owner": units.get(row["owner_unit_id"], "?"),
            "place_label": places.get(row["place"], ""),
        }
        for row in batch.rows[:500]
    ]
    problems = [
        {
            "row": problem["row"],
            "label": problem["label"],
            "reasons": [reason_text(code, params) for code, params in problem["reasons"]],
        }
        for problem in batch.problems
    ]
    return render(
        request,
        "readiness/import_preview.html",
        {
            "batch": batch,
            "rows": rows,
            "good": len(batch.rows),
            "problems": problems,
            "pending": batch.status == ImportBatch.Status.PENDING,
        },
    )

"""Screens for importing an inventory: upload a file, then confirm or discard its preview."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.import_flow import UploadForm, decide_step, upload_step
from garrison.forces.models import Unit
from garrison.readiness import refs
from garrison.readiness.access import access_import_by_id
from garrison.readiness.imports import services
from garrison.readiness.imports.table import COLUMNS, MAX_FILE_BYTES
from garrison.readiness.models import ImportBatch, ResourceType
from garrison.readiness.resources.checks import reason_text
from garrison.readiness.roles import LOGISTICS


@event_view(*LOGISTICS)
@require_http_methods(["GET", "POST"])
def import_upload(request: EventRequest) -> HttpResponse:
    return upload_step(
        request,
        UploadForm(request.POST or None, request.FILES or None),
        "readiness/import_upload.html",
        {"columns": list(COLUMNS)},
        preview=lambda name, data: services.preview_import(request.membership, name, data),
        preview_url="readiness:import_preview",
        max_bytes=MAX_FILE_BYTES,
        too_large=_("The file is larger than 1 MB."),
    )


@event_view(*LOGISTICS)
@require_http_methods(["GET", "POST"])
def import_preview(request: EventRequest, pk: int) -> HttpResponse:
    batch = access_import_by_id(request.user, request.event, pk)
    if request.method == "POST":
        slug = request.event.slug
        return decide_step(
            request,
            confirm=lambda: services.confirm_import(request.membership, batch),
            discard=lambda: services.discard_import(request.membership, batch),
            imported=_("%(n)d items have been imported."),
            confirmed_url=reverse("readiness:resources", kwargs={"event": slug}),
            discarded_url=reverse("readiness:import_upload", kwargs={"event": slug}),
            failed_url=reverse("readiness:import_preview", kwargs={"event": slug, "pk": batch.pk}),
        )
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

"""Screens for importing people: upload a file, then confirm or discard its preview."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from garrison.accounts.decorators import EventRequest, event_view
from garrison.accreditation.access import access_import_by_id
from garrison.accreditation.imports import services as imports
from garrison.accreditation.imports.table import HEADERS, MAX_FILE_BYTES, headers, reason_text
from garrison.accreditation.imports.template_files import FORMATS, template_file
from garrison.accreditation.models import Category, ImportBatch
from garrison.accreditation.roles import OFFICERS
from garrison.core.import_flow import UploadForm, decide_step, upload_step


@event_view(*OFFICERS)
@require_http_methods(["GET", "POST"])
def import_upload(request: EventRequest) -> HttpResponse:
    context = {
        "columns": headers(),
        "templates": [(language, fmt) for language in HEADERS for fmt in FORMATS],
    }
    return upload_step(
        request,
        UploadForm(request.POST or None, request.FILES or None),
        "accreditation/import_upload.html",
        context,
        preview=lambda name, data: imports.preview_import(request.membership, name, data),
        preview_url="accreditation:import_preview",
        max_bytes=MAX_FILE_BYTES,
        too_large=_("The file is larger than 2 MB."),
    )


@event_view(*OFFICERS)
@require_http_methods(["GET", "POST"])
def import_preview(request: EventRequest, pk: int) -> HttpResponse:
    batch = access_import_by_id(request.user, request.event, pk)
    if request.method == "POST":
        upload_url = reverse("accreditation:import_upload", kwargs={"event": request.event.slug})
        return decide_step(
            request,
            confirm=lambda: imports.confirm_import(request.membership, batch),
            discard=lambda: imports.discard_import(request.membership, batch),
            imported=_("%(n)d people have been imported."),
            confirmed_url=reverse("accreditation:people", kwargs={"event": request.event.slug}),
            discarded_url=upload_url,
            failed_url=upload_url,
        )
    categories = dict(Category.objects.filter(event=request.event).values_list("pk", "name"))
    problems = [
        {
            "row": problem["row"],
            "name": problem["name"],
            "reasons": [reason_text(code, params) for code, params in problem["reasons"]],
        }
        for problem in batch.problems
    ]
    rows = [{**row, "category": categories.get(row["category_id"], "?")} for row in batch.rows]
    return render(
        request,
        "accreditation/import_preview.html",
        {
            "batch": batch,
            "problems": problems,
            "rows": rows[:500],
            "pending": batch.status == ImportBatch.Status.PENDING,
        },
    )


@event_view(*OFFICERS)
@require_GET
def import_template(request: EventRequest, language: str, fmt: str) -> HttpResponse:
    """A template to fill in: the headers the importer reads and one example row."""
    if language not in HEADERS or fmt not in FORMATS:
        raise Http404
    response = HttpResponse(template_file(request.event, language, fmt), FORMATS[fmt])
    filename = f"people-template-{language}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

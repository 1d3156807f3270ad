"""Screens for importing people: upload a file, then confirm or discard its preview."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from garrison.accounts.decorators import EventRequest, event_view
from garrison.accreditation.access import access_import_by_id
from garrison.accreditation.imports import services as imports
from garrison.accreditation.imports.forms import ImportForm
from garrison.accreditation.imports.table import HEADERS, MAX_FILE_BYTES, headers, reason_text
from garrison.accreditation.imports.template_files import FORMATS, template_file
from garrison.accreditation.models import Category, ImportBatch
from garrison.accreditation.roles import OFFICERS
from garrison.core.errors import DomainError
from garrison.core.pages import render_form


@event_view(*OFFICERS)
@require_http_methods(["GET", "POST"])
def import_upload(request: EventRequest) -> HttpResponse:
    template = "accreditation/import_upload.html"
    form = ImportForm(request.POST or None, request.FILES or None)
    names = headers()
    context = {
        "columns": names,
        "templates": [(language, fmt) for language in HEADERS for fmt in FORMATS],
    }
    if request.method != "POST" or not form.is_valid():
        return render_form(request, template, form, context)
    upload = form.cleaned_data["file"]
    if upload.size > MAX_FILE_BYTES:
        form.add_error("file", _("The file is larger than 2 MB."))
        return render_form(request, template, form, context)
    try:
        batch = imports.preview_import(request.membership, upload.name or "", upload.read())
    except DomainError as error:
        return render_form(request, template, form, context, error=error)
    return redirect("accreditation:import_preview", event=request.event.slug, pk=batch.pk)


@event_view(*OFFICERS)
@require_http_methods(["GET", "POST"])
def import_preview(request: EventRequest, pk: int) -> HttpResponse:
    batch = access_import_by_id(request.user, request.event, pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "confirm":
                created = imports.confirm_import(request.membership, batch)
                messages.success(request, _("%(n)d people have been imported.") % {"n": created})
                return redirect("accreditation:people", event=request.event.slug)
            imports.discard_import(request.membership, batch)
        except DomainError as error:
            if error.status in (403, 404):
                raise
            messages.error(request, str(error.message))
        return redirect("accreditation:import_upload", event=request.event.slug)
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

"""The task import screen: upload or paste CSV, see every bad row and why, then confirm."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.planning.imports import services
from garrison.planning.imports.forms import ImportForm
from garrison.planning.roles import PLANNERS

TEMPLATE = "planning/task_import.html"


@event_view(*PLANNERS)
@require_http_methods(["GET", "POST"])
def task_import(request: EventRequest) -> HttpResponse:
    context = {"columns": services.COLUMNS}
    if request.method != "POST":
        return render(request, TEMPLATE, {**context, "form": ImportForm()})
    form = ImportForm(request.POST, request.FILES)
    form.is_valid()
    upload = form.cleaned_data.get("file")
    raw = (
        upload.read(services.MAX_BYTES + 1)
        if upload
        else form.cleaned_data.get("text", "").encode()
    )
    confirm = request.POST.get("confirm") == "1"
    try:
        result = services.import_tasks(request.membership, raw, confirm=confirm)
    except DomainError as error:
        form.add_error(None, str(error.message))
        return render(request, TEMPLATE, {**context, "form": form}, status=400)
    if result.saved:
        messages.success(request, _("%(n)d tasks imported.") % {"n": len(result.rows)})
        return redirect("planning:tasks", event=request.event.slug)
    status = 400 if result.bad else 200
    text = raw.decode("utf-8-sig", errors="replace")
    form = ImportForm(initial={"text": text})
    return render(request, TEMPLATE, {**context, "form": form, "result": result}, status=status)

"""The task import screen: upload or paste CSV, see every bad row and why, then confirm."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from garrison.accounts.decorators import PLANNERS, EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.planning import imports

TEMPLATE = "planning/task_import.html"


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file"), required=False)
    text = forms.CharField(
        label=gettext_lazy("Or paste the CSV"), widget=forms.Textarea, required=False
    )


@event_view(*PLANNERS)
@require_http_methods(["GET", "POST"])
def task_import(request: EventRequest) -> HttpResponse:
    context = {"columns": imports.COLUMNS}
    if request.method != "POST":
        return render(request, TEMPLATE, {**context, "form": ImportForm()})
    form = ImportForm(request.POST, request.FILES)
    form.is_valid()
    upload = form.cleaned_data.get("file")
    raw = (
        upload.read(imports.MAX_BYTES + 1) if upload else form.cleaned_data.get("text", "").encode()
    )
    confirm = request.POST.get("confirm") == "1"
    try:
        result = imports.import_tasks(request.membership, raw, confirm=confirm)
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

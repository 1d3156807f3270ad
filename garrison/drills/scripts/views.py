"""Script screens: the list of scripts and drills, a script, its injects, import and copy."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.core.import_flow import UploadForm, decide_step, upload_step
from garrison.core.pages import confirm_delete, render_form
from garrison.drills import access
from garrison.drills.models import ScriptImport
from garrison.drills.roles import CONTROLLERS, READERS, SCRIPT_EDITORS
from garrison.drills.running.forms import DrillForm
from garrison.drills.scripts import services
from garrison.drills.scripts.forms import InjectForm, ScriptForm
from garrison.drills.scripts.services import imports, objectives_text, script_in_use


@event_view(*READERS)
@require_GET
def index(request: EventRequest) -> HttpResponse:
    return render(
        request,
        "drills/index.html",
        {
            "scripts": access.event_scripts(request.event),
            "drills": access.event_drills(request.event)[:100],
            "can_edit": request.membership.role in SCRIPT_EDITORS,
        },
    )


@event_view(*SCRIPT_EDITORS)
@require_http_methods(["GET", "POST"])
def script_create(request: EventRequest) -> HttpResponse:
    template = "drills/script_form.html"
    if request.method != "POST":
        return render_form(request, template, ScriptForm())
    form = ScriptForm(request.POST)
    if not form.is_valid():
        return render_form(request, template, form)
    try:
        script = services.create_script(request.membership, form.to_data())
    except DomainError as error:
        return render_form(request, template, form, error=error)
    return redirect("drills:script", event=request.event.slug, pk=script.pk)


@event_view(*READERS)
@require_GET
def script_detail(request: EventRequest, pk: int) -> HttpResponse:
    script = access.access_script_by_id(request.user, request.event, pk)
    injects = script.injects.select_related("site", "zone", "objective", "contingency_of")
    role = request.membership.role
    return render(
        request,
        "drills/script_detail.html",
        {
            "script": script,
            "scheduled": [i for i in injects if i.contingency_of_id is None],
            "contingencies": [i for i in injects if i.contingency_of_id is not None],
            "can_edit": role in SCRIPT_EDITORS and not script_in_use(script),
            "can_copy": role in SCRIPT_EDITORS,
            "can_run": role in CONTROLLERS,
            "drill_form": DrillForm(),
            "drills": script.drills.all(),
        },
    )


@event_view(*SCRIPT_EDITORS)
@require_http_methods(["GET", "POST"])
def script_edit(request: EventRequest, pk: int) -> HttpResponse:
    script = access.access_script_by_id(request.user, request.event, pk)
    template, context = "drills/script_form.html", {"script": script}
    if request.method != "POST":
        initial = {
            "name": script.name,
            "description": script.description,
            "objectives": objectives_text(script),
        }
        return render_form(request, template, ScriptForm(initial=initial), context)
    form = ScriptForm(request.POST)
    if not form.is_valid():
        return render_form(request, template, form, context)
    try:
        services.update_script(request.membership, script, form.to_data())
    except DomainError as error:
        return render_form(request, template, form, context, error=error)
    return redirect("drills:script", event=request.event.slug, pk=script.pk)


@event_view(*SCRIPT_EDITORS)
@require_POST
def script_copy(request: EventRequest, pk: int) -> HttpResponse:
    script = access.access_script_by_id(request.user, request.event, pk)
    try:
        copy = services.copy_script(request.membership, script, request.POST.get("name", ""))
    except DomainError as error:
        if error.status in (403, 404):
            raise
        messages.error(request, str(error.message))
        return redirect("drills:script", event=request.event.slug, pk=script.pk)
    messages.success(request, _("The script has been copied."))
    return redirect("drills:script", event=request.event.slug, pk=copy.pk)


@event_view(*SCRIPT_EDITORS)
@require_http_methods(["GET", "POST"])
def inject_create(request: EventRequest, pk: int) -> HttpResponse:
    script = access.access_script_by_id(request.user, request.event, pk)
    template, context = "drills/inject_form.html", {"script": script}
    if request.method != "POST":
        return render_form(request, template, InjectForm(script=script), context)
    form = InjectForm(request.POST, script=script)
    if not form.is_valid():
        return render_form(request, template, form, context)
    try:
        services.add_inject(request.membership, script, form.to_data())
    except DomainError as error:
        return render_form(request, template, form, context, error=error)
    return redirect("drills:script", event=request.event.slug, pk=script.pk)


@event_view(*SCRIPT_EDITORS)
@require_http_methods(["GET", "POST"])
def inject_edit(request: EventRequest, pk: int) -> HttpResponse:
    inject = access.access_inject_by_id(request.user, request.event, pk)
    script = inject.script
    template, context = "drills/inject_form.html", {"script": script, "inject": inject}
    if request.method != "POST":
        initial = {
            "offset_minutes": inject.minute,
            "contingency_of": inject.contingency_of_id,
            "kind": inject.kind,
            "incident_type": inject.incident_type,
            "site": inject.site_id,
            "zone": inject.zone_id,
            "lat": inject.lat,
            "lon": inject.lon,
            "severity": inject.severity,
            "text": inject.text,
            "expected_action": inject.expected_action,
            "expected_stage": inject.expected_stage,
            "target_minutes": inject.target_seconds / 60,
            "objective": inject.objective_id,
        }
        return render_form(request, template, InjectForm(initial=initial, script=script), context)
    form = InjectForm(request.POST, script=script)
    if not form.is_valid():
        return render_form(request, template, form, context)
    try:
        services.update_inject(request.membership, inject, form.to_data())
    except DomainError as error:
        return render_form(request, template, form, context, error=error)
    return redirect("drills:script", event=request.event.slug, pk=script.pk)


@event_view(*SCRIPT_EDITORS)
@require_http_methods(["GET", "POST"])
def inject_delete(request: EventRequest, pk: int) -> HttpResponse:
    inject = access.access_inject_by_id(request.user, request.event, pk)
    if request.method != "POST":
        question = _("Delete inject #%(n)d of “%(script)s”?") % {
            "n": inject.number,
            "script": inject.script.name,
        }
        return confirm_delete(request, question, "drills:index")
    try:
        services.delete_inject(request.membership, inject)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        messages.error(request, str(error.message))
    return redirect("drills:script", event=request.event.slug, pk=inject.script_id)


@event_view(*SCRIPT_EDITORS)
@require_http_methods(["GET", "POST"])
def script_import(request: EventRequest, pk: int) -> HttpResponse:
    script = access.access_script_by_id(request.user, request.event, pk)
    # A POST without a file is a bound form with errors (400), not a fresh form as for a GET.
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    return upload_step(
        request,
        form,
        "drills/import_form.html",
        {"script": script, "columns": imports.COLUMNS},
        preview=lambda name, data: imports.preview_import(request.membership, script, name, data),
        preview_url="drills:import_preview",
    )


@event_view(*SCRIPT_EDITORS)
@require_http_methods(["GET", "POST"])
def import_preview(request: EventRequest, pk: int) -> HttpResponse:
    batch = access.access_import_by_id(request.user, request.event, pk)
    error = None
    if request.method == "POST":
        script_url = reverse(
            "drills:script", kwargs={"event": request.event.slug, "pk": batch.script_id}
        )
        try:
            return decide_step(
                request,
                confirm=lambda: imports.confirm_import(request.membership, batch),
                discard=lambda: imports.discard_import(request.membership, batch),
                imported=_("%(n)d injects imported."),
                confirmed_url=script_url,
                discarded_url=script_url,
            )
        except DomainError as caught:
            if caught.status in (403, 404):
                raise
            error = caught
        batch.refresh_from_db()
    return render(
        request,
        "drills/import_preview.html",
        {
            "batch": batch,
            "pending": batch.status == ScriptImport.Status.PENDING,
            "error": error,
        },
        status=error.status if error else 200,
    )

"""Screens of inspections: checklists, inspections of a site, results, failed items → tasks."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError, Forbidden
from garrison.core.pages import render_form
from garrison.forces.access import in_scope
from garrison.planning.inspections import queries, services
from garrison.planning.inspections.forms import InspectionForm, TemplateForm
from garrison.planning.models import ChecklistTemplate, Inspection, ItemResult
from garrison.planning.roles import PLANNERS, UNIT_PLANNERS

TEMPLATE_FORM = "planning/checklist_form.html"
INSPECTION_FORM = "planning/inspection_form.html"


def can_record(request: EventRequest, inspection: Inspection | None = None) -> bool:
    """The command records any inspection; a unit commander those of their subtree's units."""
    membership = request.membership
    if membership.role in PLANNERS:
        return True
    if membership.role not in UNIT_PLANNERS or membership.unit_id is None:
        return False
    if inspection is None:
        return True
    return inspection.unit_id is not None and in_scope(membership, inspection.unit_id)


# --- Checklists --------------------------------------------------------------------------------


@event_view()
@require_GET
def checklist_list(request: EventRequest) -> HttpResponse:
    return render(
        request,
        "planning/checklist_list.html",
        {
            "templates": ChecklistTemplate.objects.filter(event=request.event),
            "can_plan": request.membership.role in PLANNERS,
        },
    )


@event_view(*PLANNERS)
@require_POST
def checklist_install(request: EventRequest) -> HttpResponse:
    added = services.install_standard_templates(request.membership)
    messages.success(request, _("%(n)d standard checklists added.") % {"n": added})
    return redirect("planning:checklists", event=request.event.slug)


@event_view(*PLANNERS)
@require_http_methods(["GET", "POST"])
def checklist_create(request: EventRequest) -> HttpResponse:
    if request.method != "POST":
        return render_form(request, TEMPLATE_FORM, TemplateForm())
    form = TemplateForm(request.POST)
    if not form.is_valid():
        return render_form(request, TEMPLATE_FORM, form)
    try:
        services.save_template(request.membership, form.to_data())
    except DomainError as error:
        return render_form(request, TEMPLATE_FORM, form, error=error)
    messages.success(request, _("The checklist has been saved."))
    return redirect("planning:checklists", event=request.event.slug)


@event_view(*PLANNERS)
@require_http_methods(["GET", "POST"])
def checklist_edit(request: EventRequest, pk: int) -> HttpResponse:
    template = queries.access_template_by_id(request.user, request.event, pk)
    context = {"template": template}
    if request.method != "POST":
        initial = {"name": template.name, "kind": template.kind, "items": "\n".join(template.items)}
        return render_form(request, TEMPLATE_FORM, TemplateForm(initial=initial), context)
    form = TemplateForm(request.POST)
    if not form.is_valid():
        return render_form(request, TEMPLATE_FORM, form, context)
    try:
        services.save_template(request.membership, form.to_data(), template)
    except DomainError as error:
        return render_form(request, TEMPLATE_FORM, form, context, error=error)
    messages.success(request, _("The checklist has been saved."))
    return redirect("planning:checklists", event=request.event.slug)


# --- Inspections -------------------------------------------------------------------------------


@event_view()
@require_GET
def inspection_list(request: EventRequest) -> HttpResponse:
    return render(
        request,
        "planning/inspection_list.html",
        {
            "inspections": queries.inspections_of(request.event).select_related(
                "site", "unit", "inspector"
            ),
            "can_record": can_record(request),
        },
    )


@event_view(*UNIT_PLANNERS)
@require_http_methods(["GET", "POST"])
def inspection_create(request: EventRequest) -> HttpResponse:
    membership = request.membership
    if not can_record(request):
        raise Forbidden(_("Your role in this event does not allow this."))
    if request.method != "POST":
        initial = {"inspector_id": request.user.pk, "unit_id": membership.unit_id}
        return render_form(request, INSPECTION_FORM, InspectionForm(membership, initial=initial))
    form = InspectionForm(membership, request.POST)
    if not form.is_valid():
        return render_form(request, INSPECTION_FORM, form)
    try:
        inspection = services.create_inspection(membership, form.to_data())
    except DomainError as error:
        return render_form(request, INSPECTION_FORM, form, error=error)
    messages.success(request, _("The inspection has been started."))
    return redirect("planning:inspection", event=request.event.slug, pk=inspection.pk)


@event_view()
@require_GET
def inspection_detail(request: EventRequest, pk: int) -> HttpResponse:
    inspection = queries.access_inspection_by_id(request.user, request.event, pk)
    return render(
        request,
        "planning/inspection_detail.html",
        {
            "inspection": inspection,
            "items": inspection.items.select_related("task"),
            "results": ItemResult.choices,
            "can_record": can_record(request, inspection),
        },
    )


@event_view(*UNIT_PLANNERS)
@require_POST
def inspection_results(request: EventRequest, pk: int) -> HttpResponse:
    inspection = queries.access_inspection_by_id(request.user, request.event, pk)
    results: dict[int, tuple[str, str]] = {}
    for item in inspection.items.all():
        result = request.POST.get(f"result-{item.pk}")
        if result is not None:
            results[item.pk] = (result, request.POST.get(f"notes-{item.pk}", ""))
    try:
        changed = services.record_results(request.membership, inspection, results)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        messages.error(request, str(error.message))
        return redirect("planning:inspection", event=request.event.slug, pk=inspection.pk)
    messages.success(request, _("%(n)d items recorded.") % {"n": changed})
    return redirect("planning:inspection", event=request.event.slug, pk=inspection.pk)


@event_view(*UNIT_PLANNERS)
@require_POST
def inspection_item_task(request: EventRequest, pk: int, item: int) -> HttpResponse:
    inspection = queries.access_inspection_by_id(request.user, request.event, pk)
    try:
        task = services.task_for_item(request.membership, inspection, item)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        messages.error(request, str(error.message))
        return redirect("planning:inspection", event=request.event.slug, pk=inspection.pk)
    messages.success(request, _("Task “%(title)s” has been created.") % {"title": task.title})
    return redirect("planning:inspection", event=request.event.slug, pk=inspection.pk)

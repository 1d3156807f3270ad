"""The inventory's screens: the list, one item with its history, taking in, editing, and the
four things done to an item (assign, return, check, repair)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.core.pages import render_form
from garrison.forces.access import visible_units
from garrison.readiness.access import access_resource_by_id, visible_resources
from garrison.readiness.models import Resource, ResourceStatus, ResourceType
from garrison.readiness.resources import services
from garrison.readiness.resources.forms import (
    AssignForm,
    CheckForm,
    NoteForm,
    RepairForm,
    ResourceForm,
)
from garrison.readiness.roles import LOGISTICS

FORM = "readiness/resource_form.html"
PAGE = 100
# What is done to an item, each with its URL (``resource_<action>``) and its history line.
ACTIONS = ("assign", "return", "check", "repair")


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 18 else None


@event_view()
@require_GET
def resource_list(request: EventRequest) -> HttpResponse:
    resources = visible_resources(request.membership).select_related(
        "type", "owner_unit", "site", "zone", "post"
    )
    type_id, unit_id = _int(request.GET.get("type")), _int(request.GET.get("unit"))
    status = request.GET.get("status", "")
    if type_id is not None:
        resources = resources.filter(type_id=type_id)
    if unit_id is not None:
        resources = resources.filter(owner_unit_id=unit_id)
    if status in ResourceStatus.values:
        resources = resources.filter(status=status)
    page = Paginator(resources, PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "readiness/resource_list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "types": ResourceType.objects.filter(event=request.event),
            "units": visible_units(request.membership),
            "statuses": ResourceStatus.choices,
            "filters": {"type": type_id, "unit": unit_id, "status": status},
            "today": services.today_of(request.event),
            "can_edit": request.membership.role in LOGISTICS,
        },
    )


@event_view()
@require_GET
def resource_detail(request: EventRequest, pk: int) -> HttpResponse:
    resource = access_resource_by_id(request.user, request.event, pk)
    return _detail(request, resource)


def _detail(
    request: EventRequest,
    resource: Resource,
    forms: dict[str, object] | None = None,
    status: int = 200,
) -> HttpResponse:
    event_id = request.event.pk
    today = services.today_of(request.event)
    context = {
        "resource": resource,
        "history": resource.history.select_related("by")[:200],
        "today": today,
        "expired": resource.expired(today),
        "overdue": resource.inspection_overdue(today),
        "can_edit": request.membership.role in LOGISTICS,
        "assign_form": AssignForm(event_id),
        "check_form": CheckForm(initial={"condition": resource.condition}),
        "repair_form": RepairForm(initial={"status": resource.status}),
        "return_form": NoteForm(),
        **(forms or {}),
    }
    return render(request, "readiness/resource_detail.html", context, status=status)


@event_view(*LOGISTICS)
@require_http_methods(["GET", "POST"])
def resource_create(request: EventRequest) -> HttpResponse:
    membership = request.membership
    if request.method != "POST":
        initial = {"place": request.GET.get("place", ""), "quantity": 1}
        return render_form(request, FORM, ResourceForm(membership, initial=initial))
    form = ResourceForm(membership, request.POST)
    if not form.is_valid():
        return render_form(request, FORM, form)
    try:
        resource = services.create_resource(membership, form.to_data())
    except DomainError as error:
        return render_form(request, FORM, form, error=error)
    messages.success(request, _("“%(item)s” has been taken in.") % {"item": resource})
    return redirect("readiness:resource", event=request.event.slug, pk=resource.pk)


@event_view(*LOGISTICS)
@require_http_methods(["GET", "POST"])
def resource_edit(request: EventRequest, pk: int) -> HttpResponse:
    resource = access_resource_by_id(request.user, request.event, pk)
    membership = request.membership
    context = {"resource": resource}
    if request.method != "POST":
        initial = services.data_of(resource).__dict__
        form = ResourceForm(membership, initial=initial, editing=True)
        return render_form(request, FORM, form, context)
    form = ResourceForm(membership, request.POST, editing=True)
    if not form.is_valid():
        return render_form(request, FORM, form, context)
    try:
        services.update_resource(membership, resource, form.to_data())
    except DomainError as error:
        return render_form(request, FORM, form, context, error=error)
    messages.success(request, _("The item has been saved."))
    return redirect("readiness:resource", event=request.event.slug, pk=resource.pk)


@event_view(*LOGISTICS)
@require_POST
def resource_action(request: EventRequest, pk: int, action: str) -> HttpResponse:
    """Assign, return, check or repair: the item's page again, with the form's errors if any."""
    resource = access_resource_by_id(request.user, request.event, pk)
    membership = request.membership
    form: AssignForm | CheckForm | RepairForm | NoteForm
    if action == "assign":
        form = AssignForm(request.event.pk, request.POST)
    elif action == "check":
        form = CheckForm(request.POST)
    elif action == "repair":
        form = RepairForm(request.POST)
    else:
        form = NoteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "assign":
                services.assign_resource(membership, resource, data["place"], data["note"])
            elif action == "check":
                services.check_resource(
                    membership, resource, data["condition"], data["next_inspection"], data["note"]
                )
            elif action == "repair":
                services.repair_resource(membership, resource, data["status"], data["note"])
            else:
                services.return_resource(membership, resource, data["note"])
        except DomainError as error:
            if error.status in (403, 404):
                raise
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("The item's history has a new line."))
            return redirect("readiness:resource", event=request.event.slug, pk=resource.pk)
    return _detail(request, resource, {f"{action}_form": form, "open": action}, status=400)

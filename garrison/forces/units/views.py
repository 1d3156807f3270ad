"""Screens of the command tree: the tree, one unit, and editing units."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError, Forbidden
from garrison.core.pages import confirm_delete, render_form
from garrison.forces.access import access_unit_by_id, in_scope, visible_members, visible_units
from garrison.forces.models import Unit
from garrison.forces.roles import PLANNERS, SUBTREE_EDITORS, TREE_EDITORS
from garrison.forces.units import services
from garrison.forces.units.forms import UnitForm

UNIT_FORM = "forces/unit_form.html"


def can_edit(request: EventRequest, unit_id: int | None = None) -> bool:
    """Whether the page offers editing; the services decide for real."""
    membership = request.membership
    if membership.role in PLANNERS:
        return True
    if membership.role not in SUBTREE_EDITORS or membership.unit_id is None:
        return False
    return unit_id is None or in_scope(membership, unit_id)


@event_view()
@require_GET
def tree(request: EventRequest) -> HttpResponse:
    units = list(
        visible_units(request.membership)
        .select_related("base_site")
        .annotate(member_count=Count("members"))
    )
    return render(
        request,
        "forces/tree.html",
        {
            "units": units,
            "can_edit": can_edit(request),
            "can_add_top": request.membership.role in PLANNERS,
        },
    )


@event_view()
@require_GET
def unit_detail(request: EventRequest, pk: int) -> HttpResponse:
    unit = access_unit_by_id(request.user, request.event, pk)
    children = (
        visible_units(request.membership)
        .filter(parent=unit)
        .annotate(member_count=Count("members"))
    )
    members = (
        visible_members(request.membership).filter(unit=unit).prefetch_related("qualifications")
    )
    # Ancestors are shown only as far as the member's own scope reaches.
    visible = set(visible_units(request.membership).values_list("pk", flat=True))
    trail = [u for u in Unit.objects.filter(pk__in=[*_ancestor_ids(unit)]) if u.pk in visible]
    return render(
        request,
        "forces/unit_detail.html",
        {
            "unit": unit,
            "children": children,
            "members": members,
            "trail": trail,
            "can_edit": can_edit(request, unit.pk),
        },
    )


def _ancestor_ids(unit: Unit) -> list[int]:
    return [int(p) for p in unit.path.strip("/").split("/")[:-1] if p]


def _unit_context(unit: Unit | None) -> dict[str, Any]:
    return {"unit": unit}


@event_view(*TREE_EDITORS)
@require_http_methods(["GET", "POST"])
def unit_create(request: EventRequest) -> HttpResponse:
    membership = request.membership
    if request.method != "POST":
        parent = request.GET.get("parent", "")
        initial = {"parent_id": parent} if parent.isdigit() else {}
        if not can_edit(request):
            raise Forbidden(_("Your role in this event does not allow this."))
        return render_form(
            request, UNIT_FORM, UnitForm(membership, initial=initial), _unit_context(None)
        )
    form = UnitForm(membership, request.POST)
    if not form.is_valid():
        return render_form(request, UNIT_FORM, form, _unit_context(None))
    try:
        unit = services.create_unit(membership, form.to_data())
    except DomainError as error:
        return render_form(request, UNIT_FORM, form, _unit_context(None), error=error)
    messages.success(request, _("Unit “%(name)s” has been created.") % {"name": unit.name})
    return redirect("forces:unit", event=request.event.slug, pk=unit.pk)


@event_view(*TREE_EDITORS)
@require_http_methods(["GET", "POST"])
def unit_edit(request: EventRequest, pk: int) -> HttpResponse:
    unit = access_unit_by_id(request.user, request.event, pk)
    membership = request.membership
    if request.method != "POST":
        if not can_edit(request, unit.pk):
            raise Forbidden(_("Your role in this event does not allow this."))
        form = UnitForm(membership, initial=services.unit_summary(unit))
        return render_form(request, UNIT_FORM, form, _unit_context(unit))
    form = UnitForm(membership, request.POST)
    if not form.is_valid():
        return render_form(request, UNIT_FORM, form, _unit_context(unit))
    try:
        unit = services.update_unit(membership, unit, form.to_data())
    except DomainError as error:
        return render_form(request, UNIT_FORM, form, _unit_context(unit), error=error)
    messages.success(request, _("Unit “%(name)s” has been saved.") % {"name": unit.name})
    return redirect("forces:unit", event=request.event.slug, pk=unit.pk)


@event_view(*TREE_EDITORS)
@require_http_methods(["GET", "POST"])
def unit_delete(request: EventRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; only POST deletes."""
    unit = access_unit_by_id(request.user, request.event, pk)
    if request.method != "POST":
        if not can_edit(request, unit.pk):
            raise Forbidden(_("Your role in this event does not allow this."))
        question = _("Delete unit “%(name)s”?") % {"name": unit.name}
        return confirm_delete(request, question, "forces:tree")
    name = unit.name
    try:
        services.delete_unit(request.membership, unit)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        messages.error(request, str(error.message))
        return redirect("forces:unit", event=request.event.slug, pk=unit.pk)
    messages.success(request, _("Unit “%(name)s” has been deleted.") % {"name": name})
    return redirect("forces:tree", event=request.event.slug)

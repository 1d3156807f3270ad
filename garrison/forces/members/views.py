"""Screens of the force members and qualifications."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError, Forbidden
from garrison.core.pages import confirm_delete, render_form
from garrison.forces.access import access_member_by_id, visible_members, visible_units
from garrison.forces.members import services
from garrison.forces.members.forms import MemberForm, QualificationForm
from garrison.forces.models import Qualification
from garrison.forces.roles import PLANNERS, TREE_EDITORS
from garrison.forces.units.views import can_edit

MEMBER_FORM = "forces/member_form.html"


@event_view()
@require_GET
def member_list(request: EventRequest) -> HttpResponse:
    members = visible_members(request.membership).select_related("unit")
    members = members.prefetch_related("qualifications")
    unit = request.GET.get("unit", "")
    if unit.isdigit():
        members = members.filter(unit_id=int(unit))
    qualification = request.GET.get("qualification", "")
    if qualification.isdigit():
        members = members.filter(qualifications__id=int(qualification))
    query = request.GET.get("q", "").strip()[:100]
    if query:
        members = members.filter(Q(full_name__icontains=query) | Q(rank__icontains=query))
    page = Paginator(members, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "forces/member_list.html",
        {
            "page": page,
            "units": visible_units(request.membership).only("pk", "code", "name", "path"),
            "qualifications": Qualification.objects.filter(event=request.event),
            "selected_unit": unit,
            "selected_qualification": qualification,
            "query": query,
            "can_edit": can_edit(request),
        },
    )


@event_view(*TREE_EDITORS)
@require_http_methods(["GET", "POST"])
def member_create(request: EventRequest) -> HttpResponse:
    membership = request.membership
    if request.method != "POST":
        if not can_edit(request):
            raise Forbidden(_("Your role in this event does not allow this."))
        unit = request.GET.get("unit", "")
        initial = {"unit_id": unit} if unit.isdigit() else {}
        return render_form(request, MEMBER_FORM, MemberForm(membership, initial=initial))
    form = MemberForm(membership, request.POST)
    if not form.is_valid():
        return render_form(request, MEMBER_FORM, form)
    try:
        member = services.create_member(membership, form.to_data())
    except DomainError as error:
        return render_form(request, MEMBER_FORM, form, error=error)
    messages.success(request, _("“%(name)s” has been added.") % {"name": member.full_name})
    return redirect("forces:unit", event=request.event.slug, pk=member.unit_id)


@event_view(*TREE_EDITORS)
@require_http_methods(["GET", "POST"])
def member_edit(request: EventRequest, pk: int) -> HttpResponse:
    member = access_member_by_id(request.user, request.event, pk)
    membership = request.membership
    context = {"member": member}
    if request.method != "POST":
        if not can_edit(request, member.unit_id):
            raise Forbidden(_("Your role in this event does not allow this."))
        form = MemberForm(membership, initial=services.member_details(member))
        return render_form(request, MEMBER_FORM, form, context)
    form = MemberForm(membership, request.POST)
    if not form.is_valid():
        return render_form(request, MEMBER_FORM, form, context)
    try:
        member = services.update_member(membership, member, form.to_data())
    except DomainError as error:
        return render_form(request, MEMBER_FORM, form, context, error=error)
    messages.success(request, _("“%(name)s” has been saved.") % {"name": member.full_name})
    return redirect("forces:unit", event=request.event.slug, pk=member.unit_id)


@event_view(*TREE_EDITORS)
@require_http_methods(["GET", "POST"])
def member_delete(request: EventRequest, pk: int) -> HttpResponse:
    member = access_member_by_id(request.user, request.event, pk)
    if request.method != "POST":
        if not can_edit(request, member.unit_id):
            raise Forbidden(_("Your role in this event does not allow this."))
        question = _("Remove “%(name)s” from the forces?") % {"name": member.full_name}
        return confirm_delete(request, question, "forces:members")
    unit_id, name = member.unit_id, member.full_name
    services.delete_member(request.membership, member)
    messages.success(request, _("“%(name)s” has been removed.") % {"name": name})
    return redirect("forces:unit", event=request.event.slug, pk=unit_id)


@event_view()
@require_http_methods(["GET"])
def qualification_list(request: EventRequest) -> HttpResponse:
    qualifications = Qualification.objects.filter(event=request.event)
    return render(
        request,
        "forces/qualification_list.html",
        {
            "qualifications": qualifications,
            "form": QualificationForm(),
            "can_plan": request.membership.role in PLANNERS,
        },
    )


@event_view(*PLANNERS)
@require_http_methods(["GET", "POST"])
def qualification_create(request: EventRequest) -> HttpResponse:
    template = "forces/qualification_form.html"
    if request.method != "POST":
        return render_form(request, template, QualificationForm())
    form = QualificationForm(request.POST)
    if not form.is_valid():
        return render_form(request, template, form)
    try:
        qualification = services.create_qualification(request.membership, form.to_data())
    except DomainError as error:
        return render_form(request, template, form, error=error)
    messages.success(request, _("“%(name)s” has been added.") % {"name": qualification.name})
    return redirect("forces:qualifications", event=request.event.slug)

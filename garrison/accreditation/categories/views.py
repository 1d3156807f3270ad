"""Screens for categories and the category × zone matrix."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from garrison.accounts.decorators import EventRequest, event_view
from garrison.accreditation.access import access_category_by_id
from garrison.accreditation.categories import services
from garrison.accreditation.categories.forms import CategoryForm, WindowForm
from garrison.accreditation.models import Category
from garrison.accreditation.roles import OFFICERS
from garrison.core.errors import DomainError
from garrison.core.pages import confirm_delete, render_form
from garrison.events.access import access_zone_by_id

CATEGORY_FORM = "accreditation/category_form.html"


@event_view(*OFFICERS)
@require_GET
def category_list(request: EventRequest) -> HttpResponse:
    categories = Category.objects.filter(event=request.event)
    return render(request, "accreditation/category_list.html", {"categories": categories})


@event_view(*OFFICERS)
@require_http_methods(["GET", "POST"])
def category_create(request: EventRequest) -> HttpResponse:
    form = CategoryForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render_form(request, CATEGORY_FORM, form)
    try:
        category = services.create_category(request.membership, form.to_data())
    except DomainError as error:
        return render_form(request, CATEGORY_FORM, form, error=error)
    messages.success(request, _("Category %(code)s has been created.") % {"code": category.code})
    return redirect("accreditation:categories", event=request.event.slug)


@event_view(*OFFICERS)
@require_http_methods(["GET", "POST"])
def category_edit(request: EventRequest, pk: int) -> HttpResponse:
    category = access_category_by_id(request.user, request.event, pk)
    context = {"category": category}
    if request.method != "POST":
        form = CategoryForm(initial=services.category_summary(category))
        return render_form(request, CATEGORY_FORM, form, context)
    form = CategoryForm(request.POST)
    if not form.is_valid():
        return render_form(request, CATEGORY_FORM, form, context)
    try:
        category = services.update_category(request.membership, category, form.to_data())
    except DomainError as error:
        return render_form(request, CATEGORY_FORM, form, context, error=error)
    messages.success(request, _("Category %(code)s has been saved.") % {"code": category.code})
    return redirect("accreditation:categories", event=request.event.slug)


@event_view(*OFFICERS)
@require_http_methods(["GET", "POST"])
def category_delete(request: EventRequest, pk: int) -> HttpResponse:
    category = access_category_by_id(request.user, request.event, pk)
    if request.method != "POST":
        question = _("Delete category %(code)s “%(name)s”?") % {
            "code": category.code,
            "name": category.name,
        }
        return confirm_delete(request, question, "accreditation:categories")
    try:
        services.delete_category(request.membership, category)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        messages.error(request, str(error.message))
        return redirect("accreditation:categories", event=request.event.slug)
    messages.success(request, _("Category %(code)s has been deleted.") % {"code": category.code})
    return redirect("accreditation:categories", event=request.event.slug)


@event_view(*OFFICERS)
@require_GET
def matrix(request: EventRequest) -> HttpResponse:
    categories, zones, grants = services.matrix(request.membership)
    rows = [
        (category, [(zone, grants.get((category.pk, zone.pk))) for zone in zones])
        for category in categories
    ]
    return render(request, "accreditation/matrix.html", {"zones": zones, "rows": rows})


@event_view(*OFFICERS)
@require_http_methods(["GET", "POST"])
def matrix_cell(request: EventRequest, category: int, zone: int) -> HttpResponse:
    cat = access_category_by_id(request.user, request.event, category)
    zone_obj = access_zone_by_id(request.user, request.event, zone)
    context = {"category": cat, "zone": zone_obj}
    template = "accreditation/matrix_cell.html"
    if request.method != "POST":
        grant = cat.grants.filter(zone=zone_obj).first()
        event = request.event
        initial = (
            {"granted": True, **services.window_summary(grant)}
            if grant
            else {"granted": False, "first_day": event.starts_on, "last_day": event.ends_on}
        )
        return render_form(request, template, WindowForm(initial=initial), context)
    form = WindowForm(request.POST)
    if not form.is_valid():
        return render_form(request, template, form, context)
    try:
        services.set_category_grant(request.membership, cat, zone_obj.pk, form.to_window())
    except DomainError as error:
        return render_form(request, template, form, context, error=error)
    messages.success(
        request,
        _("Access of %(category)s to %(zone)s has been saved.")
        % {
            "category": cat.code,
            "zone": zone_obj.code,
        },
    )
    return redirect("accreditation:matrix", event=request.event.slug)

"""The catalogue's screens: kinds and types, and the standard catalogue."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.core.pages import render_form
from garrison.readiness.access import access_type_by_id
from garrison.readiness.catalogue import services
from garrison.readiness.catalogue.forms import KindForm, TypeForm
from garrison.readiness.models import ResourceKind, ResourceType
from garrison.readiness.roles import LOGISTICS

TYPE_FORM = "readiness/type_form.html"


@event_view()
@require_GET
def catalogue(request: EventRequest) -> HttpResponse:
    types = (
        ResourceType.objects.filter(event=request.event)
        .select_related("kind")
        .annotate(items=Count("resources"), total=Sum("resources__quantity"))
    )
    return render(
        request,
        "readiness/catalogue.html",
        {
            "kinds": ResourceKind.objects.filter(event=request.event),
            "types": types,
            "can_edit": request.membership.role in LOGISTICS,
        },
    )


@event_view(*LOGISTICS)
@require_POST
def catalogue_install(request: EventRequest) -> HttpResponse:
    added = services.install_standard_catalogue(request.membership)
    messages.success(request, _("%(n)d types have been added.") % {"n": added})
    return redirect("readiness:catalogue", event=request.event.slug)


@event_view(*LOGISTICS)
@require_http_methods(["GET", "POST"])
def kind_create(request: EventRequest) -> HttpResponse:
    template = "readiness/kind_form.html"
    form = KindForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render_form(request, template, form)
    try:
        services.create_kind(request.membership, **form.cleaned_data)
    except DomainError as error:
        return render_form(request, template, form, error=error)
    messages.success(request, _("The kind has been added."))
    return redirect("readiness:catalogue", event=request.event.slug)


@event_view(*LOGISTICS)
@require_http_methods(["GET", "POST"])
def type_create(request: EventRequest) -> HttpResponse:
    form = TypeForm(request.event.pk, request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render_form(request, TYPE_FORM, form)
    try:
        services.create_type(request.membership, form.to_data())
    except DomainError as error:
        return render_form(request, TYPE_FORM, form, error=error)
    messages.success(request, _("The type has been added."))
    return redirect("readiness:catalogue", event=request.event.slug)


@event_view(*LOGISTICS)
@require_http_methods(["GET", "POST"])
def type_edit(request: EventRequest, pk: int) -> HttpResponse:
    resource_type = access_type_by_id(request.user, request.event, pk)
    context = {"resource_type": resource_type}
    if request.method != "POST":
        initial = services.type_summary(resource_type)
        return render_form(request, TYPE_FORM, TypeForm(request.event.pk, initial=initial), context)
    form = TypeForm(request.event.pk, request.POST)
    if not form.is_valid():
        return render_form(request, TYPE_FORM, form, context)
    try:
        services.update_type(request.membership, resource_type, form.to_data())
    except DomainError as error:
        return render_form(request, TYPE_FORM, form, context, error=error)
    messages.success(request, _("The type has been saved."))
    return redirect("readiness:catalogue", event=request.event.slug)

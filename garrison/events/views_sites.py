"""Sites: the places the event uses (venue, hotels, key targets, hospitals, …)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from garrison.accounts.decorators import EventRequest, can_plan, event_view
from garrison.core.errors import DomainError
from garrison.core.pages import confirm_delete, render_form
from garrison.events import services
from garrison.events.access import access_site_by_id
from garrison.events.forms import SiteForm
from garrison.events.models import Site
from garrison.events.roles import EDITORS
from garrison.events.views_geo import feature_collection, map_context

TEMPLATE = "events/site_form.html"


def _form_context(request: EventRequest, site: Site | None) -> dict[str, Any]:
    context = map_context(feature_collection(request.event), request.event)
    context.update({"site": site})
    return context


@event_view()
@require_GET
def site_list(request: EventRequest) -> HttpResponse:
    sites = Site.objects.filter(event=request.event).annotate(zone_count=Count("zones"))
    return render(
        request,
        "events/site_list.html",
        {"sites": sites, "can_plan": can_plan(request)},
    )


@event_view(*EDITORS)
@require_http_methods(["GET", "POST"])
def site_create(request: EventRequest) -> HttpResponse:
    if request.method != "POST":
        return render_form(request, TEMPLATE, SiteForm(), _form_context(request, None))
    form = SiteForm(request.POST)
    if not form.is_valid():
        return render_form(request, TEMPLATE, form, _form_context(request, None))
    try:
        site = services.create_site(request.membership, form.to_data())
    except DomainError as error:
        return render_form(request, TEMPLATE, form, _form_context(request, None), error=error)
    messages.success(request, _("Site “%(name)s” has been created.") % {"name": site.name})
    return redirect("events:sites", event=request.event.slug)


@event_view(*EDITORS)
@require_http_methods(["GET", "POST"])
def site_edit(request: EventRequest, pk: int) -> HttpResponse:
    site = access_site_by_id(request.user, request.event, pk)
    if request.method != "POST":
        form = SiteForm(initial=services.site_feature(site) | {"address": site.address})
        return render_form(request, TEMPLATE, form, _form_context(request, site))
    form = SiteForm(request.POST)
    if not form.is_valid():
        return render_form(request, TEMPLATE, form, _form_context(request, site))
    try:
        site = services.update_site(request.membership, site, form.to_data())
    except DomainError as error:
        return render_form(request, TEMPLATE, form, _form_context(request, site), error=error)
    messages.success(request, _("Site “%(name)s” has been saved.") % {"name": site.name})
    return redirect("events:sites", event=request.event.slug)


@event_view(*EDITORS)
@require_http_methods(["GET", "POST"])
def site_delete(request: EventRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation (works without JavaScript); only POST deletes."""
    site = access_site_by_id(request.user, request.event, pk)
    if request.method != "POST":
        question = _("Delete site “%(name)s”?") % {"name": site.name}
        zones = site.zones.count()
        warning = (
            ngettext(
                "Its %(n)d zone will be deleted with it.",
                "Its %(n)d zones will be deleted with it.",
                zones,
            )
            % {"n": zones}
            if zones
            else ""
        )
        return confirm_delete(request, question, "events:sites", warning)
    name = site.name
    services.delete_site(request.membership, site)
    messages.success(request, _("Site “%(name)s” has been deleted.") % {"name": name})
    return redirect("events:sites", event=request.event.slug)

"""The readiness page and the minimum levels' screens."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.core.pages import confirm_delete, render_form
from garrison.readiness import refs
from garrison.readiness.access import access_requirement_by_id, visible_resources
from garrison.readiness.alerts.services import due_soon
from garrison.readiness.models import Requirement
from garrison.readiness.places import readiness
from garrison.readiness.places import services as levels
from garrison.readiness.places.forms import RequirementForm
from garrison.readiness.resources.services import today_of
from garrison.readiness.roles import LOGISTICS


@event_view()
@require_GET
def board(request: EventRequest) -> HttpResponse:
    """Every place's readiness, worst first, and the items falling due."""
    today = today_of(request.event)
    places = readiness.readiness_of(request.event, today)
    wanted = request.GET.get("status")
    shown = [place for place in places if place.status == wanted] if wanted else places
    return render(
        request,
        "readiness/board.html",
        {
            "places": shown,
            "tally": readiness.tally(places),
            "status": wanted,
            "due": due_soon(visible_resources(request.membership), today, limit=100),
            "today": today,
            "alert_days": readiness.ALERT_DAYS,
            "can_edit": request.membership.role in LOGISTICS,
        },
    )


@event_view()
@require_GET
def requirements(request: EventRequest) -> HttpResponse:
    rows = list(Requirement.objects.filter(event=request.event).select_related("type"))
    names = refs.labels(request.event.pk)
    listed = sorted(
        ((names.get(str(refs.of(row)), "?"), row) for row in rows),
        key=lambda pair: (pair[0].casefold(), pair[1].type.name),
    )
    return render(
        request,
        "readiness/requirements.html",
        {"rows": listed, "can_edit": request.membership.role in LOGISTICS},
    )


@event_view(*LOGISTICS)
@require_http_methods(["GET", "POST"])
def requirement_create(request: EventRequest) -> HttpResponse:
    template = "readiness/requirement_form.html"
    event_id = request.event.pk
    if request.method != "POST":
        initial = {"place": request.GET.get("place", "")}
        return render_form(request, template, RequirementForm(event_id, initial=initial))
    form = RequirementForm(event_id, request.POST)
    if not form.is_valid():
        return render_form(request, template, form)
    data = form.cleaned_data
    try:
        levels.set_requirement(request.membership, data["type_id"], data["place"], data["quantity"])
    except DomainError as error:
        return render_form(request, template, form, error=error)
    messages.success(request, _("The minimum level has been saved."))
    return redirect("readiness:requirements", event=request.event.slug)


@event_view(*LOGISTICS)
@require_http_methods(["GET", "POST"])
def requirement_delete(request: EventRequest, pk: int) -> HttpResponse:
    requirement = access_requirement_by_id(request.user, request.event, pk)
    if request.method != "POST":
        question = _("Remove the minimum level of %(type)s at this place?") % {
            "type": requirement.type.name
        }
        return confirm_delete(request, question, "readiness:requirements")
    levels.delete_requirement(request.membership, requirement)
    messages.success(request, _("The minimum level has been removed."))
    return redirect("readiness:requirements", event=request.event.slug)

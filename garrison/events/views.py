"""The event's dashboard (with its live-updating panel) and the event settings screen."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from garrison.accounts.decorators import EventRequest, can_plan, event_view
from garrison.core.errors import DomainError
from garrison.core.glance import Glance, GlanceCard, glance_named, glances_for
from garrison.core.models import LiveEvent
from garrison.core.pages import render_form
from garrison.events import services
from garrison.events.forms import EventForm
from garrison.events.models import Event, SiteKind, Zone
from garrison.events.retention import policy_for
from garrison.events.roles import EDITORS
from garrison.events.views_geo import feature_collection, map_context


def _panel_context(request: EventRequest) -> dict[str, Any]:
    event: Event = request.event
    by_kind: dict[str, int] = dict(
        event.sites.order_by().values("kind").annotate(n=Count("id")).values_list("kind", "n")
    )
    zones = Zone.objects.filter(event=event).select_related("site").order_by("site__name", "code")
    return {
        "event": event,
        "can_plan": can_plan(request),
        "phases": event.phases.order_by("starts_at"),
        "site_counts": [(label, by_kind.get(value, 0)) for value, label in SiteKind.choices],
        "site_total": sum(by_kind.values()),
        "zones": zones,
        "zone_capacity": zones.aggregate(total=Sum("capacity"))["total"],
        "purge_on": policy_for(event).purge_on,
    }


def _cards(request: EventRequest, glances: list[Glance]) -> list[tuple[Glance, GlanceCard]]:
    """The cards the domain apps registered (core.glance), drawn for this viewer."""
    drawn = ((glance, glance.fn(request.event, request.membership)) for glance in glances)
    return [(glance, card) for glance, card in drawn if card is not None]


@event_view()
@require_GET
def dashboard(request: EventRequest) -> HttpResponse:
    # The feed starts after the newest journalled event: everything before it is already in
    # the page, rendered from the database below.
    last = (
        LiveEvent.objects.filter(event=request.event)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    context = _panel_context(request)
    context.update(map_context(feature_collection(request.event), request.event))
    context["live_last"] = last or 0
    context["cards"] = _cards(request, glances_for(request.membership.role))
    return render(request, "events/dashboard.html", context)


@event_view()
@require_GET
def dashboard_glance(request: EventRequest, name: str) -> HttpResponse:
    """One card at a glance alone, re-fetched by the dashboard on the live events it follows."""
    glance = glance_named(name, request.membership.role)
    if glance is None:
        raise Http404
    cards = _cards(request, [glance])
    if not cards:
        return HttpResponse("")
    glance, card = cards[0]
    return render(request, "events/_glance_card.html", {"glance": glance, "card": card})


@event_view()
@require_GET
def dashboard_panel(request: EventRequest) -> HttpResponse:
    """The sites/zones/phases panel alone, re-fetched by the dashboard on a live event."""
    return render(request, "events/_dashboard_panel.html", _panel_context(request))


@event_view(*EDITORS)
@require_http_methods(["GET", "POST"])
def event_settings(request: EventRequest) -> HttpResponse:
    template = "events/event_form.html"
    if request.method != "POST":
        form = EventForm(initial=EventForm.initial_for(request.event))
        return render_form(request, template, form)
    form = EventForm(request.POST)
    if not form.is_valid():
        return render_form(request, template, form)
    try:
        event = services.update_event(request.membership, form.to_data())
    except DomainError as error:
        return render_form(request, template, form, error=error)
    messages.success(request, _("The event has been saved."))
    return redirect("events:dashboard", event=event.slug)

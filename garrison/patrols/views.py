"""Screens of patrols: points and their plaques, tours and their compliance, the phone's walk."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.core.pages import render_form
from garrison.core.qr import qr_svg
from garrison.patrols import services
from garrison.patrols.forms import PointForm, TourForm
from garrison.patrols.models import Point, Round, Tour
from garrison.patrols.plaques import plaque_text
from garrison.patrols.report import compliance
from garrison.patrols.roles import PLANNERS, READERS, WALKERS

POINT_FORM = "patrols/point_form.html"
TOUR_FORM = "patrols/tour_form.html"
REPORT_DAYS = 2


@event_view(*READERS)
@require_GET
def tour_list(request: EventRequest) -> HttpResponse:
    now = timezone.now()
    tours = list(Tour.objects.filter(event=request.event).prefetch_related("stops"))
    upcoming = {
        r.tour_id: r
        for r in Round.objects.filter(tour__event=request.event, starts_at__gte=now).order_by(
            "-starts_at"
        )
    }
    alerts = Round.objects.filter(
        tour__event=request.event,
        state=Round.State.MISSED,
        ends_at__gte=now - dt.timedelta(days=1),
    ).select_related("tour")
    context = {
        "rows": [(tour, upcoming.get(tour.pk)) for tour in tours],
        "alerts": alerts.order_by("-ends_at")[:20],
        "can_plan": request.membership.role in PLANNERS,
        "can_walk": request.membership.role in WALKERS,
    }
    return render(request, "patrols/tour_list.html", context)


@event_view(*READERS)
@require_GET
def tour_detail(request: EventRequest, pk: int) -> HttpResponse:
    tour = get_object_or_404(Tour, pk=pk, event=request.event)
    now = timezone.now()
    report = compliance(tour, now - dt.timedelta(days=REPORT_DAYS), now + dt.timedelta(hours=3))
    context = {
        "tour": tour,
        "report": report,
        "now": now,
        "can_plan": request.membership.role in PLANNERS,
    }
    return render(request, "patrols/tour_detail.html", context)


@event_view(*PLANNERS)
@require_http_methods(["GET", "POST"])
def tour_create(request: EventRequest) -> HttpResponse:
    form = TourForm(request.POST or None, event=request.event)
    if request.method != "POST" or not form.is_valid():
        return render_form(request, TOUR_FORM, form)
    try:
        tour = services.create_tour(request.membership, form.to_data())
    except DomainError as error:
        return render_form(request, TOUR_FORM, form, error=error)
    messages.success(request, _("Tour %(name)s has been created.") % {"name": tour.name})
    return redirect("patrols:tour", event=request.event.slug, pk=tour.pk)


@event_view(*PLANNERS)
@require_http_methods(["GET", "POST"])
def tour_edit(request: EventRequest, pk: int) -> HttpResponse:
    tour = get_object_or_404(Tour, pk=pk, event=request.event)
    context = {"tour": tour}
    if request.method != "POST":
        initial = {
            **services.tour_summary(tour),
            "point_ids": [s.point_id for s in tour.stops.all()],
        }
        initial["times"] = ", ".join(tour.times)
        initial.update(day_start=tour.day_start, day_end=tour.day_end)
        return render_form(
            request, TOUR_FORM, TourForm(initial=initial, event=request.event), context
        )
    form = TourForm(request.POST, event=request.event)
    if not form.is_valid():
        return render_form(request, TOUR_FORM, form, context)
    try:
        services.update_tour(request.membership, tour, form.to_data())
    except DomainError as error:
        return render_form(request, TOUR_FORM, form, context, error=error)
    messages.success(request, _("Tour %(name)s has been saved.") % {"name": tour.name})
    return redirect("patrols:tour", event=request.event.slug, pk=tour.pk)


@event_view(*PLANNERS)
@require_GET
def point_list(request: EventRequest) -> HttpResponse:
    points = Point.objects.filter(event=request.event).select_related("site", "zone")
    return render(request, "patrols/point_list.html", {"points": points})


@event_view(*PLANNERS)
@require_http_methods(["GET", "POST"])
def point_create(request: EventRequest) -> HttpResponse:
    form = PointForm(request.POST or None, event=request.event)
    if request.method != "POST" or not form.is_valid():
        return render_form(request, POINT_FORM, form)
    try:
        point = services.create_point(request.membership, form.to_data())
    except DomainError as error:
        return render_form(request, POINT_FORM, form, error=error)
    messages.success(request, _("Patrol point %(name)s has been created.") % {"name": point.name})
    return redirect("patrols:points", event=request.event.slug)


@event_view(*PLANNERS)
@require_http_methods(["GET", "POST"])
def point_edit(request: EventRequest, pk: int) -> HttpResponse:
    point = get_object_or_404(Point, pk=pk, event=request.event)
    context = {"point": point}
    if request.method != "POST":
        form = PointForm(
            initial=services.point_summary(point) | {"instructions": point.instructions},
            event=request.event,
        )
        return render_form(request, POINT_FORM, form, context)
    form = PointForm(request.POST, event=request.event)
    if not form.is_valid():
        return render_form(request, POINT_FORM, form, context)
    try:
        services.update_point(request.membership, point, form.to_data())
    except DomainError as error:
        return render_form(request, POINT_FORM, form, context, error=error)
    messages.success(request, _("Patrol point %(name)s has been saved.") % {"name": point.name})
    return redirect("patrols:points", event=request.event.slug)


@event_view(*PLANNERS)
@require_GET
def plaques(request: EventRequest) -> HttpResponse:
    """The plaques to print and fix at the points: a signed QR, the name and the serial."""
    cards = [
        (point, qr_svg(plaque_text(request.event, point.serial)).decode())
        for point in Point.objects.filter(event=request.event)
    ]
    return render(request, "patrols/plaques.html", {"cards": cards})


@event_view(*WALKERS)
@require_GET
def walk(request: EventRequest) -> HttpResponse:
    """The field officer's phone: scan plaques with the camera, also offline."""
    return render(request, "patrols/walk.html", {})

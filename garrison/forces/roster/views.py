"""Screens of the roster: the day's grid, rules, solving with progress, hand-made shifts,
print-outs, everyone's and my shifts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.accounts.scope import filter_by_unit, unit_scope
from garrison.core.errors import DomainError
from garrison.core.pages import confirm_delete, render_form
from garrison.core.services import queue
from garrison.forces.access import access_post_by_id, access_unit_by_id, visible_members
from garrison.forces.models import Assignment, ForceMember, Post, RosterRun, RunStatus, Unit
from garrison.forces.roles import PLANNERS
from garrison.forces.roster import grid, services
from garrison.forces.roster.forms import AssignForm, RulesForm
from garrison.forces.roster.services.runs import expire_stale, start_run

RULES_FORM = "forces/roster_rules.html"


def _assignments(request: EventRequest) -> QuerySet[Assignment]:
    return Assignment.objects.filter(event=request.event).select_related("post", "member__unit")


@event_view(*PLANNERS)
@require_http_methods(["GET", "POST"])
def rules_edit(request: EventRequest) -> HttpResponse:
    rules = services.rules_for(request.event)
    context = {"rules": rules}
    if request.method != "POST":
        fields = RulesForm.base_fields
        form = RulesForm(initial={name: getattr(rules, name) for name in fields})
        return render_form(request, RULES_FORM, form, context)
    form = RulesForm(request.POST)
    if not form.is_valid():
        return render_form(request, RULES_FORM, form, context)
    try:
        services.update_rules(request.membership, form.to_data())
    except DomainError as error:
        return render_form(request, RULES_FORM, form, context, error=error)
    messages.success(request, _("The roster rules have been saved."))
    return redirect("forces:roster", event=request.event.slug)


def _latest_run(request: EventRequest) -> dict[str, object]:
    expire_stale(request.event)
    run = RosterRun.objects.filter(event=request.event).first()
    # A run waiting while no worker runs would wait unexplained: the page says why.
    no_worker = run is not None and run.status == RunStatus.QUEUED and not queue.workers_alive()
    return {"run": run, "no_worker": no_worker}


def _visible_ids(request: EventRequest) -> frozenset[int] | None:
    """The members whose names the viewer may read: None for the whole event.

    A unit-scoped viewer reads their subtree's members, and always themselves (a field officer
    linked to a member sees their own shifts even without a unit).
    """
    if unit_scope(request.membership) is None:
        return None
    ids = set(visible_members(request.membership).values_list("pk", flat=True))
    ids.update(
        ForceMember.objects.filter(event=request.event, user=request.user).values_list(
            "pk", flat=True
        )
    )
    return frozenset(ids)


def _day(request: EventRequest, days: list[dt.date]) -> dt.date:
    """The day asked for (``?day=YYYY-MM-DD``, one of the event's), else today or the first."""
    asked = request.GET.get("day")
    if asked:
        try:
            day = dt.date.fromisoformat(asked)
        except ValueError:
            raise Http404 from None
        if day not in days:
            raise Http404
        return day
    today = timezone.localdate(timezone=request.event.tzinfo)
    return today if today in days else days[0]


@event_view()
@require_GET
def roster(request: EventRequest) -> HttpResponse:
    """The day's post × hour grid and who is on duty; the solver's figures behind "details"."""
    rules = services.rules_for(request.event)
    days = grid.event_days(request.event)
    day = _day(request, days)
    units = Unit.objects.filter(event=request.event, members__assignments__isnull=False).distinct()
    visible = _visible_ids(request)
    pinned = _assignments(request).filter(pinned=True)
    if visible is not None:
        pinned = pinned.filter(member_id__in=visible)
    return render(
        request,
        "forces/roster.html",
        {
            "grid": grid.build_day(request.event, day, visible),
            "days": days,
            "day": day,
            **_latest_run(request),
            "rules": rules,
            "posts": Post.objects.filter(event=request.event),
            "units": filter_by_unit(units, request.membership, field="id"),
            "can_plan": request.membership.role in PLANNERS,
            "assignment_count": _assignments(request).count(),
            "pinned": pinned[:200],
        },
    )


@event_view()
@require_GET
def roster_people(request: EventRequest) -> HttpResponse:
    """Each member the viewer may see, with their shifts across the event, for print."""
    visible = _visible_ids(request)
    members = ForceMember.objects.filter(event=request.event).select_related("unit")
    if visible is not None:
        members = members.filter(pk__in=visible)
    people = grid.people_shifts(request.event, members.order_by("unit__code", "full_name", "pk"))
    by_unit: dict[Unit, list[grid.Person]] = {}
    for person in people:
        by_unit.setdefault(person.member.unit, []).append(person)
    return render(
        request,
        "forces/roster_people.html",
        {"units": list(by_unit.items()), "count": len(people)},
    )


@event_view()
@require_GET
def roster_run(request: EventRequest) -> HttpResponse:
    """The run's progress: the roster page polls this while the run is active."""
    return render(request, "forces/roster_run.html", _latest_run(request))


@event_view(*PLANNERS)
@require_POST
def roster_start(request: EventRequest) -> HttpResponse:
    try:
        start_run(request.membership)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        messages.error(request, str(error.message))
    return redirect("forces:roster", event=request.event.slug)


@event_view(*PLANNERS)
@require_http_methods(["GET", "POST"])
def assignment_create(request: EventRequest) -> HttpResponse:
    template, membership = "forces/roster_assign.html", request.membership
    if request.method != "POST":
        return render_form(request, template, AssignForm(membership))
    form = AssignForm(membership, request.POST)
    if not form.is_valid():
        return render_form(request, template, form)
    d = form.cleaned_data
    post = access_post_by_id(request.user, request.event, d["post_id"])
    member = visible_members(membership).filter(pk=d["member_id"]).first()
    if member is None:
        raise Http404
    try:
        services.assign(membership, post, member, d["starts_at"], d["ends_at"])
    except DomainError as error:
        return render_form(request, template, form, error=error)
    messages.success(request, _("The shift has been pinned."))
    return redirect("forces:roster_post", event=request.event.slug, pk=post.pk)


@event_view(*PLANNERS)
@require_http_methods(["GET", "POST"])
def assignment_delete(request: EventRequest, pk: int) -> HttpResponse:
    row = _assignments(request).filter(pk=pk).first()
    if row is None:
        raise Http404
    if request.method != "POST":
        question = _("Remove %(name)s's shift at %(post)s?") % {
            "name": row.member.full_name,
            "post": row.post.name,
        }
        return confirm_delete(request, question, "forces:roster")
    services.unassign(request.membership, row)
    messages.success(request, _("The shift has been removed."))
    return redirect("forces:roster", event=request.event.slug)


def _by_day(
    rows: QuerySet[Assignment], request: EventRequest
) -> list[tuple[Any, list[Assignment]]]:
    days: dict[Any, list[Assignment]] = defaultdict(list)
    tz = request.event.tzinfo
    for row in rows:
        days[row.starts_at.astimezone(tz).date()].append(row)
    return sorted(days.items())


@event_view()
@require_GET
def roster_post(request: EventRequest, pk: int) -> HttpResponse:
    """ICS 204 style assignment list of one post, for print."""
    post = access_post_by_id(request.user, request.event, pk)
    rows = _assignments(request).filter(post=post)
    return render(
        request,
        "forces/roster_print.html",
        {"title": str(post), "post": post, "days": _by_day(rows, request), "by": "post"},
    )


@event_view()
@require_GET
def roster_unit(request: EventRequest, pk: int) -> HttpResponse:
    """ICS 204 style assignment list of one unit (in the viewer's scope), for print."""
    unit = access_unit_by_id(request.user, request.event, pk)
    rows = _assignments(request).filter(member__unit=unit)
    return render(
        request,
        "forces/roster_print.html",
        {"title": str(unit), "unit": unit, "days": _by_day(rows, request), "by": "unit"},
    )


@event_view()
@require_GET
def my_schedule(request: EventRequest) -> HttpResponse:
    member = ForceMember.objects.filter(event=request.event, user=request.user).first()
    rows = _assignments(request).filter(member=member) if member else Assignment.objects.none()
    return render(
        request,
        "forces/roster_me.html",
        {"member": member, "days": _by_day(rows.select_related("post__site"), request)},
    )

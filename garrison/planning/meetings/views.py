"""Screens of meetings: the list, one meeting with its review, recording it, decisions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.core.pages import render_form
from garrison.planning.meetings import queries, services
from garrison.planning.meetings.forms import DecisionForm, MeetingForm
from garrison.planning.meetings.models import Meeting
from garrison.planning.roles import PLANNERS

MEETING_FORM = "planning/meeting_form.html"


@event_view()
@require_GET
def meeting_list(request: EventRequest) -> HttpResponse:
    return render(
        request,
        "planning/meeting_list.html",
        {
            "meetings": queries.meetings_of(request.event),
            "can_plan": request.membership.role in PLANNERS,
        },
    )


@event_view(*PLANNERS)
@require_http_methods(["GET", "POST"])
def meeting_create(request: EventRequest) -> HttpResponse:
    membership = request.membership
    if request.method != "POST":
        return render_form(request, MEETING_FORM, MeetingForm(membership))
    form = MeetingForm(membership, request.POST)
    if not form.is_valid():
        return render_form(request, MEETING_FORM, form)
    try:
        meeting = services.create_meeting(membership, form.to_data())
    except DomainError as error:
        return render_form(request, MEETING_FORM, form, error=error)
    messages.success(request, _("The meeting has been recorded."))
    return redirect("planning:meeting", event=request.event.slug, pk=meeting.pk)


def _detail(
    request: EventRequest, meeting: Meeting, form: DecisionForm | None, status: int = 200
) -> HttpResponse:
    can_plan = request.membership.role in PLANNERS
    if form is None and can_plan:
        form = DecisionForm(request.membership, initial={"priority": "high"})
    return render(
        request,
        "planning/meeting_detail.html",
        {
            "meeting": meeting,
            "attendees": meeting.attendees.all(),
            "decisions": meeting.decisions.select_related("task", "task__unit", "task__owner"),
            "review": queries.review(request.membership, meeting),
            "form": form,
            "can_plan": can_plan,
        },
        status=status,
    )


@event_view()
@require_GET
def meeting_detail(request: EventRequest, pk: int) -> HttpResponse:
    meeting = queries.access_meeting_by_id(request.user, request.event, pk)
    return _detail(request, meeting, None)


@event_view(*PLANNERS)
@require_http_methods(["GET", "POST"])
def meeting_edit(request: EventRequest, pk: int) -> HttpResponse:
    meeting = queries.access_meeting_by_id(request.user, request.event, pk)
    membership = request.membership
    context = {"meeting": meeting}
    if request.method != "POST":
        form = MeetingForm(membership, initial=services.meeting_details(meeting))
        return render_form(request, MEETING_FORM, form, context)
    form = MeetingForm(membership, request.POST)
    if not form.is_valid():
        return render_form(request, MEETING_FORM, form, context)
    try:
        services.update_meeting(membership, meeting, form.to_data())
    except DomainError as error:
        return render_form(request, MEETING_FORM, form, context, error=error)
    messages.success(request, _("The meeting has been saved."))
    return redirect("planning:meeting", event=request.event.slug, pk=meeting.pk)


@event_view(*PLANNERS)
@require_POST
def meeting_snapshot(request: EventRequest, pk: int) -> HttpResponse:
    meeting = queries.access_meeting_by_id(request.user, request.event, pk)
    services.take_snapshot(request.membership, meeting)
    messages.success(request, _("The plan's progress has been recorded for this meeting."))
    return redirect("planning:meeting", event=request.event.slug, pk=meeting.pk)


@event_view(*PLANNERS)
@require_POST
def meeting_decision(request: EventRequest, pk: int) -> HttpResponse:
    """A decision becomes a task on the spot; a form with errors comes back on the meeting page."""
    meeting = queries.access_meeting_by_id(request.user, request.event, pk)
    form = DecisionForm(request.membership, request.POST)
    if not form.is_valid():
        return _detail(request, meeting, form, status=400)
    try:
        decision = services.record_decision(
            request.membership, meeting, form.cleaned_data["decision"], form.to_data()
        )
    except DomainError as error:
        if error.status in (403, 404):
            raise
        field = error.field if error.field in form.fields else None
        form.add_error(field, str(error.message))
        return _detail(request, meeting, form, status=400)
    title = decision.task.title if decision.task else ""
    messages.success(request, _("Decision recorded as task “%(title)s”.") % {"title": title})
    return redirect("planning:meeting", event=request.event.slug, pk=meeting.pk)

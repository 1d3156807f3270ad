"""Screens of what is configurable about the roster: its rules, and members' unavailability."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from garrison.accounts.decorators import PLANNERS, EventRequest, event_view
from garrison.core.errors import DomainError, Forbidden
from garrison.core.pages import confirm_delete, render_form
from garrison.forces import availability, posts
from garrison.forces.access import access_member_by_id
from garrison.forces.forms_roster import RulesForm, UnavailabilityForm
from garrison.forces.models import ForceMember, Unavailability
from garrison.forces.views import can_edit
from garrison.forces.views_members import EDITORS

RULES_FORM = "forces/roster_rules.html"
WINDOWS_PAGE = "forces/unavailability.html"


@event_view(*PLANNERS)
@require_http_methods(["GET", "POST"])
def rules_edit(request: EventRequest) -> HttpResponse:
    rules = posts.rules_for(request.event)
    context = {"rules": rules}
    if request.method != "POST":
        fields = RulesForm.base_fields
        form = RulesForm(initial={name: getattr(rules, name) for name in fields})
        return render_form(request, RULES_FORM, form, context)
    form = RulesForm(request.POST)
    if not form.is_valid():
        return render_form(request, RULES_FORM, form, context)
    try:
        posts.update_rules(request.membership, form.to_data())
    except DomainError as error:
        return render_form(request, RULES_FORM, form, context, error=error)
    messages.success(request, _("The roster rules have been saved."))
    return redirect("forces:roster", event=request.event.slug)


def _editable_member(request: EventRequest, pk: int) -> ForceMember:
    member = access_member_by_id(request.user, request.event, pk)
    if not can_edit(request, member.unit_id):
        raise Forbidden(_("Your role in this event does not allow this."))
    return member


@event_view(*EDITORS)
@require_http_methods(["GET", "POST"])
def member_unavailability(request: EventRequest, pk: int) -> HttpResponse:
    """The member's windows, and a form to add one."""
    member = _editable_member(request, pk)
    context = {
        "member": member,
        "windows": Unavailability.objects.filter(member=member),
        "rules": posts.rules_for(request.event),
    }
    if request.method != "POST":
        return render_form(request, WINDOWS_PAGE, UnavailabilityForm(), context)
    form = UnavailabilityForm(request.POST)
    if not form.is_valid():
        return render_form(request, WINDOWS_PAGE, form, context)
    try:
        availability.add_window(request.membership, member, form.to_data())
    except DomainError as error:
        return render_form(request, WINDOWS_PAGE, form, context, error=error)
    messages.success(request, _("The window has been added."))
    return redirect("forces:member_unavailability", event=request.event.slug, pk=member.pk)


@event_view(*EDITORS)
@require_http_methods(["GET", "POST"])
def unavailability_delete(request: EventRequest, pk: int, window: int) -> HttpResponse:
    member = _editable_member(request, pk)
    row = Unavailability.objects.filter(member=member, pk=window).first()
    if row is None:
        raise Http404
    if request.method != "POST":
        question = _("Remove this window of %(name)s's unavailability?") % {
            "name": member.full_name
        }
        return confirm_delete(request, question, "forces:members")
    availability.remove_window(request.membership, row)
    messages.success(request, _("The window has been removed."))
    return redirect("forces:member_unavailability", event=request.event.slug, pk=member.pk)

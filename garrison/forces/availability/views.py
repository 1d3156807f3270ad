"""Screens of a member's unavailability: the windows the roster avoids when it can."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError, Forbidden
from garrison.core.pages import confirm_delete, render_form
from garrison.forces.access import access_member_by_id
from garrison.forces.availability import services
from garrison.forces.availability.forms import UnavailabilityForm
from garrison.forces.models import ForceMember, Unavailability
from garrison.forces.roles import TREE_EDITORS
from garrison.forces.roster.services import rules_for
from garrison.forces.units.views import can_edit

WINDOWS_PAGE = "forces/unavailability.html"


def _editable_member(request: EventRequest, pk: int) -> ForceMember:
    member = access_member_by_id(request.user, request.event, pk)
    if not can_edit(request, member.unit_id):
        raise Forbidden(_("Your role in this event does not allow this."))
    return member


@event_view(*TREE_EDITORS)
@require_http_methods(["GET", "POST"])
def member_unavailability(request: EventRequest, pk: int) -> HttpResponse:
    """The member's windows, and a form to add one."""
    member = _editable_member(request, pk)
    context = {
        "member": member,
        "windows": Unavailability.objects.filter(member=member),
        "rules": rules_for(request.event),
    }
    if request.method != "POST":
        return render_form(request, WINDOWS_PAGE, UnavailabilityForm(), context)
    form = UnavailabilityForm(request.POST)
    if not form.is_valid():
        return render_form(request, WINDOWS_PAGE, form, context)
    try:
        services.add_window(request.membership, member, form.to_data())
    except DomainError as error:
        return render_form(request, WINDOWS_PAGE, form, context, error=error)
    messages.success(request, _("The window has been added."))
    return redirect("forces:member_unavailability", event=request.event.slug, pk=member.pk)


@event_view(*TREE_EDITORS)
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
    services.remove_window(request.membership, row)
    messages.success(request, _("The window has been removed."))
    return redirect("forces:member_unavailability", event=request.event.slug, pk=member.pk)

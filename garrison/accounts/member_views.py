"""Event pages for managing who holds which role, and the event's scanner devices.

Thin views: a form parses the input, a service decides and writes. The event always comes from
the URL via ``event_view``, never from the form, so a posted ``event`` field is never read.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from garrison.accounts import services
from garrison.accounts.access import access_device_by_id, access_membership_by_id
from garrison.accounts.decorators import event_view
from garrison.accounts.forms import AddMemberForm, CreateMemberForm, DeviceForm, RoleUnitForm
from garrison.accounts.models import Device, Membership
from garrison.accounts.roles import DEVICE_MANAGERS, MEMBER_MANAGERS
from garrison.core.errors import DomainError


def _show_error(form: forms.Form, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def _members_page(request: HttpRequest, **forms_: forms.Form) -> HttpResponse:
    event = request.event  # type: ignore[attr-defined]
    rows = (
        Membership.objects.filter(event=event)
        .select_related("user")
        .order_by("role", "user__username")
    )
    context: dict[str, Any] = {
        # One small form per row; auto_id keeps the HTML ids unique across rows.
        "rows": [
            (m, RoleUnitForm(initial={"role": m.role, "unit_id": m.unit_id}, auto_id=f"m{m.pk}_%s"))
            for m in rows
        ],
        "add_form": forms_.get("add_form") or AddMemberForm(),
        "create_form": forms_.get("create_form") or CreateMemberForm(),
    }
    # A form that comes back with errors answers 400, so clients and tests can tell.
    failed = any(form.is_bound and form.errors for form in forms_.values())
    return render(request, "accounts/members.html", context, status=400 if failed else 200)


@require_GET
@event_view(*MEMBER_MANAGERS)
def members(request: HttpRequest) -> HttpResponse:
    return _members_page(request)


@require_POST
@event_view(*MEMBER_MANAGERS)
def member_add(request: HttpRequest) -> HttpResponse:
    form = AddMemberForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_member(
                request.membership,  # type: ignore[attr-defined]
                data["username"],
                data["role"],
                data["unit_id"],
            )
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(request, _("The member was added."))
            return redirect("members:list", event=request.event.slug)  # type: ignore[attr-defined]
    return _members_page(request, add_form=form)


@require_POST
@event_view(*MEMBER_MANAGERS)
def member_create(request: HttpRequest) -> HttpResponse:
    form = CreateMemberForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.create_member(
                request.membership,  # type: ignore[attr-defined]
                data["username"],
                data["password"],
                data["role"],
                data["unit_id"],
                full_name=data["full_name"],
            )
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(request, _("The user was created and added to the event."))
            return redirect("members:list", event=request.event.slug)  # type: ignore[attr-defined]
    return _members_page(request, create_form=form)


@require_POST
@event_view(*MEMBER_MANAGERS)
def member_change(request: HttpRequest, membership_id: int) -> HttpResponse:
    event = request.event  # type: ignore[attr-defined]
    target = access_membership_by_id(request.user, event, membership_id)  # type: ignore[arg-type]
    form = RoleUnitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role, and a unit number if the member has one."))
    else:
        try:
            services.change_membership(
                request.membership,  # type: ignore[attr-defined]
                target,
                form.cleaned_data["role"],
                form.cleaned_data["unit_id"],
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The member's role was saved."))
    return redirect("members:list", event=event.slug)


@require_POST
@event_view(*MEMBER_MANAGERS)
def member_remove(request: HttpRequest, membership_id: int) -> HttpResponse:
    event = request.event  # type: ignore[attr-defined]
    target = access_membership_by_id(request.user, event, membership_id)  # type: ignore[arg-type]
    try:
        services.remove_membership(request.membership, target)  # type: ignore[attr-defined]
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The member was removed from the event."))
    return redirect("members:list", event=event.slug)


# --- Scanner devices ---------------------------------------------------------------------------


def _devices_page(
    request: HttpRequest,
    form: DeviceForm | None = None,
    new_device: Device | None = None,
    token: str = "",
) -> HttpResponse:
    event = request.event  # type: ignore[attr-defined]
    context = {
        "devices": Device.objects.filter(event=event).order_by("revoked_at", "name"),
        "form": form or DeviceForm(),
        "new_device": new_device,
        "token": token,
    }
    failed = form is not None and form.is_bound and bool(form.errors)
    return render(request, "accounts/devices.html", context, status=400 if failed else 200)


@require_GET
@event_view(*DEVICE_MANAGERS)
def devices(request: HttpRequest) -> HttpResponse:
    return _devices_page(request)


@require_POST
@event_view(*DEVICE_MANAGERS)
def device_enrol(request: HttpRequest) -> HttpResponse:
    form = DeviceForm(request.POST)
    if form.is_valid():
        try:
            device, token = services.enrol_device(
                request.membership,  # type: ignore[attr-defined]
                form.cleaned_data["name"],
            )
        except DomainError as error:
            _show_error(form, error)
        else:
            # Rendered, not redirected: the token exists only in this response (no-store), it is
            # never written to the session or the database.
            return _devices_page(request, new_device=device, token=token)
    return _devices_page(request, form=form)


@require_POST
@event_view(*DEVICE_MANAGERS)
def device_revoke(request: HttpRequest, device_id: int) -> HttpResponse:
    event = request.event  # type: ignore[attr-defined]
    device = access_device_by_id(request.user, event, device_id)  # type: ignore[arg-type]
    services.revoke_device(request.membership, device)  # type: ignore[attr-defined]
    messages.success(request, _("The device was revoked. Its token no longer works."))
    return redirect("members:devices", event=event.slug)

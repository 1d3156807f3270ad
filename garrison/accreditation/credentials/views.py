"""Screens for credentials: issue, revoke (lost → new version, withdrawn), the QR, key rotation."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.accreditation.access import access_person_by_id
from garrison.accreditation.credentials import services as credentials
from garrison.accreditation.roles import KEY_MANAGERS, OFFICERS
from garrison.core.errors import DomainError
from garrison.core.qr import qr_svg


@event_view(*OFFICERS)
@require_POST
def credential_action(request: EventRequest, pk: int) -> HttpResponse:
    person = access_person_by_id(request.user, request.event, pk)
    action = request.POST.get("action", "")
    try:
        if action == "issue":
            credential = credentials.issue_credential(request.membership, person)
            messages.success(
                request, _("Badge version %(v)d has been issued.") % {"v": credential.version}
            )
        elif action == "lost":
            new = credentials.revoke_credential(request.membership, person, "lost", reissue=True)
            version = new.version if new else 0
            messages.success(
                request,
                _("The lost badge is revoked; version %(v)d replaces it.") % {"v": version},
            )
        elif action == "withdraw":
            credentials.revoke_credential(request.membership, person, "withdrawn", reissue=False)
            messages.success(request, _("The badge has been revoked."))
        else:
            raise DomainError("invalid_choice", _("Unknown action."))
    except DomainError as error:
        if error.status in (403, 404):
            raise
        messages.error(request, str(error.message))
    return redirect("accreditation:person_edit", event=request.event.slug, pk=person.pk)


@event_view(*OFFICERS)
@require_GET
def credential_qr(request: EventRequest, pk: int) -> HttpResponse:
    person = access_person_by_id(request.user, request.event, pk)
    current = credentials.current_credential(person)
    if current is None:
        raise Http404
    response = HttpResponse(qr_svg(current.code), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@event_view(*KEY_MANAGERS)
@require_POST
def key_rotate(request: EventRequest) -> HttpResponse:
    key = credentials.rotate_key(request.membership)
    messages.success(
        request,
        _("Key %(key)s now signs new badges; badges already issued stay valid.")
        % {"key": key.key_id},
    )
    return redirect("accreditation:categories", event=request.event.slug)

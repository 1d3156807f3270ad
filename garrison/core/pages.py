"""What every app's screens share: turning a DomainError into a form, and the delete question.

Platform code: it knows no event, user or role. The request that ``@event_view`` hands over, with
those typed, is ``accounts.decorators.EventRequest``.
"""

from __future__ import annotations

from typing import Any, Protocol

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from garrison.core.errors import DomainError


class _Slugged(Protocol):
    @property
    def slug(self) -> str: ...


class EventScopedRequest(HttpRequest):
    """A request that an event-scoped view decorator has given its event."""

    event: _Slugged


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show the service's message where it belongs: on its field, else above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def render_form(
    request: HttpRequest,
    template: str,
    form: forms.Form,
    context: dict[str, Any] | None = None,
    *,
    error: DomainError | None = None,
) -> HttpResponse:
    """Render a form page; 400 when it comes back with errors so clients and tests can tell.

    A DomainError that is about access (403, 404) is not a form problem and goes up to the
    middleware, which answers with its own status.
    """
    if error is not None:
        if error.status in (403, 404):
            raise error
        add_domain_error(form, error)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, {"form": form, **(context or {})}, status=status)


def confirm_delete(
    request: EventScopedRequest, question: str, cancel_url_name: str, warning: str = ""
) -> HttpResponse:
    """The page that asks before a delete; its button POSTs back to the same URL."""
    cancel = reverse(cancel_url_name, kwargs={"event": request.event.slug})
    return render(
        request,
        "core/confirm_delete.html",
        {"question": question, "warning": warning, "cancel_url": cancel},
    )

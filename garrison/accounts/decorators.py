"""View decorators that say what a view needs: ``@event_view(*PLANNERS)``, and the request they
hand over."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from garrison.accounts.access import access_event_by_slug, reading_role
from garrison.accounts.mfa import owes_second_factor
from garrison.accounts.models import Membership, User

# COMMANDERS and PLANNERS are declared in roles.py and re-exported: the domain apps import them
# from here together with ``event_view``.
from garrison.accounts.roles import COMMANDERS as COMMANDERS
from garrison.accounts.roles import PLANNERS as PLANNERS
from garrison.accounts.roles import READ_DOWN_PAGES, Role
from garrison.core.logging import security_log
from garrison.core.pages import EventScopedRequest

if TYPE_CHECKING:
    from garrison.events.models import Event

ViewFunc = Callable[..., HttpResponse]
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class EventRequest(EventScopedRequest):
    """The request as ``@event_view`` hands it over: logged in, with the event and membership."""

    user: User
    event: Event
    membership: Membership


def can_plan(request: EventRequest) -> bool:
    """Whether the member may change the plan: pages show their edit links to planners only."""
    return request.membership.role in PLANNERS and request.membership.inherited_from_id is None


def otp_redirect(request: HttpRequest) -> HttpResponse:
    return redirect(f"{reverse('accounts:otp')}?{urlencode({'next': request.get_full_path()})}")


def _may_read_down(request: HttpRequest) -> bool:
    """A reader from a parent event only reads, and only the pages open to it."""
    match = request.resolver_match
    page = match.view_name if match is not None else ""
    return request.method in SAFE_METHODS and page in READ_DOWN_PAGES


def event_view(*roles: Role) -> Callable[[ViewFunc], ViewFunc]:
    """Load the event named by the ``event`` URL argument and check the user's role in it.

    Sets ``request.event`` and ``request.membership`` and activates the event's time zone, so
    every time on the page shows in the event's zone. No roles listed: any member may enter.
    Not a member (or no such event): 404. A member without the role: 403. A command member of
    an ancestor event reads (GET) the pages open to it with the role held there; anything
    else it tries here is 403.
    """

    def decorator(view: ViewFunc) -> ViewFunc:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, event: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            # Before the event is looked up: the rule is per person, not per role (a commander
            # of one event who views another must not act anywhere on the password alone), and
            # a session that owes the second factor must not even learn which events exist
            # (a redirect for a member but 404 for a stranger would tell it).
            if owes_second_factor(request.user, request.session):
                return otp_redirect(request)
            ev, membership = access_event_by_slug(request.user, event)
            if membership.inherited_from_id is not None and not _may_read_down(request):
                security_log.warning(
                    "read-down refused user=%s event=%s from=%s method=%s path=%s",
                    request.user.pk,
                    ev.pk,
                    membership.inherited_from_id,
                    request.method,
                    request.path,
                )
                raise PermissionDenied
            if roles and reading_role(membership) not in roles:
                security_log.warning(
                    "permission denied user=%s event=%s role=%s path=%s",
                    request.user.pk,
                    ev.pk,
                    membership.role,
                    request.path,
                )
                raise PermissionDenied
            request.event = ev  # type: ignore[attr-defined]
            request.membership = membership  # type: ignore[attr-defined]
            timezone.activate(ev.tzinfo)
            try:
                return view(request, *args, **kwargs)
            finally:
                timezone.deactivate()

        return wrapper

    return decorator

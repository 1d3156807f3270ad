"""Who may see which event. Every event-scoped lookup starts here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404
from django.shortcuts import get_object_or_404

from garrison.accounts.models import Device, Membership, User

if TYPE_CHECKING:
    from garrison.events.models import Event


def membership_for(user: User, event: Event) -> Membership | None:
    if not user.is_authenticated or not user.is_active:
        return None
    return Membership.objects.filter(user=user, event=event).first()


def access_event_by_slug(user: User, slug: str) -> tuple[Event, Membership]:
    """The event and the user's membership in it; 404 when the user is not a member.

    404, not 403: an outsider must not learn that an event with this name exists.
    The event is reached through the membership (accounts sits below events).
    """
    if not user.is_authenticated or not user.is_active:
        raise Http404
    membership = (
        Membership.objects.select_related("event").filter(user=user, event__slug=slug).first()
    )
    if membership is None:
        raise Http404
    return membership.event, membership


def events_of(user: User) -> list[tuple[Event, Membership]]:
    if not user.is_authenticated:
        return []
    rows = (
        Membership.objects.filter(user=user).select_related("event").order_by("-event__starts_on")
    )
    return [(m.event, m) for m in rows]


def require_role(membership: Membership, roles: tuple[str, ...]) -> None:
    """Services call this first: the role must be one of ``roles`` (403 with a message)."""
    from django.utils.translation import gettext as _

    from garrison.core.errors import Forbidden

    if membership.role not in roles:
        raise Forbidden(_("Your role in this event does not allow this."))


def access_membership_by_id(user: User, event: Event, membership_id: int) -> Membership:
    """A membership of ``event``, seen by one of its members; anything else is 404."""
    return get_object_or_404(
        Membership.objects.select_related("user", "event"),
        pk=membership_id,
        event=event,
        event__memberships__user=user,
    )


def access_device_by_id(user: User, event: Event, device_id: int) -> Device:
    """A scanner device of ``event``, seen by one of its members; anything else is 404."""
    return get_object_or_404(
        Device.objects.select_related("event"),
        pk=device_id,
        event=event,
        event__memberships__user=user,
    )

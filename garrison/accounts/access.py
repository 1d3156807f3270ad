"""Who may see which event. Every event-scoped lookup starts here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404
from django.shortcuts import get_object_or_404

from garrison.accounts.models import Device, Membership, User
from garrison.accounts.roles import READ_DOWN_ROLES, Role

if TYPE_CHECKING:
    from garrison.events.models import Event


# Deeper than any command chain; a walk up stops here even if a cycle slipped in by hand.
_MAX_DEPTH = 8


def _event_model() -> type[Event]:
    # accounts sits below events: the model is reached through the membership's foreign key.
    model: type[Event] = Membership._meta.get_field("event").related_model  # type: ignore[assignment]
    return model


def inherited_membership(user: User, event: Event) -> Membership | None:
    """A read-only membership derived from the user's command role in an ancestor of ``event``.

    Role VIEWER, never saved, marked with ``inherited_from_id``: ``require_role`` refuses it and
    ``event_view`` lets it read only. Siblings share an ancestor but are never each other's
    ancestor, so a province's command finds nothing here for the next province.
    """
    ancestors: list[int] = []
    parent_id = event.parent_id
    events = _event_model().objects
    while parent_id is not None and parent_id not in ancestors and len(ancestors) < _MAX_DEPTH:
        ancestors.append(parent_id)
        parent_id = events.filter(pk=parent_id).values_list("parent_id", flat=True).first()
    if not ancestors:
        return None
    held = {
        m.event_id: m
        for m in Membership.objects.filter(
            user=user, event_id__in=ancestors, role__in=READ_DOWN_ROLES
        )
    }
    nearest = next((held[pk] for pk in ancestors if pk in held), None)
    if nearest is None:
        return None
    derived = Membership(user=user, event=event, role=Role.VIEWER)
    derived.inherited_from_id = nearest.event_id
    derived.read_role = nearest.role
    return derived


def membership_for(user: User, event: Event) -> Membership | None:
    """The user's membership in ``event``, or the read-only one derived from an ancestor."""
    if not user.is_authenticated or not user.is_active:
        return None
    own = Membership.objects.filter(user=user, event=event).first()
    return own if own is not None else inherited_membership(user, event)


def reader_or_404(user: User, event: Event) -> Membership:
    """The membership through which ``user`` reads ``event`` (its own, or one read down from an
    ancestor's command); 404 for anyone else. Object lookups scope to the event and call this
    instead of joining the event's memberships, which a reader from a parent event has none of."""
    membership = membership_for(user, event)
    if membership is None:
        raise Http404
    return membership


def access_event_by_slug(user: User, slug: str) -> tuple[Event, Membership]:
    """The event and the user's membership in it; 404 when the user is not a member.

    404, not 403: an outsider must not learn that an event with this name exists.
    The event is reached through the membership (accounts sits below events). A member of an
    ancestor event with a command role gets a derived read-only membership (``inherited_membership``).
    """
    if not user.is_authenticated or not user.is_active:
        raise Http404
    membership = (
        Membership.objects.select_related("event").filter(user=user, event__slug=slug).first()
    )
    if membership is None:
        event = _event_model().objects.filter(slug=slug).first()
        membership = inherited_membership(user, event) if event is not None else None
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

    if membership.inherited_from_id is not None:
        raise Forbidden(
            _("You read this event from its parent event; to act here you need a role in it.")
        )
    if membership.role not in roles:
        raise Forbidden(_("Your role in this event does not allow this."))


def reading_role(membership: Membership) -> str:
    """The role a read is judged by: a reader from a parent event reads with the role held there
    (its writes are refused whatever that role, by ``require_role``)."""
    if membership.inherited_from_id is not None and membership.read_role is not None:
        return membership.read_role
    return membership.role


def require_read_role(membership: Membership, roles: tuple[str, ...]) -> None:
    """Reads that not every member may make call this: 403 unless ``reading_role`` is one of
    ``roles``. Never for a write: ``require_role`` is."""
    from django.utils.translation import gettext as _

    from garrison.core.errors import Forbidden

    if reading_role(membership) not in roles:
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

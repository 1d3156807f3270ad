"""The one write of the event tree: placing an event under a parent, never under itself."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.accounts.roles import COMMANDERS
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError, NotFound
from garrison.events.models import Event
from garrison.events.tree import ancestor_ids


def set_parent(membership: Membership, parent_slug: str | None) -> Event:
    """Place the member's event under ``parent_slug`` (or take it out with ``None``).

    The member commands this event and must command the parent too: a province cannot put itself
    under a command that did not agree, nor a centre adopt a province it does not command. A
    parent the member does not command is "not found" (its name must not leak).
    """
    require_role(membership, COMMANDERS)
    event = membership.event
    parent: Event | None = None
    if parent_slug:
        held = (
            Membership.objects.select_related("event")
            .filter(user_id=membership.user_id, event__slug=parent_slug, role__in=COMMANDERS)
            .first()
        )
        if held is None:
            raise NotFound(_("No event with this short name that you command."))
        parent = held.event
        if parent.pk == event.pk or event.pk in ancestor_ids(parent):
            raise DomainError(
                "cycle",
                _("An event cannot be placed under itself or under one of its sub-events."),
                field="parent",
            )
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        before = event.parent_id
        event.parent = parent
        event.save(update_fields=["parent"])
        actor = Actor.of_user(membership.user)
        was, now = {"parent_id": before}, {"parent_id": event.parent_id}
        record(actor, "events.event.parent_set", event, event_id=event.pk, before=was, after=now)
        # Both sides keep the record: the parent's log shows which sub-events joined or left.
        for side in {before, event.parent_id} - {None}:
            record(actor, "events.subevent.changed", event, event_id=side, before=was, after=now)
    return event

"""Reading the audit log: every lookup scoped to one event, for the roles that may read it.

The log itself (``garrison.audit``) sits below accounts and knows no roles; the pages that
read it live here, with the other commander pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from garrison.accounts.access import membership_for
from garrison.accounts.models import User
from garrison.accounts.roles import AUDIT_READERS
from garrison.audit.models import Entry

if TYPE_CHECKING:
    from garrison.events.models import Event


def _check_reader(user: User, event: Event) -> None:
    membership = membership_for(user, event)
    if membership is None:
        raise Http404  # not a member: the event's existence is not confirmed
    if membership.role not in AUDIT_READERS:
        raise PermissionDenied


def entries_of_event(user: User, event: Event) -> QuerySet[Entry]:
    """The event's entries, newest first."""
    _check_reader(user, event)
    return Entry.objects.filter(event_id=event.pk).order_by("-seq")


def access_entry_by_id(user: User, event: Event, entry_id: int) -> Entry:
    """One entry of ``event``; 404 when it belongs to another event (or to none) or is absent."""
    _check_reader(user, event)
    entry = Entry.objects.filter(pk=entry_id, event_id=event.pk).first()
    if entry is None:
        raise Http404
    return entry

"""``access_entry_by_id``: an entry is read only through its own event, by a commander."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from garrison.accounts.audit_log.access import access_entry_by_id, entries_of_event
from garrison.accounts.models import User
from garrison.audit.models import Entry
from garrison.audit.services import SYSTEM, record
from garrison.conftest import make_member
from garrison.events.models import Event


def entry_of(event: Event | None) -> Entry:
    with transaction.atomic():
        return record(SYSTEM, "test.thing.changed", event_id=event.pk if event else None)


def test_commander_reads_an_entry_of_their_event(event: Event, commander: User) -> None:
    entry = entry_of(event)
    assert access_entry_by_id(commander, event, entry.pk) == entry


def test_an_entry_of_another_event_is_404(
    event: Event, other_event: Event, commander: User
) -> None:
    theirs = entry_of(other_event)
    with pytest.raises(Http404):
        access_entry_by_id(commander, event, theirs.pk)


def test_an_entry_of_no_event_is_404(event: Event, commander: User) -> None:
    with pytest.raises(Http404):
        access_entry_by_id(commander, event, entry_of(None).pk)


def test_a_missing_entry_is_404(event: Event, commander: User) -> None:
    with pytest.raises(Http404):
        access_entry_by_id(commander, event, 999_999)


def test_a_commander_of_another_event_gets_404(event: Event, other_event: Event) -> None:
    entry = entry_of(event)
    stranger = make_member(other_event, "commander")
    with pytest.raises(Http404):
        access_entry_by_id(stranger, event, entry.pk)
    with pytest.raises(Http404):
        entries_of_event(stranger, event)


def test_other_roles_are_refused(event: Event, members: dict[str, User]) -> None:
    entry = entry_of(event)
    for role, user in members.items():
        if role == "commander":
            continue
        with pytest.raises(PermissionDenied):
            access_entry_by_id(user, event, entry.pk)


def test_the_event_list_holds_only_its_entries_newest_first(
    event: Event, other_event: Event, commander: User
) -> None:
    first, _theirs, last = entry_of(event), entry_of(other_event), entry_of(event)
    assert list(entries_of_event(commander, event)) == [last, first]
